package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import io.inferyx.launcher.HealthCheck;
import io.inferyx.launcher.ServiceProcess.Launch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The JVM each service runs in as a child process: a small heap, the serial collector, the C1
 * compiler only (two shared cores), and the runtime part of this test JVM's class path.
 *
 * <p>Dozens of service JVMs start during the fault suite, so start-up time is most of its wall
 * time. On JDK 25 and later the services run with an ahead-of-time cache (JEP 483/514): trained
 * once per build of the jars by starting the API and stopping it cleanly, it serves all four
 * services (they share the class path and most of their classes) and roughly halves their start.
 * On JDK 19 to 24 a dynamic CDS archive per service does a smaller share of the same job.
 * {@code -Dinferyx.faults.aot=false} turns both off.
 */
final class ChildJvm {

    private static final List<String> OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");
    private static final Path CACHE_DIR = Path.of("target", "faults-aot");
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);
    private static final FleetService TRAINER = FleetService.API;

    private static final String CLASS_PATH = childClassPath();
    private static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("inferyx.faults.aot", "true"))
            && Stream.of(CLASS_PATH.split(File.pathSeparator)).noneMatch(entry -> Files.isDirectory(Path.of(entry)));
    private static final int FEATURE = Runtime.version().feature();
    private static final boolean AOT = ENABLED && FEATURE >= 25;
    private static final boolean CDS = ENABLED && !AOT && FEATURE >= 19;
    private static final String CACHE_KEY = cacheKey();
    private static final Path AOT_CACHE = CACHE_DIR.resolve("services-" + CACHE_KEY + ".aot");

    private static boolean trained;

    private ChildJvm() {
    }

    /** The class path of a service JVM. */
    static String classPath() {
        return CLASS_PATH;
    }

    /** The JVM options of {@code service}: the fixed ones plus the start-up cache, when there is one. */
    static List<String> options(FleetService service) {
        List<String> options = new ArrayList<>(OPTIONS);
        if (AOT && Files.isRegularFile(AOT_CACHE)) {
            options.add("-XX:AOTCache=" + AOT_CACHE);
        } else if (CDS) {
            try {
                Files.createDirectories(CACHE_DIR);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            options.addAll(List.of("-XX:SharedArchiveFile=" + CACHE_DIR.resolve(service.label() + "-" + CACHE_KEY + ".jsa"),
                    "-XX:+AutoCreateSharedArchive"));
        }
        return options;
    }

    /**
     * Makes sure the AOT cache exists (JDK 25+): when it does not, starts the API against
     * {@code redisUrl} with {@code -XX:AOTCacheOutput} and stops it cleanly, which writes the cache.
     * Runs once per test JVM; a failed training only costs speed.
     */
    static synchronized void train(String redisUrl, PrintStream log) {
        if (!AOT || trained || Files.isRegularFile(AOT_CACHE)) {
            return;
        }
        trained = true;
        removeStaleCaches();
        String prefix = "faults-aot-" + Long.toHexString(System.nanoTime()) + ":";
        List<String> options = new ArrayList<>(OPTIONS);
        options.add("-XX:AOTCacheOutput=" + AOT_CACHE);
        Launch launch = Launch.of(TRAINER, redisUrl)
                .withPorts(FreePorts.next(), FreePorts.next())
                .withClassPath(CLASS_PATH)
                .withJvmOptions(options)
                .withArguments(ProcessFleet.loopbackOnly(TRAINER, List.of("--inferyx.redis.key-prefix=" + prefix,
                        "--inferyx.api.keys=aot-training", "--spring.main.banner-mode=off")));
        long began = System.nanoTime();
        Process training = null;
        try {
            // output to a file, not a pipe: a training JVM whose output is a pipe that this JVM
            // reads fails to assemble its cache at exit (JDK 25)
            training = new ProcessBuilder(launch.command()).redirectErrorStream(true)
                    .redirectOutput(CACHE_DIR.resolve("training.log").toFile()).start();
            Process trainee = training;
            await("AOT training: the API up").atMost(TRAINING_TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> !trainee.isAlive() || HealthCheck.isUp(launch.healthPort()));
            training.destroy();
            training.waitFor(TRAINING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            log.println("[faults] AOT training could not start: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (training != null) {
                training.destroyForcibly();
            }
            deleteKeys(redisUrl, prefix);
        }
        log.println("[faults] AOT cache " + (Files.isRegularFile(AOT_CACHE) ? "trained" : "NOT trained (see "
                + CACHE_DIR.resolve("training.log") + ")") + " in " + (System.nanoTime() - began) / 1_000_000_000 + " s");
    }

    private static void deleteKeys(String redisUrl, String prefix) {
        RedisClient client = RedisClient.create(redisUrl);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(redis::unlink);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Removes the caches of earlier builds (each is some 90 MB). */
    private static void removeStaleCaches() {
        try {
            Files.createDirectories(CACHE_DIR);
            try (Stream<Path> files = Files.list(CACHE_DIR)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names a cache after everything that invalidates it: the JDK, the options and the jars. */
    private static String cacheKey() {
        StringBuilder identity = new StringBuilder(System.getProperty("java.home"))
                .append('\n').append(Runtime.version()).append('\n').append(OPTIONS).append('\n');
        for (String entry : CLASS_PATH.split(File.pathSeparator)) {
            File file = new File(entry);
            identity.append(entry).append(' ').append(file.length()).append(' ').append(file.lastModified()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * This JVM's class path without the launcher's own class directories, which no service needs,
     * and, when the build has copied the runtime class path to {@code target/lib} (the package
     * phase does), without the jars only tests use: the services run on their production class path.
     */
    private static String childClassPath() {
        Set<Path> own = Set.of(location(ChildJvm.class), location(FleetService.class));
        List<String> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> !own.contains(Path.of(entry).toAbsolutePath().normalize()))
                .toList();
        Set<String> runtime = runtimeJarNames();
        List<String> production = entries.stream()
                .filter(e -> Files.isDirectory(Path.of(e)) || runtime.contains(Path.of(e).getFileName().toString()))
                .toList();
        Set<Path> kept = production.stream().map(e -> Path.of(e).toAbsolutePath().normalize())
                .collect(Collectors.toSet());
        boolean servicesKept = Stream.of(FleetService.values()).allMatch(s -> kept.contains(location(s.mainClass())));
        return String.join(File.pathSeparator, servicesKept ? production : entries);
    }

    private static Set<String> runtimeJarNames() {
        Path lib = Path.of("target", "lib");
        if (!Files.isDirectory(lib)) {
            return Set.of();
        }
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.inferyx.launcher;

import io.inferyx.common.redis.EmbeddedRedis;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one-command local run: Redis (the one in {@code INFERYX_REDIS_URL}, else an embedded
 * redis-server), then the four services as child processes of this one. Ctrl-C stops them all
 * gracefully. Without {@code INFERYX_API_KEYS} a random key is made and written to
 * {@code .inferyx/api-key}, so no key ever lives in the repository.
 */
public final class LocalFleet {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Path KEY_FILE = Path.of(".inferyx", "api-key");

    private final PrintStream out = System.out;
    private final List<ServiceProcess> processes = new ArrayList<>();
    private EmbeddedRedis embedded;

    public static void main(String[] args) throws InterruptedException {
        LocalFleet fleet = new LocalFleet();
        Runtime.getRuntime().addShutdownHook(new Thread(fleet::stop, "fleet-stop"));
        int exit = fleet.run(Arrays.asList(args));
        System.exit(exit);
    }

    private int run(List<String> extraArguments) throws InterruptedException {
        Optional<Integer> busy = busyPort();
        if (busy.isPresent()) {
            out.println("[inferyx] port " + busy.get() + " is in use (is Inferyx already running?); not starting");
            return 1;
        }
        String redisUrl = redisUrl();
        String apiKeys = apiKeys();
        List<String> jvm = List.of(System.getenv().getOrDefault("INFERYX_JAVA_OPTS", "-Xmx512m").split("\\s+"));
        for (FleetService service : FleetService.values()) {
            processes.add(ServiceProcess.start(service, redisUrl, jvm, Map.of("INFERYX_API_KEYS", apiKeys),
                    extraArguments, out));
        }
        if (!awaitHealthy()) {
            out.println("[inferyx] the fleet did not come up within " + START_TIMEOUT.toSeconds() + "s; stopping");
            return 1;
        }
        printBanner(redisUrl);
        return awaitFirstExit();
    }

    private static Optional<Integer> busyPort() {
        return Arrays.stream(FleetService.values())
                .flatMap(s -> java.util.stream.Stream.of(s.port(), s.managementPort()))
                .distinct().filter(port -> !isFree(port)).findFirst();
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String redisUrl() {
        Optional<String> configured = Optional.ofNullable(System.getenv("INFERYX_REDIS_URL")).filter(s -> !s.isBlank());
        if (configured.isPresent()) {
            return configured.get();
        }
        embedded = EmbeddedRedis.start();
        out.println("[inferyx] no INFERYX_REDIS_URL: started an embedded redis-server at " + embedded.url());
        return embedded.url();
    }

    private String apiKeys() {
        String configured = System.getenv("INFERYX_API_KEYS");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String key = "local-" + HexFormat.of().formatHex(bytes);
        try {
            Files.createDirectories(KEY_FILE.getParent());
            Files.writeString(KEY_FILE, key);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + KEY_FILE, e);
        }
        return key;
    }

    private boolean awaitHealthy() throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (processes.stream().anyMatch(p -> !p.isAlive())) {
                return false;
            }
            if (processes.stream().allMatch(p -> HealthCheck.isUp(p.service().managementPort()))) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private void printBanner(String redisUrl) {
        boolean generated = System.getenv("INFERYX_API_KEYS") == null || System.getenv("INFERYX_API_KEYS").isBlank();
        String keyHint = generated ? "the API key is in " + KEY_FILE.toAbsolutePath() : "a key from INFERYX_API_KEYS";
        String bearer = generated ? "$(cat .inferyx/api-key)" : "<your key>";
        out.println("""
                [inferyx] ------------------------------------------------------------
                [inferyx] Inferyx is up. Redis: %s
                [inferyx] Send requests to http://localhost:%d/infer (%s)
                [inferyx]   curl -s -X POST http://localhost:%d/infer -H "Authorization: Bearer %s" \\
                [inferyx]        -H "Content-Type: application/json" -d '{"input": "hello", "model_id": "mock"}'
                [inferyx] Metrics: http://localhost:{%d,%d,%d,%d}/actuator/prometheus  - Ctrl-C stops everything.
                [inferyx] ------------------------------------------------------------"""
                .formatted(redisUrl, FleetService.API.port(), keyHint, FleetService.API.port(), bearer,
                        FleetService.API.managementPort(), FleetService.BATCHER.managementPort(),
                        FleetService.WORKER.managementPort(), FleetService.RETRY.managementPort()));
    }

    private int awaitFirstExit() {
        CompletableFuture.anyOf(processes.stream().map(p -> p.process().onExit()).toArray(CompletableFuture[]::new))
                .join();
        processes.stream().filter(p -> !p.isAlive()).forEach(p ->
                out.println("[inferyx] " + p.service().label() + " exited with " + p.process().exitValue() + "; stopping"));
        return 1;
    }

    private synchronized void stop() {
        processes.parallelStream().forEach(p -> p.stop(STOP_GRACE));
        processes.clear();
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }
}

package io.inferyx.launcher.faults;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything one fault scenario needs, started together and torn down together: a fleet of
 * service processes on a Redis under a key prefix of its own, the API client, a load driver and
 * its tally, the invariant check and the ledger. The services' output goes to
 * {@code target/faults/<scenario>/fleet.log}; each scenario's measured counts are appended to
 * {@code target/faults/summary.txt}.
 */
final class FaultRig implements AutoCloseable {

    static final ModelId MOCK = ModelId.of("mock");
    private static final Path ROOT = Path.of("target", "faults");

    final String name;
    final Path dir;
    final String prefix = "faults-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    final RedisKeys keys = new RedisKeys(prefix);
    final RedisCommands<String, String> redis;
    final ProcessFleet fleet;
    final InferyxApi api;
    final Tally tally = new Tally();
    final LoadDriver load;
    final Places places;
    final Ledger ledger;

    private final PrintStream log;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final long started = System.nanoTime();
    private final Thread cleanup;

    private FaultRig(String name, FleetSettings settings, String redisUrl) {
        this.name = name;
        this.dir = ROOT.resolve(name);
        try {
            Files.createDirectories(dir);
            this.log = new PrintStream(new FileOutputStream(dir.resolve("fleet.log").toFile(), false), true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(Duration.ofSeconds(5));
        this.client = RedisClient.create(uri);
        this.connection = client.connect();
        this.redis = connection.sync();
        String apiKey = "faults-" + UUID.randomUUID();
        this.fleet = new ProcessFleet(redisUrl, prefix, apiKey, settings, log, dir.resolve("fleet.log"));
        this.cleanup = new Thread(fleet::close, "fault-fleet-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        this.api = new InferyxApi(fleet.api(), apiKey);
        this.load = new LoadDriver(api, name, tally);
        this.places = new Places(redis, prefix, MOCK.value());
        this.ledger = new Ledger(redis, keys, MOCK, places, api);
    }

    /** A rig on the suite's Redis ({@code INFERYX_TEST_REDIS_URL}, else a container or an embedded one). */
    static FaultRig start(String name, FleetSettings settings) {
        return start(name, settings, TestRedis.url());
    }

    /** A rig on the given Redis, its fleet started and healthy. */
    static FaultRig start(String name, FleetSettings settings, String redisUrl) {
        FaultRig rig = new FaultRig(name, settings, redisUrl);
        try {
            rig.fleet.startAll();
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    static Path logDir(String name) {
        Path dir = ROOT.resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Notes a line in the fleet log, between the services' own lines. */
    void note(String line) {
        log.println("[faults] " + line);
    }

    /** Prints a measured result and appends it to {@code target/faults/summary.txt}. */
    void report(String line) {
        String entry = String.format("%-14s %s (scenario wall time %.0f s)", name, line,
                (System.nanoTime() - started) / 1e9);
        System.out.println("[faults] " + entry);
        note(entry);
        try {
            Files.writeString(ROOT.resolve("summary.txt"), entry + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            load.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fleet.close();
            api.close();
            deleteKeys();
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            log.close();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
        }
    }

    private void deleteKeys() {
        try {
            List<String> keys = new ArrayList<>();
            ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(1000)).forEachRemaining(keys::add);
            for (int i = 0; i < keys.size(); i += 500) {
                redis.unlink(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            System.out.println("[faults] could not delete the keys of " + prefix + ": " + e);
        }
    }
}

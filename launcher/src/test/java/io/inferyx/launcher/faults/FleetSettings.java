package io.inferyx.launcher.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration every service of a fault-test fleet gets (each ignores what is not its own),
 * as a builder over lean defaults: short leases and sweeps so that recovery is quick and bounded,
 * a fast mock model that never fails, small batches, loopback-only listeners.
 */
final class FleetSettings {

    static final Duration LEASE_TTL = Duration.ofSeconds(3);
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(500);

    private final Map<String, String> properties = new LinkedHashMap<>();

    private FleetSettings() {
    }

    static FleetSettings lean() {
        return new FleetSettings()
                .with("inferyx.workers.lease-ttl", LEASE_TTL.toMillis() + "ms")
                .with("inferyx.recovery.sweep-interval", SWEEP_INTERVAL.toMillis() + "ms")
                .with("inferyx.workers.check-interval", "500ms")
                .with("inferyx.workers.min", "1")
                .with("inferyx.workers.max", "4")
                .with("inferyx.workers.stop-timeout", "10s")
                .with("inferyx.models.mock.base-latency", "50ms")
                .with("inferyx.models.mock.per-item-latency", "5ms")
                .with("inferyx.models.mock.failure-rate", "0")
                .with("inferyx.batching.max-batch-size", "4")
                .with("inferyx.batching.max-wait", "50ms")
                .with("inferyx.queue.max-size", "10000")
                .with("inferyx.retry.backoff", "100ms")
                .with("inferyx.retry.max-backoff", "500ms")
                // the mock model only: no ONNX model repository, whatever the working directory holds
                .with("inferyx.models.repository", "target/faults/no-model-repository")
                .with("spring.main.banner-mode", "off");
    }

    FleetSettings with(String property, String value) {
        properties.put(property, value);
        return this;
    }

    /** Each batch of n takes {@code base + n * perItem} (±10 %). */
    FleetSettings mockLatency(String base, String perItem) {
        return with("inferyx.models.mock.base-latency", base).with("inferyx.models.mock.per-item-latency", perItem);
    }

    FleetSettings failureRate(double rate) {
        return with("inferyx.models.mock.failure-rate", Double.toString(rate));
    }

    FleetSettings batches(int maxSize, String maxWait) {
        return with("inferyx.batching.max-batch-size", Integer.toString(maxSize))
                .with("inferyx.batching.max-wait", maxWait);
    }

    FleetSettings workers(int min, int max) {
        return with("inferyx.workers.min", Integer.toString(min)).with("inferyx.workers.max", Integer.toString(max));
    }

    FleetSettings queueMaxSize(int maxSize) {
        return with("inferyx.queue.max-size", Integer.toString(maxSize));
    }

    FleetSettings retries(int maxRetries, String backoff, String maxBackoff) {
        return with("inferyx.retry.max-retries", Integer.toString(maxRetries))
                .with("inferyx.retry.backoff", backoff).with("inferyx.retry.max-backoff", maxBackoff);
    }

    FleetSettings maxRecoveries(int max) {
        return with("inferyx.recovery.max-recoveries", Integer.toString(max));
    }

    String get(String property) {
        return properties.get(property);
    }

    /** The settings as {@code --property=value} arguments. */
    List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        properties.forEach((k, v) -> arguments.add("--" + k + "=" + v));
        return arguments;
    }
}

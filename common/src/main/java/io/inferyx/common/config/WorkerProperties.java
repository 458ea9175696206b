package io.inferyx.common.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The worker pool ({@code inferyx.workers.*}): between {@code min} and {@code max} workers per
 * model, one per {@code jobs-per-worker} jobs of backlog, re-sized every {@code check-interval};
 * it grows at once and shrinks only to the largest size called for during the last
 * {@code scale-down-delay}. A worker's lease lasts {@code lease-ttl} and is renewed a few times
 * within it.
 */
@Validated
@ConfigurationProperties("inferyx.workers")
public record WorkerProperties(
        @DefaultValue("1") @Min(0) @Max(256) int min,
        @DefaultValue("16") @Min(1) @Max(256) int max,
        @DefaultValue("10") @Min(1) int jobsPerWorker,
        @DefaultValue("5s") @NotNull Duration checkInterval,
        @DefaultValue("10s") @NotNull Duration leaseTtl,
        @DefaultValue("30s") @NotNull Duration scaleDownDelay) {

    public WorkerProperties {
        if (min > max) {
            throw new IllegalArgumentException("inferyx.workers.min (" + min + ") must not exceed inferyx.workers.max (" + max + ")");
        }
        BatchingProperties.requirePositive(checkInterval, "inferyx.workers.check-interval");
        if (scaleDownDelay.isNegative()) {
            throw new IllegalArgumentException("inferyx.workers.scale-down-delay must not be negative, was " + scaleDownDelay);
        }
        if (leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("inferyx.workers.lease-ttl must be at least 3s, was " + leaseTtl);
        }
    }
}

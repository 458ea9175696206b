package io.inferyx.worker.model.mock;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The simulated GPU ({@code inferyx.models.mock.*}). A batch of n inputs takes
 * {@code base-latency + n * per-item-latency}, varied by up to {@code jitter} of itself either
 * way; each input fails on its own with probability {@code failure-rate}; a batch larger than
 * {@code capacity} fails as a whole, like a GPU out of memory. {@code seed} makes runs repeatable.
 */
@Validated
@ConfigurationProperties("inferyx.models.mock")
public record MockModelProperties(
        @DefaultValue("100ms") @NotNull Duration baseLatency,
        @DefaultValue("20ms") @NotNull Duration perItemLatency,
        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
        @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double failureRate,
        @DefaultValue("16") @Min(1) int capacity,
        Long seed) {

    public MockModelProperties {
        requireNotNegative(baseLatency, "inferyx.models.mock.base-latency");
        requireNotNegative(perItemLatency, "inferyx.models.mock.per-item-latency");
    }

    private static void requireNotNegative(Duration d, String property) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(property + " must be zero or positive, was " + d);
        }
    }
}

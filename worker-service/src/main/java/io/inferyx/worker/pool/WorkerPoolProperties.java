package io.inferyx.worker.pool;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The worker service's own pool settings, next to the shared {@code inferyx.workers.*} ones:
 * on shutdown, in-flight batches get up to {@code stop-timeout} to finish (keep it below
 * {@code spring.lifecycle.timeout-per-shutdown-phase}); after an error a worker pauses
 * {@code error-backoff}, doubling up to {@code max-error-backoff} while errors persist.
 */
@Validated
@ConfigurationProperties("inferyx.workers")
public record WorkerPoolProperties(
        @DefaultValue("30s") @NotNull Duration stopTimeout,
        @DefaultValue("100ms") @NotNull Duration errorBackoff,
        @DefaultValue("5s") @NotNull Duration maxErrorBackoff) {

    public WorkerPoolProperties {
        requirePositive(stopTimeout, "inferyx.workers.stop-timeout");
        requirePositive(errorBackoff, "inferyx.workers.error-backoff");
        requirePositive(maxErrorBackoff, "inferyx.workers.max-error-backoff");
        if (maxErrorBackoff.compareTo(errorBackoff) < 0) {
            throw new IllegalArgumentException(
                    "inferyx.workers.max-error-backoff must not be shorter than inferyx.workers.error-backoff");
        }
    }

    private static void requirePositive(Duration d, String property) {
        if (d == null || !d.isPositive()) {
            throw new IllegalArgumentException(property + " must be a positive duration, was " + d);
        }
    }
}

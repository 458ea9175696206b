package io.inferyx.common.config;

import io.inferyx.common.retry.Backoff;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Retries ({@code inferyx.retry.*}): a failed job runs again up to {@code max-retries} times,
 * after {@code backoff * 2^(attempt-1)}, capped at {@code max-backoff}, shortened by a random
 * share of up to {@code jitter}. The retry service moves up to {@code promote-batch} due
 * retries at once and, with nothing due, waits at most {@code idle-wait} for a new one (it must
 * stay below the Redis client timeout, {@code spring.data.redis.timeout}).
 */
@Validated
@ConfigurationProperties("inferyx.retry")
public record RetryProperties(
        @DefaultValue("3") @Min(0) @Max(100) int maxRetries,
        @DefaultValue("2s") @NotNull Duration backoff,
        @DefaultValue("30s") @NotNull Duration maxBackoff,
        @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
        @DefaultValue("100") @Min(1) int promoteBatch,
        @DefaultValue("10s") @NotNull Duration idleWait) {

    public RetryProperties {
        BatchingProperties.requirePositive(backoff, "inferyx.retry.backoff");
        BatchingProperties.requirePositive(maxBackoff, "inferyx.retry.max-backoff");
        BatchingProperties.requirePositive(idleWait, "inferyx.retry.idle-wait");
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("inferyx.retry.max-backoff must not be shorter than inferyx.retry.backoff");
        }
    }

    public Backoff toBackoff() {
        return new Backoff(backoff, maxBackoff, jitter);
    }
}

package io.inferyx.common.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Recovery of work held by dead processes ({@code inferyx.recovery.*}): one retry-service
 * replica at a time sweeps every {@code sweep-interval}; a job whose holder died while holding
 * it more than {@code max-recoveries} times fails as a poison pill instead of looping.
 */
@Validated
@ConfigurationProperties("inferyx.recovery")
public record RecoveryProperties(
        @DefaultValue("2s") @NotNull Duration sweepInterval,
        @DefaultValue("3") @Min(0) int maxRecoveries) {

    public RecoveryProperties {
        BatchingProperties.requirePositive(sweepInterval, "inferyx.recovery.sweep-interval");
    }
}

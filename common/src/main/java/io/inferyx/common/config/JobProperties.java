package io.inferyx.common.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Job records ({@code inferyx.jobs.*}): a finished job stays readable for {@code result-ttl};
 * the marker that lets identical requests join a job in flight lapses after {@code in-flight-ttl}
 * even if the job never finishes.
 */
@Validated
@ConfigurationProperties("inferyx.jobs")
public record JobProperties(
        @DefaultValue("1h") @NotNull Duration resultTtl,
        @DefaultValue("1h") @NotNull Duration inFlightTtl) {

    public JobProperties {
        BatchingProperties.requirePositive(resultTtl, "inferyx.jobs.result-ttl");
        BatchingProperties.requirePositive(inFlightTtl, "inferyx.jobs.in-flight-ttl");
    }
}

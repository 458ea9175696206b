package io.inferyx.common.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/** The results cache ({@code inferyx.cache.*}): a finished result is served again for {@code ttl}. */
@Validated
@ConfigurationProperties("inferyx.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("10m") @NotNull Duration ttl) {

    public CacheProperties {
        BatchingProperties.requirePositive(ttl, "inferyx.cache.ttl");
    }

    /** The TTL the scripts write, 0 when caching is off. */
    public long ttlMillisOrZero() {
        return enabled ? ttl.toMillis() : 0;
    }
}

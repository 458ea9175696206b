package io.inferyx.common.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How Inferyx uses Redis ({@code inferyx.redis.*}); the connection itself is configured by the
 * standard {@code spring.data.redis.*} properties (url, password, ssl). {@code block-timeout}
 * bounds every blocking command on the server; it must stay below the client command timeout.
 */
@Validated
@ConfigurationProperties("inferyx.redis")
public record RedisKeyProperties(
        @DefaultValue("inferyx:") @Pattern(regexp = "[A-Za-z0-9:_.-]{1,64}") String keyPrefix,
        @DefaultValue("1s") @NotNull Duration blockTimeout) {

    public RedisKeyProperties {
        BatchingProperties.requirePositive(blockTimeout, "inferyx.redis.block-timeout");
    }
}

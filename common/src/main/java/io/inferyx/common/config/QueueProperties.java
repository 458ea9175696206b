package io.inferyx.common.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Admission ({@code inferyx.queue.*}): at most {@code max-size} accepted, unfinished jobs per
 * model; past that {@code POST /infer} answers 429 with {@code Retry-After: retry-after}.
 */
@Validated
@ConfigurationProperties("inferyx.queue")
public record QueueProperties(
        @DefaultValue("500") @Min(1) int maxSize,
        @DefaultValue("1s") @NotNull Duration retryAfter) {
}

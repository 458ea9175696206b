package io.inferyx.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP API ({@code inferyx.api.*}).
 *
 * @param keys          the accepted bearer keys; env {@code INFERYX_API_KEYS}, comma-separated
 * @param authEnabled   whether requests need {@code Authorization: Bearer <key>}
 * @param maxInputChars the longest input accepted, in characters (Unicode code points); the
 *                      inputs of one request ({@code inputs}) share it
 * @param maxInputs     the most inputs one request may carry in {@code inputs}
 * @param maxWait       the longest a request may wait for its result ({@code ?wait=})
 * @param maxWaiters    how many requests of this process may wait at once; past that a request
 *                      answers at once with the job as it stands, so waiting memory stays bounded
 */
@Validated
@ConfigurationProperties("inferyx.api")
public record ApiProperties(
        @DefaultValue List<String> keys,
        @DefaultValue("true") boolean authEnabled,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxInputChars,
        @DefaultValue("30s") @NotNull Duration maxWait,
        @DefaultValue("10000") @Min(1) int maxWaiters,
        @DefaultValue("64") @Min(1) @Max(1024) int maxInputs) {

    public ApiProperties {
        keys = keys.stream().map(String::strip).filter(key -> !key.isEmpty()).toList();
        if (authEnabled && keys.isEmpty()) {
            throw new IllegalArgumentException("inferyx.api.keys (env INFERYX_API_KEYS, comma-separated) must name "
                    + "at least one API key while inferyx.api.auth-enabled is true");
        }
        if (maxWait != null && maxWait.isNegative()) {
            throw new IllegalArgumentException("inferyx.api.max-wait must not be negative, was " + maxWait);
        }
    }

    /**
     * The largest request body a valid request can need: at most 12 bytes per character (a
     * character outside the BMP written as two JSON escapes of 6 bytes each), plus room for the
     * rest of the object, and 16 bytes per item of {@code inputs} for its quotes, comma and
     * indentation. Larger bodies are refused before they are read to the end.
     */
    public int maxBodyBytes() {
        return 12 * maxInputChars + 16 * maxInputs + 1024;
    }

    /** Never prints the keys: this record may end up in a log or a start-up failure message. */
    @Override
    public String toString() {
        return "ApiProperties[keys=<" + keys.size() + " configured>, authEnabled=" + authEnabled
                + ", maxInputChars=" + maxInputChars + ", maxWait=" + maxWait + ", maxWaiters=" + maxWaiters
                + ", maxInputs=" + maxInputs + "]";
    }
}

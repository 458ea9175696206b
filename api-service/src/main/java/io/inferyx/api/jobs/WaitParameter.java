package io.inferyx.api.jobs;

import io.inferyx.api.ApiProperties;
import io.inferyx.api.web.ApiProblems;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wait} query parameter: how long a request may wait for its job to finish, such as
 * {@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 1m} or ISO-8601 {@code PT2S}; a bare number
 * means seconds. Longer waits are shortened to {@code inferyx.api.max-wait}; no parameter means
 * no waiting.
 */
@Component
public class WaitParameter {

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ms|s|m|h)?");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private final Duration maxWait;
    private final BigDecimal maxWaitNanos;

    public WaitParameter(ApiProperties properties) {
        this.maxWait = properties.maxWait();
        this.maxWaitNanos = nanos(maxWait);
    }

    public Duration parse(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        BigDecimal nanos = nanosOf(value.strip());
        if (nanos.signum() < 0) {
            throw invalid();
        }
        // compared before converting, so that an absurdly long wait is capped rather than overflowing
        return nanos.compareTo(maxWaitNanos) >= 0 ? maxWait : Duration.ofNanos(nanos.longValue());
    }

    private static BigDecimal nanosOf(String value) {
        Matcher simple = SIMPLE.matcher(value);
        if (simple.matches()) {
            long perUnit = NANOS_PER_UNIT.get(simple.group(2) == null ? "s" : simple.group(2));
            return new BigDecimal(simple.group(1)).multiply(BigDecimal.valueOf(perUnit));
        }
        try {
            return nanos(Duration.parse(value));
        } catch (DateTimeParseException e) {
            throw invalid();
        }
    }

    private static BigDecimal nanos(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).scaleByPowerOfTen(9).add(BigDecimal.valueOf(duration.getNano()));
    }

    private static RuntimeException invalid() {
        return ApiProblems.badRequest("wait must be a duration such as 2s, 1.5s or 500ms");
    }
}

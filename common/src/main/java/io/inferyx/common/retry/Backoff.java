package io.inferyx.common.retry;

import java.time.Duration;

/**
 * Exponential backoff with jitter, as a pure function of the attempt number.
 *
 * <p>The delay after failed attempt {@code n} (1-based) is {@code base * 2^(n-1)}, capped at
 * {@code max}, then shortened by up to {@code jitter} of itself so that jobs that failed
 * together do not all come back together. It never exceeds {@code max}.
 */
public record Backoff(Duration base, Duration max, double jitter) {

    public Backoff {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1]");
        }
    }

    /**
     * @param attempt the attempt that just failed, 1 for the first run
     * @param random  a uniform random number in [0, 1)
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1");
        }
        long capped = capped(attempt);
        return Duration.ofMillis(Math.round(capped * (1 - jitter * random)));
    }

    private long capped(int attempt) {
        long baseMs = base.toMillis();
        long maxMs = max.toMillis();
        int doublings = attempt - 1;
        if (doublings >= 62 || baseMs > (maxMs >> doublings)) {
            return maxMs;
        }
        return Math.min(maxMs, baseMs << doublings);
    }
}

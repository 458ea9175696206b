package io.inferyx.worker.pool;

import java.time.Duration;

/**
 * The pause after consecutive errors: {@code initial}, doubling up to {@code max}, back to
 * {@code initial} after a success. Keeps a worker from spinning against an unreachable Redis.
 * Used by one thread only.
 */
final class ErrorBackoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    ErrorBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }

    void reset() {
        next = initial;
    }
}

package io.inferyx.loadtest;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When following requests must stop: never while the load runs; once the drain starts, at its
 * end. After that the run may abandon what is still in flight, whose failures are then no errors.
 */
final class Deadline {

    private final LongSupplier nanoClock;
    private volatile long stopAt;
    private volatile boolean draining;
    private volatile boolean abandoned;

    Deadline(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    void drainFor(Duration drain) {
        stopAt = nanoClock.getAsLong() + drain.toNanos();
        draining = true;
    }

    /** {@code wait}, shortened to what is left of the drain; zero once the drain is over. */
    Duration cap(Duration wait) {
        if (!draining) {
            return wait;
        }
        long left = Math.max(0, stopAt - nanoClock.getAsLong());
        return left < wait.toNanos() ? Duration.ofNanos(left) : wait;
    }

    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }
}

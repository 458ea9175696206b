package io.inferyx.worker;

import java.time.Duration;

/** Waits for a while. Injected wherever code sleeps, so that unit tests need not. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** The real thing; a zero or negative duration returns at once. */
    static Sleeper system() {
        return duration -> {
            if (duration.isPositive()) {
                Thread.sleep(duration);
            }
        };
    }
}

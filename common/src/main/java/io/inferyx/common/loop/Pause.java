package io.inferyx.common.loop;

import java.time.Duration;

/**
 * A wait until a due time that another thread can cut short: a loop step that has nothing to
 * do until later waits here instead of polling, and {@link #wake()} ends the wait at shutdown.
 */
public final class Pause {

    private boolean woken;

    public synchronized void await(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (!woken) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized void wake() {
        woken = true;
        notifyAll();
    }
}

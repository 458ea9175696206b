package io.inferyx.worker.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Grow at once, shrink slowly: the pool size is the largest size the backlog called for during
 * the last {@code delay}. A backlog that swings from check to check (batches drain it in bursts)
 * would otherwise start and stop workers every check, each start a thread and a Redis connection.
 */
final class ScaleDownDelay {

    private record Call(Instant at, int size) {
    }

    private final Duration delay;
    private final Deque<Call> recent = new ArrayDeque<>();

    ScaleDownDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the scale-down delay must not be negative, was " + delay);
        }
        this.delay = delay;
    }

    /** The size to run now, given the size the backlog calls for at {@code now}. */
    int size(int calledFor, Instant now) {
        while (!recent.isEmpty() && recent.peekLast().size() <= calledFor) {
            recent.removeLast(); // a smaller or equal call can never be the largest again
        }
        recent.addLast(new Call(now, calledFor));
        while (recent.peekFirst().at().isBefore(now.minus(delay))) {
            recent.removeFirst();
        }
        return recent.peekFirst().size();
    }
}

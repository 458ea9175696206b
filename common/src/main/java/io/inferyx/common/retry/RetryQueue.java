package io.inferyx.common.retry;

import java.time.Duration;
import java.util.Optional;

/** One model's retry set, as the retry service sees it. */
public interface RetryQueue extends AutoCloseable {

    /** Moves due retries back to the model queue atomically. */
    Promotion promoteDue();

    /** Blocks until a retry is scheduled or {@code timeout} passes. */
    void awaitScheduled(Duration timeout);

    @Override
    void close();

    /**
     * @param moved     jobs moved back to the queue
     * @param due       due entries looked at (moved, or dropped because they were no longer retrying)
     * @param nextDueIn time until the next entry is due; empty when the set is empty
     */
    record Promotion(int moved, int due, Optional<Duration> nextDueIn) { }
}

package io.inferyx.batcher;

import io.inferyx.common.batch.Forming;

import java.time.Duration;

/**
 * When a batch in the making is released: as soon as it is full, or when its oldest job has
 * waited {@code maxWait}. Until then the batcher waits for more jobs, at most the time left.
 */
public record BatchPolicy(int maxBatchSize, Duration maxWait) {

    /** What the batcher does next. */
    public sealed interface Decision {
    }

    /** Release the batch now. */
    public record Seal() implements Decision {
    }

    /** Wait for more jobs, at most {@code remaining}. */
    public record Wait(Duration remaining) implements Decision {
    }

    /** Nothing to batch: wait for the first job. */
    public record Idle() implements Decision {
    }

    public Decision decide(Forming forming) {
        if (forming.size() == 0) {
            return new Idle();
        }
        if (forming.size() >= maxBatchSize || forming.oldestAge().compareTo(maxWait) >= 0) {
            return new Seal();
        }
        return new Wait(maxWait.minus(forming.oldestAge()));
    }
}

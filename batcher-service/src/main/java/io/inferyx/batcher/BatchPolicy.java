package io.inferyx.batcher;

import io.inferyx.common.batch.Forming;

import java.time.Duration;

/**
 * When a batch in the making is released: as soon as it is full, or when its oldest job has
 * waited {@code maxWait} and no sealed batch of the model is still waiting for a worker. Until
 * then the batcher waits for more jobs, at most the time left.
 *
 * <p>Holding a partial batch past {@code maxWait} while sealed batches wait costs its jobs
 * nothing: the workers are behind, so a batch sealed now would only wait in line, smaller. At
 * saturation this keeps batches full (throughput) instead of sealing every {@code maxWait}.
 */
public record BatchPolicy(int maxBatchSize, Duration maxWait) {

    /** How often a held batch looks again whether the workers have caught up. */
    static final Duration HOLD_RECHECK = Duration.ofMillis(5);

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
        if (forming.size() >= maxBatchSize) {
            return new Seal();
        }
        if (forming.oldestAge().compareTo(maxWait) < 0) {
            return new Wait(maxWait.minus(forming.oldestAge()));
        }
        return forming.batchesWaiting() == 0 ? new Seal() : new Wait(shorter(maxWait, HOLD_RECHECK));
    }

    static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

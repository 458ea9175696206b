package io.inferyx.batcher;

import io.inferyx.common.batch.Forming;

import java.time.Duration;

/**
 * When a batch in the making is released: as soon as it is full, or when its oldest job has
 * waited {@code maxWait} and no sealed batch of the model is still waiting for a worker. Until
 * then the batcher waits for more jobs, at most the time left.
 *
 * <p>While a sealed batch waits for a worker, the workers are behind: a batch sealed now would
 * only wait in line. So a partial batch is then held, past {@code maxWait} too, and the batcher
 * looks again every {@link #HOLD_RECHECK} instead of waking for each job that arrives. At
 * saturation this keeps batches full (throughput) and costs the batcher one look per recheck
 * instead of a wake-up and a round trip to Redis per job.
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

    /** Wait for more jobs, at most {@code remaining}, waking as soon as one arrives. */
    public record Wait(Duration remaining) implements Decision {
    }

    /** Sealed batches wait for a worker: pause for {@code pause} without watching for jobs, then look again. */
    public record Hold(Duration pause) implements Decision {
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
        if (forming.batchesWaiting() > 0) {
            return new Hold(shorter(maxWait, HOLD_RECHECK));
        }
        if (forming.oldestAge().compareTo(maxWait) < 0) {
            return new Wait(maxWait.minus(forming.oldestAge()));
        }
        return new Seal();
    }

    static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

package io.inferyx.common.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One worker's view of one model's batches. */
public interface WorkQueue extends AutoCloseable {

    /** Moves the oldest waiting batch into this worker's processing list, waiting up to {@code timeout}. */
    Optional<Batch> claim(Duration timeout);

    /** Marks the jobs of a claimed batch running; empty when the batch is no longer this worker's. */
    List<RunningJob> start(Batch batch);

    /**
     * Takes the oldest waiting batch into this worker's processing list and starts it, in one
     * atomic step and without waiting for a batch: empty when none waits. Sent right after
     * {@link #finishAsync}, it shares that finish's round trip to Redis.
     */
    Optional<StartedBatch> takeNext();

    /**
     * Writes every job's settlement and releases the batch, in one atomic step. Sent again for a
     * batch it already settled (the first reply was lost), it writes nothing and reports
     * {@link FinishReport.Outcome#REPEATED} with the first finish's counts; for a batch the worker no
     * longer holds, {@link FinishReport.Outcome#NOT_OWNED}.
     */
    FinishReport finish(Batch batch, List<RunningJob> started, List<Settlement> settlements);

    /**
     * {@link #finish}, sent without waiting for its reply; what this queue sends next runs after it.
     * Finishing is idempotent, so a finish whose reply failed may be sent again.
     */
    CompletableFuture<FinishReport> finishAsync(Batch batch, List<RunningJob> started, List<Settlement> settlements);

    @Override
    void close();
}

package io.inferyx.common.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One worker's view of one model's batches. */
public interface WorkQueue extends AutoCloseable {

    /** Moves the oldest waiting batch into this worker's processing list, waiting up to {@code timeout}. */
    Optional<Batch> claim(Duration timeout);

    /**
     * Starts moving the oldest waiting batch into this worker's processing list without waiting
     * for one to arrive: the answer (empty when no batch waits) comes while the worker runs the
     * model on its current batch, so the next batch costs it no round trip. The worker must wait
     * for the answer before its next {@link #claim}, and must run or hand back what it claimed.
     */
    CompletableFuture<Optional<Batch>> claimAhead();

    /** Marks the jobs of a claimed batch running; empty when the batch is no longer this worker's. */
    List<RunningJob> start(Batch batch);

    /** Writes every job's settlement and releases the batch, in one atomic step. */
    FinishReport finish(Batch batch, List<RunningJob> started, List<Settlement> settlements);

    @Override
    void close();
}

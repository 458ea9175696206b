package io.inferyx.common.batch;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One worker's view of one model's batches. */
public interface WorkQueue extends AutoCloseable {

    /** Moves the oldest waiting batch into this worker's processing list, waiting up to {@code timeout}. */
    Optional<Batch> claim(Duration timeout);

    /** Marks the jobs of a claimed batch running; empty when the batch is no longer this worker's. */
    List<RunningJob> start(Batch batch);

    /** Writes every job's settlement and releases the batch, in one atomic step. */
    FinishReport finish(Batch batch, List<RunningJob> started, List<Settlement> settlements);

    @Override
    void close();
}

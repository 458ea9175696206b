package io.inferyx.common.batch;

import java.time.Duration;

/**
 * One batcher's view of one model queue. Jobs move from the queue into the batcher's forming
 * list in Redis (never only into memory), and leave it as one batch record.
 */
public interface BatchQueue extends AutoCloseable {

    /** Moves queued jobs into the forming list up to a full batch; answers what it now holds. */
    Forming fill();

    /** Turns the forming list into a batch for the workers; answers the number of jobs in it. */
    int seal(String batchId);

    /**
     * Blocks until a job arrives (and moves it into the forming list) or {@code timeout} passes.
     * An idle batcher waits here, on the Redis server, using no CPU.
     */
    void awaitJob(Duration timeout);

    @Override
    void close();
}

package io.inferyx.common.batch;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.RetryQueue;

/** Opens the per-loop views of the queues; each holds its own blocking connection. */
public interface JobQueues {

    BatchQueue batchQueue(ModelId model, HolderId batcher, int maxBatchSize);

    WorkQueue workQueue(ModelId model, HolderId worker);

    RetryQueue retryQueue(ModelId model, int promoteBatch);
}

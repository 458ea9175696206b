package io.inferyx.common.redis;

import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.config.CacheProperties;
import io.inferyx.common.config.JobProperties;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.RetryQueue;

/** Opens Redis-backed queue views, each on a dedicated connection for its blocking command. */
public final class RedisJobQueues implements JobQueues {

    private final RedisKeys keys;
    private final Scripts scripts;
    private final RedisConnections connections;
    private final JobProperties jobs;
    private final CacheProperties cache;

    public RedisJobQueues(RedisKeys keys, Scripts scripts, RedisConnections connections,
                          JobProperties jobs, CacheProperties cache) {
        this.keys = keys;
        this.scripts = scripts;
        this.connections = connections;
        this.jobs = jobs;
        this.cache = cache;
    }

    @Override
    public BatchQueue batchQueue(ModelId model, HolderId batcher, int maxBatchSize) {
        return new RedisBatchQueue(keys, scripts, connections.dedicated(), model, batcher, maxBatchSize);
    }

    @Override
    public WorkQueue workQueue(ModelId model, HolderId worker) {
        return new RedisWorkQueue(keys, scripts, connections.dedicated(), model, worker, jobs, cache);
    }

    @Override
    public RetryQueue retryQueue(ModelId model, int promoteBatch) {
        return new RedisRetryQueue(keys, scripts, connections.dedicated(), model, promoteBatch);
    }
}

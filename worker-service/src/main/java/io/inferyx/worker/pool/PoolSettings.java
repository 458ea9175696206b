package io.inferyx.worker.pool;

import io.inferyx.common.config.RedisKeyProperties;
import io.inferyx.common.config.WorkerProperties;

import java.time.Duration;

/**
 * How one pool runs: its scaling bounds, how often it re-sizes and how slowly it shrinks, its
 * workers' lease, how long a stop waits for in-flight batches, and how each worker behaves.
 */
public record PoolSettings(ScalingPolicy scaling, Duration checkInterval, Duration scaleDownDelay, Duration leaseTtl,
                           Duration stopTimeout, Worker.Settings worker) {

    public static PoolSettings of(WorkerProperties workers, WorkerPoolProperties pool, RedisKeyProperties redis) {
        return new PoolSettings(new ScalingPolicy(workers.min(), workers.max(), workers.jobsPerWorker()),
                workers.checkInterval(), workers.scaleDownDelay(), workers.leaseTtl(), pool.stopTimeout(),
                new Worker.Settings(redis.blockTimeout(), pool.errorBackoff(), pool.maxErrorBackoff()));
    }

    /** These settings with the pool bounds of one model of the repository, where it sets them. */
    public PoolSettings forModel(io.inferyx.common.models.ModelConfig model) {
        int min = model.minWorkers() != null ? model.minWorkers() : scaling.min();
        int max = model.maxWorkers() != null ? model.maxWorkers() : scaling.max();
        if (model.minWorkers() == null && min > max) {
            min = max;
        }
        if (model.maxWorkers() == null && max < min) {
            max = min;
        }
        return new PoolSettings(new ScalingPolicy(min, max, scaling.jobsPerWorker()), checkInterval, scaleDownDelay,
                leaseTtl, stopTimeout, worker);
    }

    /** Renew a few times per lease period, so one late or failed renewal does not lose the lease. */
    public Duration heartbeatInterval() {
        return leaseTtl.dividedBy(3);
    }
}

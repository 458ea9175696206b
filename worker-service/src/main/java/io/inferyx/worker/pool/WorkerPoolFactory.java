package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.worker.Sleeper;
import io.inferyx.worker.metrics.WorkerMetrics;
import io.inferyx.worker.model.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** Builds the {@link WorkerPool} of a served model, wired to the shared Redis ports. */
public final class WorkerPoolFactory {

    private final ModelCatalog models;
    private final JobQueues queues;
    private final Leases leases;
    private final JobStore jobs;
    private final PoolSettings settings;
    private final RetryPolicy retryPolicy;
    private final MeterRegistry registry;
    private final Clock clock;
    private final HolderIds holderIds;

    public WorkerPoolFactory(ModelCatalog models, JobQueues queues, Leases leases, JobStore jobs, PoolSettings settings,
                             RetryPolicy retryPolicy, MeterRegistry registry, Clock clock, HolderIds holderIds) {
        this.models = models;
        this.queues = queues;
        this.leases = leases;
        this.jobs = jobs;
        this.settings = settings;
        this.retryPolicy = retryPolicy;
        this.registry = registry;
        this.clock = clock;
        this.holderIds = holderIds;
    }

    /** The pool of {@code model}; fails when this process has no implementation of the model. */
    public WorkerPool create(ModelId model) {
        WorkerMetrics metrics = new WorkerMetrics(registry, model);
        BatchRunner runner = new BatchRunner(models.require(model), retryPolicy, metrics);
        WorkerPool.WorkerFactory workers = (id, lease) -> new Worker(id, queues.workQueue(model, id), lease, runner,
                metrics, clock, settings.worker(), Sleeper.system());
        return new WorkerPool(model, settings, leases, jobs, workers, holderIds, metrics);
    }
}

package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelReadiness;
import io.inferyx.common.models.ModelRepository;
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
    private final ModelRepository repository;
    private final ModelReadiness readiness;

    public WorkerPoolFactory(ModelCatalog models, JobQueues queues, Leases leases, JobStore jobs, PoolSettings settings,
                             RetryPolicy retryPolicy, MeterRegistry registry, Clock clock, HolderIds holderIds) {
        this(models, queues, leases, jobs, settings, retryPolicy, registry, clock, holderIds, ModelRepository.empty(),
                null);
    }

    public WorkerPoolFactory(ModelCatalog models, JobQueues queues, Leases leases, JobStore jobs, PoolSettings settings,
                             RetryPolicy retryPolicy, MeterRegistry registry, Clock clock, HolderIds holderIds,
                             ModelRepository repository, ModelReadiness readiness) {
        this.repository = repository;
        this.readiness = readiness;
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
        PoolSettings own = repository.find(model).map(settings::forModel).orElse(settings);
        WorkerPool.WorkerFactory workers = (id, lease) -> new Worker(id, queues.workQueue(model, id), lease, runner,
                metrics, clock, own.worker(), Sleeper.system());
        WorkerPool pool = new WorkerPool(model, own, leases, jobs, workers, holderIds, metrics);
        if (readiness != null) {
            // the model is loaded and warmed up before any pool starts: a running pool is a ready model
            String process = holderIds.holder("pool").value();
            pool.onHeartbeat(() -> readiness.markReady(model, process, own.leaseTtl()),
                    () -> readiness.clear(model, process));
        }
        return pool;
    }
}

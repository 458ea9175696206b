package io.inferyx.batcher;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.BatchingProperties;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.RedisKeyProperties;
import io.inferyx.common.config.WorkerProperties;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.loop.ServiceLoop;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One batching loop per served model, started and stopped with the application. */
@Component
class Batchers implements SmartLifecycle {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final List<ServiceLoop> loops = new ArrayList<>();

    Batchers(ModelsProperties models, BatchingProperties batching, WorkerProperties workers,
             RedisKeyProperties redis, JobQueues queues, Leases leases, Clock clock, MeterRegistry meters) {
        for (ModelId model : models.ids()) {
            HolderId holder = HolderIds.of("batcher");
            int maxBatchSize = batching.maxBatchSize(model);
            BatchPolicy policy = new BatchPolicy(maxBatchSize, batching.maxWait(model));
            ModelBatcher step = new ModelBatcher(model, holder, queues.batchQueue(model, holder, maxBatchSize),
                    policy, leases, workers.leaseTtl(), redis.blockTimeout(), clock, meters);
            loops.add(new ServiceLoop("batcher-" + model, step, STOP_TIMEOUT));
        }
    }

    @Override
    public void start() {
        loops.forEach(ServiceLoop::start);
    }

    @Override
    public void stop() {
        loops.parallelStream().forEach(ServiceLoop::stop);
    }

    @Override
    public boolean isRunning() {
        return loops.stream().anyMatch(ServiceLoop::isRunning);
    }
}

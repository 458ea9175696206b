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
import io.inferyx.common.loop.ServiceLoops;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One batching loop per served model, started and stopped with the application. */
@Configuration(proxyBeanMethods = false)
class BatcherConfiguration {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ServiceLoops batchers(ModelsProperties models, BatchingProperties batching, WorkerProperties workers,
                          RedisKeyProperties redis, JobQueues queues, Leases leases, Clock clock,
                          MeterRegistry meters) {
        HolderIds holders = HolderIds.forThisProcess();
        List<ServiceLoop> loops = new ArrayList<>();
        for (ModelId model : models.ids()) {
            HolderId holder = holders.holder(model + "-batcher");
            int maxBatchSize = batching.maxBatchSize(model);
            BatchPolicy policy = new BatchPolicy(maxBatchSize, batching.maxWait(model));
            ModelBatcher step = new ModelBatcher(model, holder, queues.batchQueue(model, holder, maxBatchSize),
                    policy, leases, workers.leaseTtl(), redis.blockTimeout(), clock, meters);
            loops.add(new ServiceLoop("batcher-" + model, step, STOP_TIMEOUT));
        }
        return new ServiceLoops(loops);
    }
}

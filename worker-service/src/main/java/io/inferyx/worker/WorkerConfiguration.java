package io.inferyx.worker;

import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.ModelsProperties;
import io.inferyx.common.config.RedisKeyProperties;
import io.inferyx.common.models.ModelReadiness;
import io.inferyx.common.models.ModelRepository;
import io.inferyx.common.models.ModelRepositoryConfiguration;
import io.inferyx.common.config.RetryProperties;
import io.inferyx.common.config.WorkerProperties;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelCatalog;
import io.inferyx.worker.model.mock.MockModel;
import io.inferyx.worker.model.onnx.OnnxModels;
import io.inferyx.worker.model.mock.MockModelProperties;
import io.inferyx.common.batch.HolderIds;
import io.inferyx.worker.pool.PoolSettings;
import io.inferyx.worker.pool.WorkerPoolFactory;
import io.inferyx.worker.pool.WorkerPoolProperties;
import io.inferyx.worker.pool.WorkerPoolRegistrar;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The models, and a worker pool per served model. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MockModelProperties.class, WorkerPoolProperties.class})
@Import({WorkerPoolRegistrar.class, ModelRepositoryConfiguration.class})
class WorkerConfiguration {

    @Bean
    MockModel mockModel(MockModelProperties properties) {
        return new MockModel(properties, Sleeper.system());
    }

    /** The ONNX models of the repository that this fleet serves, loaded and warmed up before any pool starts. */
    @Bean(destroyMethod = "close")
    OnnxModels onnxModels(ModelRepository repository, ModelsProperties served) {
        return new OnnxModels(repository, Set.copyOf(served.ids()));
    }

    @Bean
    ModelCatalog modelCatalog(List<InferenceModel> models, OnnxModels onnx) {
        List<InferenceModel> all = new ArrayList<>(models);
        all.addAll(onnx.models());
        return new ModelCatalog(all);
    }

    @Bean
    RetryPolicy retryPolicy(RetryProperties retry) {
        // ThreadLocalRandom.current() must be called on the thread that draws
        return new RetryPolicy(retry.maxRetries(), retry.toBackoff(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Bean
    WorkerPoolFactory workerPoolFactory(ModelCatalog models, JobQueues queues, Leases leases, JobStore jobs,
                                        WorkerProperties workers, WorkerPoolProperties pool, RedisKeyProperties redis,
                                        RetryPolicy retryPolicy, MeterRegistry registry, Clock clock,
                                        ModelRepository repository, ModelReadiness readiness) {
        return new WorkerPoolFactory(models, queues, leases, jobs, PoolSettings.of(workers, pool, redis), retryPolicy,
                registry, clock, HolderIds.forThisProcess(), repository, readiness);
    }
}

package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.WorkerProperties;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelConfig;
import io.inferyx.common.models.ModelReadiness;
import io.inferyx.common.models.ModelRepository;
import io.inferyx.common.redis.RedisModelReadiness;
import io.inferyx.common.retry.Backoff;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelCatalog;
import io.inferyx.worker.model.ModelOutput;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every model has a pool of its own, sized by its own bounds: a model stuck on a batch does not
 * hold up another model's jobs, and each running pool marks its model ready.
 */
class PerModelPoolsIT {

    private static final ModelId SLOW = ModelId.of("slow");
    private static final ModelId FAST = ModelId.of("fast");

    @TempDir
    Path repositoryDir;
    private final RedisFixture redis = new RedisFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<WorkerPool> pools = new ArrayList<>();

    @AfterEach
    void stop() {
        release.countDown();
        pools.forEach(WorkerPool::stop);
        redis.close();
    }

    @Test
    void aStuckModelDoesNotStarveAnotherAndEachPoolHasItsOwnBoundsAndReadiness() throws IOException {
        write("slow", "type=embedding\nworkers.min=1\nworkers.max=1\n");
        write("fast", "type=embedding\nworkers.min=2\nworkers.max=3\n");
        ModelRepository repository = ModelRepository.load(repositoryDir);
        ModelReadiness readiness = new RedisModelReadiness(redis.keys(), redis.redis(), Clock.systemUTC());
        InferenceModel slow = model(SLOW, true);
        InferenceModel fast = model(FAST, false);
        WorkerPoolFactory factory = new WorkerPoolFactory(new ModelCatalog(List.of(slow, fast)), redis.queues(),
                leases(), redis.jobs(), redis.settings(new WorkerProperties(1, 8, 10, Duration.ofMinutes(1),
                Duration.ofSeconds(10), Duration.ofSeconds(30))), new RetryPolicy(0, new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 0),
                () -> 0.0), new SimpleMeterRegistry(), Clock.systemUTC(), new HolderIds("it"), repository, readiness);

        List<JobId> slowJobs = redis.submit(SLOW, List.of("s1", "s2", "s3"));
        redis.batchAll(SLOW, 1);
        List<JobId> fastJobs = redis.submit(FAST, List.of("f1", "f2", "f3", "f4"));
        redis.batchAll(FAST, 2);
        WorkerPool slowPool = factory.create(SLOW);
        WorkerPool fastPool = factory.create(FAST);
        pools.add(slowPool);
        pools.add(fastPool);
        slowPool.start();
        fastPool.start();

        // the slow model's only worker is stuck on its first batch; the fast model finishes regardless
        redis.awaitStatus(fastJobs, JobStatus.DONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> slowJobs.stream()
                .filter(id -> redis.job(id).status() == JobStatus.RUNNING).count() == 1);
        assertThat(slowJobs).noneMatch(id -> redis.job(id).status() == JobStatus.DONE);
        assertThat(slowPool.activeWorkers()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> fastPool.activeWorkers() == 2);
        assertThat(readiness.readyProcesses(SLOW)).isEqualTo(1);
        assertThat(readiness.readyProcesses(FAST)).isEqualTo(1);

        release.countDown();
        redis.awaitStatus(slowJobs, JobStatus.DONE);

        fastPool.stop();
        assertThat(readiness.readyProcesses(FAST)).isZero();
        assertThat(readiness.readyProcesses(SLOW)).isEqualTo(1);
    }

    @Test
    void repositoryBoundsOverrideTheGlobalOnes() throws IOException {
        write("fast", "type=embedding\nworkers.max=3\n");
        ModelConfig config = ModelRepository.load(repositoryDir).find(FAST).orElseThrow();
        PoolSettings global = redis.settings(new WorkerProperties(4, 16, 10, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofSeconds(30)));
        PoolSettings own = global.forModel(config);
        assertThat(own.scaling().max()).isEqualTo(3);
        assertThat(own.scaling().min()).isEqualTo(3); // the global minimum, capped by the model's maximum
        assertThat(own.scaling().jobsPerWorker()).isEqualTo(10);
    }

    private Leases leases() {
        // the fixture's context holds the Leases adapter
        return redis.leases();
    }

    private void write(String model, String config) throws IOException {
        Files.createDirectories(repositoryDir.resolve(model));
        Files.writeString(repositoryDir.resolve(model).resolve("model.properties"), config);
    }

    private InferenceModel model(ModelId id, boolean blocks) {
        return new InferenceModel() {
            @Override
            public ModelId id() {
                return id;
            }

            @Override
            public List<ModelOutput> infer(List<String> inputs) {
                if (blocks) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return inputs.stream().map(i -> ModelOutput.success("\"" + id + ":" + i + "\"")).toList();
            }
        };
    }
}

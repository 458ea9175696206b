package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.InferyxConfiguration;
import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.config.RedisKeyProperties;
import io.inferyx.common.config.WorkerProperties;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.config.CacheProperties;
import io.inferyx.common.config.JobProperties;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.redis.RedisJobQueues;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.redis.Scripts;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.common.testing.TestRedis;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelCatalog;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared Redis ports of common against the real test Redis, under a key prefix of their
 * own, plus the steps of the other services a worker test needs: submitting jobs and batching.
 */
final class RedisFixture implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    /** Only the Redis connection and common's adapters; deliberately not a component. */
    @Import(InferyxConfiguration.class)
    @ImportAutoConfiguration(DataRedisAutoConfiguration.class)
    static class RedisPorts {
    }

    RedisFixture() {
        context = new SpringApplicationBuilder(RedisPorts.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("spring.data.redis.url=" + TestRedis.url(),
                        "inferyx.redis.key-prefix=" + TestRedis.uniquePrefix(),
                        // short blocking claims: stopping a pool waits for them
                        "inferyx.redis.block-timeout=200ms")
                .run();
    }

    /** Queues whose blocking claims go through {@code blocking} while their scripts use this fixture's connection. */
    JobQueues queuesClaimingThrough(RedisConnections blocking) {
        return new RedisJobQueues(keys(), context.getBean(Scripts.class), blocking, context.getBean(JobProperties.class),
                context.getBean(CacheProperties.class));
    }

    JobStore jobs() {
        return context.getBean(JobStore.class);
    }

    JobQueues queues() {
        return context.getBean(JobQueues.class);
    }

    Leases leases() {
        return context.getBean(Leases.class);
    }

    RedisKeys keys() {
        return context.getBean(RedisKeys.class);
    }

    RedisCommands<String, String> redis() {
        return context.getBean(RedisConnections.class).shared().sync();
    }

    /** A pool as the worker service builds it, with the given model, sizes and retry policy. */
    WorkerPool pool(InferenceModel model, PoolSettings settings, RetryPolicy retryPolicy, MeterRegistry registry) {
        return new WorkerPoolFactory(new ModelCatalog(List.of(model)), queues(), context.getBean(Leases.class), jobs(),
                settings, retryPolicy, registry, Clock.systemUTC(), new HolderIds("it")).create(model.id());
    }

    /** Pool settings for the given sizes, with short error pauses and stop timeout. */
    PoolSettings settings(WorkerProperties workers) {
        return PoolSettings.of(workers,
                new WorkerPoolProperties(Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(100)),
                context.getBean(RedisKeyProperties.class));
    }

    Duration blockTimeout() {
        return context.getBean(RedisKeyProperties.class).blockTimeout();
    }

    List<JobId> submit(ModelId model, List<String> inputs) {
        List<JobId> ids = new ArrayList<>();
        for (String input : inputs) {
            Admission admission = jobs().submit(new Submission(JobId.random(model), input));
            assertThat(admission).isInstanceOf(Admission.Accepted.class);
            ids.add(admission.id());
        }
        return ids;
    }

    /** Seals every queued job of {@code model} into batches of up to {@code size}; answers how many. */
    int batchAll(ModelId model, int size) {
        int batches = 0;
        try (BatchQueue queue = queues().batchQueue(model, new HolderId("test-batcher"), size)) {
            while (queue.fill().size() > 0) {
                queue.seal(Batch.newId());
                batches++;
            }
        }
        return batches;
    }

    JobView job(JobId id) {
        return jobs().find(id).orElseThrow();
    }

    void awaitStatus(List<JobId> ids, JobStatus status) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ids).allSatisfy(id -> assertThat(job(id).status()).isEqualTo(status)));
    }

    @Override
    public void close() {
        context.close();
    }
}

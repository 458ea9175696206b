package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderId;
import io.inferyx.common.config.WorkerProperties;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.Backoff;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.common.retry.RetryQueue;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.testing.TcpProxy;
import io.inferyx.common.testing.TestRedis;
import io.inferyx.worker.Sleeper;
import io.inferyx.worker.metrics.WorkerMetrics;
import io.inferyx.worker.model.InferenceModel;
import io.inferyx.worker.model.ModelOutput;
import io.inferyx.worker.model.mock.MockModel;
import io.inferyx.worker.model.mock.MockModelProperties;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pool against the real Redis, with common's scripts doing every move. */
class WorkerPoolIT {

    private static final ModelId MOCK = MockModel.ID;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RedisFixture redis;
    private WorkerPool pool;

    @BeforeEach
    void connect() {
        redis = new RedisFixture();
    }

    @AfterEach
    void stopPoolAndDisconnect() {
        if (pool != null) {
            pool.stop();
        }
        redis.close();
    }

    @Test
    void runsQueuedBatchesToDoneWithTheModelsResultsAndEmptiesTheBacklog() {
        pool = pool(mock(0, 0.0), sizes(2, 2), retries(3));
        List<JobId> ids = redis.submit(MOCK, inputs(10));
        assertThat(redis.batchAll(MOCK, 4)).isEqualTo(3);

        pool.start();

        redis.awaitStatus(ids, JobStatus.DONE);
        for (int i = 0; i < ids.size(); i++) {
            JobView job = redis.job(ids.get(i));
            assertThat(job.result()).isEqualTo("\"[mock] INPUT-" + i + "\"");
            assertThat(job.attempts()).isEqualTo(1);
        }
        assertThat(redis.jobs().backlog(MOCK)).isZero();
        assertThat(redis.redis().llen(redis.keys().batches(MOCK))).isZero();
        assertThat(count("inferyx.jobs.completed")).isEqualTo(10);
        assertThat(count("inferyx.batches.processed")).isEqualTo(3);
        assertThat(registry.get("inferyx.batch.size").summary().totalAmount()).isEqualTo(10);
        assertThat(registry.get("inferyx.request.latency").timer().count()).isEqualTo(10);
        assertThat(registry.get("inferyx.queue.wait").timer().count()).isEqualTo(10);
        assertThat(registry.get("inferyx.inference").timer().count()).isEqualTo(3);
        assertThat(registry.get("inferyx.workers").tag("state", "idle").gauge().value()).isEqualTo(2);
        assertThat(registry.get("inferyx.worker.utilization").gauge().value()).isZero();
    }

    @Test
    void failedRunsAreRetriedThenFailWithTheirReasonIntoTheDeadList() {
        pool = pool(mock(0, 1.0), sizes(1, 1), retries(1));
        List<JobId> ids = redis.submit(MOCK, inputs(3));
        redis.batchAll(MOCK, 4);
        pool.start();

        redis.awaitStatus(ids, JobStatus.RETRYING);
        assertThat(ids).allSatisfy(id -> {
            assertThat(redis.job(id).attempts()).isEqualTo(1);
            assertThat(redis.job(id).error()).isEqualTo("simulated failure");
            assertThat(redis.redis().zscore(redis.keys().retry(MOCK), id.toString())).isNotNull();
        });
        assertThat(count("inferyx.retries")).isEqualTo(3);
        assertThat(registry.get("inferyx.retry.delay").timer().count()).isEqualTo(3);

        promoteAll(ids.size());
        redis.batchAll(MOCK, 4);

        redis.awaitStatus(ids, JobStatus.FAILED);
        assertThat(ids).allSatisfy(id -> {
            assertThat(redis.job(id).attempts()).isEqualTo(2);
            assertThat(redis.job(id).error()).isEqualTo("simulated failure (gave up after 2 attempts)");
        });
        assertThat(redis.redis().lrange(redis.keys().dead(MOCK), 0, -1))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(JobId::toString).toList());
        assertThat(redis.jobs().backlog(MOCK)).isZero();
        assertThat(count("inferyx.jobs.failed")).isEqualTo(3);
        assertThat(count("inferyx.jobs.completed")).isZero();
    }

    @Test
    void scalesUpUnderBacklogAndBackDownWhenIdleWithoutDroppingABatch() {
        CountingModel model = new CountingModel(mock(150, 0.0));
        pool = pool(model, new WorkerProperties(1, 4, 2, Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ZERO), retries(3));
        pool.start();
        assertThat(pool.activeWorkers()).isEqualTo(1);

        List<JobId> ids = redis.submit(MOCK, inputs(32));
        redis.batchAll(MOCK, 2);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> pool.activeWorkers() == 4);
        redis.awaitStatus(ids, JobStatus.DONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.liveWorkers() == 1);

        assertThat(model.runs).hasSize(32).allSatisfy((input, runs) -> assertThat(runs).hasValue(1));
        assertThat(ids).allSatisfy(id -> assertThat(redis.job(id).attempts()).isEqualTo(1));
        assertThat(count("inferyx.jobs.completed")).isEqualTo(32);
        assertThat(count("inferyx.batches.processed")).isEqualTo(16);
        assertThat(redis.jobs().backlog(MOCK)).isZero();
        assertThat(redis.redis().scard(redis.keys().holders(MOCK))).as("retired workers released their lease").isEqualTo(1);
    }

    @Test
    void keepsItsWorkersThroughTheScaleDownDelayAfterTheBacklogIsGone() {
        Duration delay = Duration.ofMillis(1500);
        pool = pool(new CountingModel(mock(150, 0.0)),
                new WorkerProperties(1, 4, 2, Duration.ofMillis(100), Duration.ofSeconds(3), delay), retries(3));
        pool.start();
        List<JobId> ids = redis.submit(MOCK, inputs(32));
        redis.batchAll(MOCK, 2);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> pool.activeWorkers() == 4);
        redis.awaitStatus(ids, JobStatus.DONE);
        long idleSince = System.nanoTime();

        // the backlog is 0 now, but the pool keeps what it needed within the last 1.5 s
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> pool.activeWorkers() == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.liveWorkers() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void stopLetsALongBatchInProgressFinish() {
        pool = pool(mock(1000, 0.0), sizes(1, 1), retries(3));
        List<JobId> ids = redis.submit(MOCK, inputs(2));
        redis.batchAll(MOCK, 2);
        pool.start();
        redis.awaitStatus(ids, JobStatus.RUNNING);

        pool.stop();

        assertThat(ids).allSatisfy(id -> assertThat(redis.job(id).status()).isEqualTo(JobStatus.DONE));
        assertThat(pool.state()).isEqualTo(WorkerPool.State.STOPPED);
        assertThat(pool.liveWorkers()).isZero();
        assertThat(redis.redis().scard(redis.keys().holders(MOCK))).isZero();
        assertThat(redis.redis().keys(redis.keys().prefix() + "*processing*")).isEmpty();
        assertThat(redis.redis().keys(redis.keys().prefix() + "*lease*")).isEmpty();
    }

    @Test
    void aBatchStillRunningAtTheStopDeadlineGoesBackToTheQueue() {
        Duration stopTimeout = Duration.ofMillis(200);
        PoolSettings settings = new PoolSettings(new ScalingPolicy(1, 1, 10), Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(3), stopTimeout,
                new Worker.Settings(redis.blockTimeout(), Duration.ofMillis(10), Duration.ofMillis(100)));
        pool = redis.pool(mock(2000, 0.0), settings, retries(3), registry);
        List<JobId> ids = redis.submit(MOCK, inputs(2));
        redis.batchAll(MOCK, 2);
        pool.start();
        redis.awaitStatus(ids, JobStatus.RUNNING);

        pool.stop();

        assertThat(ids).allSatisfy(id -> assertThat(redis.job(id).status()).isEqualTo(JobStatus.QUEUED));
        assertThat(redis.redis().lrange(redis.keys().queue(MOCK), 0, -1))
                .containsExactlyInAnyOrderElementsOf(ids.stream().map(JobId::toString).toList());
        assertThat(redis.redis().scard(redis.keys().holders(MOCK))).isZero();
    }

    @Test
    void aClaimWhoseReplyIsLostGoesBackToTheQueueInsteadOfStrandingItsJobs() throws InterruptedException {
        List<JobId> first = redis.submit(MOCK, inputs(3));
        redis.batchAll(MOCK, 4);
        try (TcpProxy proxy = new TcpProxy(URI.create(TestRedis.url()));
             RedisClient client = TestRedis.client(proxy.url());
             RedisConnections proxied = new RedisConnections(client)) {
            // only the worker's blocking claim goes through the proxy; its scripts and lease reach Redis directly
            HolderId id = new HolderId("it-lost-reply");
            WorkerMetrics metrics = new WorkerMetrics(registry, MOCK);
            Worker worker = new Worker(id, redis.queuesClaimingThrough(proxied).workQueue(MOCK, id),
                    new WorkerLease(redis.leases(), MOCK, id, Duration.ofSeconds(10)),
                    new BatchRunner(mock(0, 0.0), retries(3), metrics), metrics, Clock.systemUTC(),
                    new Worker.Settings(Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(100)),
                    Sleeper.system());
            String processing = redis.keys().processing(MOCK, id);

            // Redis moves the waiting batch into the worker's processing list, but the worker never hears of it
            proxy.loseReplies();
            Thread thread = Thread.ofPlatform().name("lost-reply-worker").start(worker);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> redis.redis().llen(processing) == 1);
                List<JobId> second = redis.submit(MOCK, List.of("input-3", "input-4"));
                redis.batchAll(MOCK, 4);
                proxy.dropConnections();
                runsBothBatchesOnce(first, second, processing);
            } finally {
                worker.requestStop();
                thread.join(Duration.ofSeconds(10));
            }
        }
    }

    private void runsBothBatchesOnce(List<JobId> first, List<JobId> second, String processing) {
        List<JobId> all = new ArrayList<>(first);
        all.addAll(second);
        // the worker hands the first batch back to the queue; the test batches it again, as the batcher would
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            redis.batchAll(MOCK, 4);
            assertThat(all).allSatisfy(id -> assertThat(redis.job(id).status()).isEqualTo(JobStatus.DONE));
        });
        assertThat(all).allSatisfy(id -> assertThat(redis.job(id).attempts()).isEqualTo(1));
        assertThat(redis.redis().llen(processing)).isZero();
        assertThat(redis.jobs().backlog(MOCK)).isZero();
    }

    private void promoteAll(int expected) {
        AtomicInteger moved = new AtomicInteger();
        try (RetryQueue retries = redis.queues().retryQueue(MOCK, 100)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> moved.addAndGet(retries.promoteDue().moved()) == expected);
        }
    }

    private WorkerPool pool(InferenceModel model, WorkerProperties workers, RetryPolicy retryPolicy) {
        return redis.pool(model, redis.settings(workers), retryPolicy, registry);
    }

    private static WorkerProperties sizes(int min, int max) {
        return new WorkerProperties(min, max, 10, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ZERO);
    }

    private static RetryPolicy retries(int maxRetries) {
        return new RetryPolicy(maxRetries, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 0), () -> 0);
    }

    private static MockModel mock(long latencyMs, double failureRate) {
        return new MockModel(new MockModelProperties(Duration.ofMillis(latencyMs), Duration.ZERO, 0, failureRate, 16, 7L),
                Sleeper.system());
    }

    private static List<String> inputs(int n) {
        return IntStream.range(0, n).mapToObj(i -> "input-" + i).toList();
    }

    private double count(String counter) {
        return registry.get(counter).counter().count();
    }

    /** Counts how often each input ran through the model. */
    private static final class CountingModel implements InferenceModel {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        private final InferenceModel delegate;

        CountingModel(InferenceModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public ModelId id() {
            return delegate.id();
        }

        @Override
        public List<ModelOutput> infer(List<String> inputs) {
            inputs.forEach(input -> runs.computeIfAbsent(input, i -> new AtomicInteger()).incrementAndGet());
            return delegate.infer(inputs);
        }
    }
}

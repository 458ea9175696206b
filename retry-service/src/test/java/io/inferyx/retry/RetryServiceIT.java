package io.inferyx.retry;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "inferyx.retry.idle-wait=10s",
        "inferyx.recovery.sweep-interval=200ms"})
class RetryServiceIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private static final String PREFIX = TestRedis.uniquePrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", TestRedis::url);
        registry.add("inferyx.redis.key-prefix", () -> PREFIX);
    }

    @Autowired
    JobStore store;
    @Autowired
    JobQueues queues;
    @Autowired
    Leases leases;
    @Autowired
    RedisKeys keys;

    private RedisClient client;
    private RedisCommands<String, String> redis;
    private BatchQueue batcher;
    private WorkQueue worker;
    private final HolderId workerId = new HolderId("test-worker");

    @BeforeEach
    void open() {
        client = RedisClient.create(TestRedis.url());
        redis = client.connect().sync();
        batcher = queues.batchQueue(MOCK, new HolderId("test-batcher"), 8);
        worker = queues.workQueue(MOCK, workerId);
    }

    @AfterEach
    void close() {
        batcher.close();
        worker.close();
        redis.keys(PREFIX + "*").forEach(redis::del);
        client.shutdown();
    }

    private JobId runningJob() {
        JobId id = JobId.random(MOCK);
        store.submit(new Submission(id, "retry me " + id));
        batcher.fill();
        batcher.seal(Batch.newId());
        return id;
    }

    @Test
    void promotesARetryWhenItIsDueNotAtTheNextIdlePoll() {
        JobId id = runningJob();
        Batch batch = worker.claim(Duration.ofSeconds(1)).orElseThrow();
        long failedAt = System.nanoTime();
        worker.finish(batch, worker.start(batch), List.of(new Settlement.Retry(id, "flaky", Duration.ofMillis(400))));

        await().atMost(Duration.ofSeconds(3)).until(() -> "queued".equals(redis.hget(keys.job(id), "status")));

        Duration took = Duration.ofNanos(System.nanoTime() - failedAt);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        assertThat(redis.lrange(keys.queue(MOCK), 0, -1)).containsExactly(id.toString());
        assertThat(redis.zcard(keys.retry(MOCK))).isZero();
        assertThat(redis.hget(keys.job(id), "attempts")).isEqualTo("1");
    }

    @Test
    void handsBackTheBatchOfAWorkerWhoseLeaseLapsed() {
        leases.acquire(MOCK, workerId, Duration.ofMillis(300));
        JobId id = runningJob();
        Batch batch = worker.claim(Duration.ofSeconds(1)).orElseThrow();
        worker.start(batch);

        await().atMost(Duration.ofSeconds(5)).until(() -> "queued".equals(redis.hget(keys.job(id), "status")));

        assertThat(redis.lrange(keys.queue(MOCK), 0, -1)).containsExactly(id.toString());
        assertThat(redis.exists(keys.processing(MOCK, workerId))).isZero();
        assertThat(redis.hget(keys.job(id), "recoveries")).isEqualTo("1");
    }
}

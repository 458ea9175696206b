package io.inferyx.batcher;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "inferyx.batching.max-batch-size=4",
        "inferyx.batching.max-wait=600ms",
        "inferyx.batching.models.slow.max-wait=30s",
        "inferyx.models.served=mock,slow"})
class BatcherIT {

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
    RedisKeys keys;

    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;

    @BeforeEach
    void connect() {
        client = RedisClient.create(TestRedis.url());
        redis = client.connect();
    }

    @AfterEach
    void cleanUp() {
        redis.sync().keys(PREFIX + "*").forEach(key -> redis.sync().del(key));
        client.shutdown();
    }

    private List<JobId> submit(ModelId model, int count) {
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JobId id = JobId.random(model);
            store.submit(new Submission(id, model + " input " + i + " " + id));
            ids.add(id);
        }
        return ids;
    }

    private List<Batch> batches(ModelId model) {
        return redis.sync().lrange(keys.batches(model), 0, -1).stream().map(r -> Batch.fromRecord(model, r)).toList();
    }

    @Test
    void releasesFullBatchesWithoutWaitingForMaxWait() {
        ModelId slow = ModelId.of("slow");
        List<JobId> ids = submit(slow, 8);

        await().atMost(Duration.ofSeconds(5)).until(() -> batches(slow).size() == 2);

        assertThat(batches(slow)).allSatisfy(b -> assertThat(b.size()).isEqualTo(4));
        assertThat(batches(slow).stream().flatMap(b -> b.jobs().stream())).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void releasesAPartialBatchOnceItsOldestJobHasWaitedMaxWait() {
        long start = System.nanoTime();
        List<JobId> ids = submit(MOCK, 3);

        await().atMost(Duration.ofSeconds(5)).until(() -> batches(MOCK).size() == 1);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(batches(MOCK).getFirst().jobs()).containsExactlyElementsOf(ids);
        assertThat(ids).allSatisfy(id -> assertThat(redis.sync().hget(keys.job(id), "status")).isEqualTo("batched"));
    }

    @Test
    void batchesEveryJobExactlyOnceUnderASteadyStream() {
        List<JobId> ids = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            ids.addAll(submit(MOCK, 7));
        }
        List<Batch> taken = new ArrayList<>();

        // plays the workers: a partial batch is only sealed once no sealed batch waits for one
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            takeBatches(MOCK, taken);
            return taken.stream().mapToInt(Batch::size).sum() == ids.size();
        });

        List<JobId> batched = taken.stream().flatMap(b -> b.jobs().stream()).toList();
        assertThat(batched).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(taken).allSatisfy(b -> assertThat(b.size()).isBetween(1, 4));
        assertThat(redis.sync().llen(keys.queue(MOCK))).isZero();
    }

    @Test
    void holdsAPartialBatchPastMaxWaitWhileSealedBatchesWaitForAWorker() {
        List<JobId> ids = submit(MOCK, 6);
        await().atMost(Duration.ofSeconds(5)).until(() -> batches(MOCK).size() == 1);

        // the two jobs left over stay forming past max-wait (600 ms) while the full batch waits
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> batches(MOCK).size() == 1);

        // take exactly one batch, as one worker would: draining the list could also take the
        // partial batch the batcher seals a few milliseconds later
        Batch full = Batch.fromRecord(MOCK, redis.sync().rpop(keys.batches(MOCK)));
        assertThat(full.jobs()).containsExactlyElementsOf(ids.subList(0, 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> batches(MOCK).size() == 1);
        assertThat(batches(MOCK).getFirst().jobs()).containsExactlyElementsOf(ids.subList(4, 6));
    }

    /** What a worker does first: take the sealed batches off the model's batch list. */
    private void takeBatches(ModelId model, List<Batch> taken) {
        for (String record = redis.sync().rpop(keys.batches(model)); record != null;
             record = redis.sync().rpop(keys.batches(model))) {
            taken.add(Batch.fromRecord(model, record));
        }
    }

    @Test
    void anIdleBatcherBlocksOnRedisInsteadOfSpinning() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long batcherThread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("batcher-mock")).findFirst().orElseThrow().threadId();
        long cpuBefore = threads.getThreadCpuTime(batcherThread);
        long wallBefore = System.nanoTime();

        await().pollDelay(Duration.ofMillis(1500)).until(() -> true);

        long cpu = threads.getThreadCpuTime(batcherThread) - cpuBefore;
        long wall = System.nanoTime() - wallBefore;
        assertThat(cpu).as("CPU ns the idle batcher used in %d ms", wall / 1_000_000).isLessThan(wall / 20);
        assertThat(Arrays.asList(redis.sync().keys(PREFIX + "forming*").toArray())).isEmpty();
    }
}

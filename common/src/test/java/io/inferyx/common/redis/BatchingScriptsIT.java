package io.inferyx.common.redis;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.Forming;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** fill.lua, seal.lua and the blocking wait of the batcher. */
class BatchingScriptsIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private final RedisFixture redis = new RedisFixture();
    private final RedisJobStore store = redis.jobStore();
    private final List<BatchQueue> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(BatchQueue::close);
        redis.close();
    }

    private BatchQueue batcher(String name, int maxBatchSize) {
        BatchQueue queue = redis.queues().batchQueue(MOCK, new HolderId(name), maxBatchSize);
        opened.add(queue);
        return queue;
    }

    private List<JobId> submit(int count) {
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JobId id = JobId.random(MOCK);
            store.submit(new Submission(id, "input " + i));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void fillsAtMostOneBatchOldestFirst() {
        List<JobId> ids = submit(5);
        BatchQueue batcher = batcher("b1", 4);

        Forming forming = batcher.fill();

        assertThat(forming.size()).isEqualTo(4);
        assertThat(forming.oldestAge()).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(5));
        assertThat(redis.redis.lrange(redis.keys.queue(MOCK), 0, -1)).containsExactly(ids.get(4).toString());
    }

    @Test
    void sealsTheFormingListIntoOneBatchRecordAndMarksJobsBatched() {
        List<JobId> ids = submit(3);
        BatchQueue batcher = batcher("b1", 4);
        batcher.fill();

        int sealed = batcher.seal("batch-1");

        assertThat(sealed).isEqualTo(3);
        List<String> batches = redis.redis.lrange(redis.keys.batches(MOCK), 0, -1);
        assertThat(batches).hasSize(1);
        Batch batch = Batch.fromRecord(MOCK, batches.getFirst());
        assertThat(batch.id()).isEqualTo("batch-1");
        assertThat(batch.jobs()).containsExactlyElementsOf(ids);
        assertThat(ids).allSatisfy(id -> assertThat(redis.status(id)).isEqualTo("batched"));
        assertThat(redis.redis.exists(redis.keys.forming(MOCK, new HolderId("b1")))).isZero();
    }

    @Test
    void fillTellsHowManySealedBatchesStillWaitForAWorker() {
        submit(9);
        BatchQueue batcher = batcher("b1", 4);
        batcher.fill();
        batcher.seal("first");
        batcher.fill();
        batcher.seal("second");

        assertThat(batcher.fill()).extracting(Forming::size, Forming::batchesWaiting).containsExactly(1, 2);
    }

    @Test
    void twoBatchersNeverTakeTheSameJob() {
        submit(10);
        BatchQueue first = batcher("b1", 4);
        BatchQueue second = batcher("b2", 4);

        first.fill();
        second.fill();
        first.seal("x");
        second.seal("y");
        first.fill();
        first.seal("z");

        List<String> jobs = redis.redis.lrange(redis.keys.batches(MOCK), 0, -1).stream()
                .flatMap(r -> Batch.fromRecord(MOCK, r).jobs().stream()).map(JobId::toString).toList();
        assertThat(jobs).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void sealingAnEmptyFormingListWritesNoBatch() {
        BatchQueue batcher = batcher("b1", 4);

        assertThat(batcher.fill()).isEqualTo(new Forming(0, Duration.ZERO, 0));
        assertThat(batcher.seal("none")).isZero();
        assertThat(redis.redis.llen(redis.keys.batches(MOCK))).isZero();
    }

    @Test
    void awaitingAJobWakesAsSoonAsOneArrivesAndHoldsItInRedis() throws Exception {
        BatchQueue batcher = batcher("b1", 4);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> batcher.awaitJob(Duration.ofSeconds(5)));

        JobId id = submit(1).getFirst();

        waiting.get(3, TimeUnit.SECONDS);
        assertThat(redis.redis.lrange(redis.keys.forming(MOCK, new HolderId("b1")), 0, -1))
                .containsExactly(id.toString());
        assertThat(batcher.fill().size()).isEqualTo(1);
    }

    @Test
    void awaitingReturnsAfterItsTimeoutWhenNothingArrives() {
        BatchQueue batcher = batcher("b1", 4);
        long start = System.nanoTime();

        batcher.awaitJob(Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(batcher.fill().size()).isZero();
    }
}

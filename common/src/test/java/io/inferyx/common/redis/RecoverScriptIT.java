package io.inferyx.common.redis;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.batch.Leases.Recovered;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** recover.lua: work held by a holder whose lease lapsed goes back to the queue. */
class RecoverScriptIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private static final Duration TTL = Duration.ofSeconds(30);
    private final RedisFixture redis = new RedisFixture().withMaxRecoveries(1);
    private final RedisJobStore store = redis.jobStore();
    private final Leases leases = redis.leases();
    private final HolderId batcherId = new HolderId("b1");
    private final HolderId workerId = new HolderId("w1");
    private final BatchQueue batcher = redis.queues().batchQueue(MOCK, batcherId, 2);
    private final WorkQueue worker = redis.queues().workQueue(MOCK, workerId);

    @AfterEach
    void close() {
        batcher.close();
        worker.close();
        redis.close();
    }

    private List<JobId> submit(int count) {
        List<JobId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JobId id = JobId.random(MOCK);
            store.submit(new Submission(id, "in " + i));
            ids.add(id);
        }
        return ids;
    }

    private void kill(HolderId holder) {
        redis.redis.del(redis.keys.lease(MOCK, holder));
    }

    /** The worker claims the queued jobs as a batch (and starts it, if asked), dies, and is swept; then it returns. */
    private Recovered claimThenDie(boolean started) {
        batcher.fill();
        batcher.seal(Batch.newId());
        Batch batch = worker.claim(Duration.ofSeconds(1)).orElseThrow();
        if (started) {
            worker.start(batch);
        }
        kill(workerId);
        Recovered recovered = leases.sweep(MOCK);
        leases.acquire(MOCK, workerId, TTL);
        return recovered;
    }

    @Test
    void leavesLiveHoldersAlone() {
        leases.acquire(MOCK, workerId, TTL);
        submit(2);
        batcher.fill();
        batcher.seal("b");
        worker.start(worker.claim(Duration.ofSeconds(1)).orElseThrow());

        assertThat(leases.sweep(MOCK)).isEqualTo(new Recovered(0, 0, 0));
        assertThat(redis.redis.llen(redis.keys.processing(MOCK, workerId))).isEqualTo(1);
    }

    @Test
    void handsBackARunningBatchOfADeadWorker() {
        leases.acquire(MOCK, workerId, TTL);
        List<JobId> ids = submit(2);
        batcher.fill();
        batcher.seal("b");
        worker.start(worker.claim(Duration.ofSeconds(1)).orElseThrow());
        kill(workerId);

        Recovered recovered = leases.sweep(MOCK);

        assertThat(recovered).isEqualTo(new Recovered(1, 2, 0));
        assertThat(redis.redis.lrange(redis.keys.queue(MOCK), 0, -1)).containsExactlyInAnyOrderElementsOf(
                ids.stream().map(JobId::toString).toList());
        assertThat(ids).allSatisfy(id -> assertThat(redis.status(id)).isEqualTo("queued"));
        assertThat(redis.redis.exists(redis.keys.processing(MOCK, workerId))).isZero();
        assertThat(redis.redis.smembers(redis.keys.holders(MOCK))).doesNotContain(workerId.value());
        assertThat(store.backlog(MOCK)).isEqualTo(2);
    }

    @Test
    void handsBackTheFormingListOfADeadBatcher() {
        leases.acquire(MOCK, batcherId, TTL);
        List<JobId> ids = submit(2);
        batcher.fill();
        kill(batcherId);

        assertThat(leases.sweep(MOCK)).isEqualTo(new Recovered(1, 2, 0));
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isEqualTo(2);
        assertThat(ids).allSatisfy(id -> assertThat(redis.status(id)).isEqualTo("queued"));
    }

    @Test
    void failsAPoisonPillRecoveredMoreThanAllowed() {
        leases.acquire(MOCK, workerId, TTL);
        JobId id = submit(1).getFirst();
        for (int round = 0; round < 2; round++) {
            claimThenDie(true);
        }

        assertThat(redis.status(id)).isEqualTo("failed");
        assertThat(store.find(id).orElseThrow().error()).contains("died 2 times");
        assertThat(redis.redis.lrange(redis.keys.dead(MOCK), 0, -1)).containsExactly(id.toString());
        assertThat(store.backlog(MOCK)).isZero();
    }

    @Test
    void aBatchClaimedButNeverStartedIsHandedBackWithoutCountingARecovery() {
        leases.acquire(MOCK, workerId, TTL);
        JobId id = submit(1).getFirst();
        for (int round = 0; round < 3; round++) {
            assertThat(claimThenDie(false)).isEqualTo(new Recovered(1, 1, 0)); // killed before it started the batch
        }

        assertThat(redis.status(id)).isEqualTo("queued");
        assertThat(redis.redis.hget(redis.keys.job(id), "recoveries")).isNull();
        assertThat(redis.redis.lrange(redis.keys.queue(MOCK), 0, -1)).containsExactly(id.toString());
    }

    @Test
    void onlyOneProcessLeadsTheSweepUntilItsLockLapses() {
        HolderId first = new HolderId("r1");
        HolderId second = new HolderId("r2");

        assertThat(leases.leadSweep(first, Duration.ofMillis(300))).isTrue();
        assertThat(leases.leadSweep(second, Duration.ofMillis(300))).isFalse();
        assertThat(leases.leadSweep(first, Duration.ofMillis(300))).isTrue();
        redis.redis.del(redis.keys.sweeperLock());
        assertThat(leases.leadSweep(second, Duration.ofMillis(300))).isTrue();
    }

    @Test
    void releaseHandsBackWhatAStoppingHolderStillHolds() {
        leases.acquire(MOCK, batcherId, TTL);
        submit(1);
        batcher.fill();

        assertThat(leases.release(MOCK, batcherId)).isEqualTo(new Recovered(1, 1, 0));
        assertThat(redis.redis.exists(redis.keys.lease(MOCK, batcherId))).isZero();
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isEqualTo(1);
        assertThat(redis.redis.sismember(redis.keys.holders(MOCK), batcherId.value())).isFalse();
    }
}

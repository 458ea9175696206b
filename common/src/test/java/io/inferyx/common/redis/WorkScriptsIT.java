package io.inferyx.common.redis;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.FinishReport;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.batch.StartedBatch;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.InputDigest;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.testing.RedisFixture;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The claim (BLMOVE), start.lua and finish.lua of a worker. */
class WorkScriptsIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private static final HolderId WORKER = new HolderId("w1");
    private final RedisFixture redis = new RedisFixture();
    private final RedisJobStore store = redis.jobStore();
    private BatchQueue batcher;
    private WorkQueue worker;

    @BeforeEach
    void open() {
        batcher = redis.queues().batchQueue(MOCK, new HolderId("b1"), 8);
        worker = redis.queues().workQueue(MOCK, WORKER);
    }

    @AfterEach
    void close() {
        batcher.close();
        worker.close();
        redis.close();
    }

    private List<JobId> batchOf(String... inputs) {
        List<JobId> ids = new ArrayList<>();
        for (String input : inputs) {
            JobId id = JobId.random(MOCK);
            store.submit(new Submission(id, input));
            ids.add(id);
        }
        batcher.fill();
        batcher.seal(Batch.newId());
        return ids;
    }

    private Batch claim() {
        return worker.claim(Duration.ofSeconds(1)).orElseThrow();
    }

    @Test
    void claimsTheOldestBatchIntoTheWorkersProcessingList() {
        List<JobId> ids = batchOf("a", "b");

        Batch batch = claim();

        assertThat(batch.jobs()).containsExactlyElementsOf(ids);
        assertThat(redis.redis.lrange(redis.keys.processing(MOCK, WORKER), 0, -1)).containsExactly(batch.record());
        assertThat(redis.redis.llen(redis.keys.batches(MOCK))).isZero();
    }

    @Test
    void claimReturnsEmptyAfterItsTimeoutWhenNoBatchWaits() {
        assertThat(worker.claim(Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void startMarksJobsRunningAndCountsTheAttempt() {
        List<JobId> ids = batchOf("a", "b");
        Batch batch = claim();

        List<RunningJob> started = worker.start(batch);

        assertThat(started).extracting(RunningJob::id).containsExactlyElementsOf(ids);
        assertThat(started).extracting(RunningJob::input).containsExactly("a", "b");
        assertThat(started).allSatisfy(job -> {
            assertThat(job.attempt()).isEqualTo(1);
            assertThat(job.submittedAt()).isNotNull();
            assertThat(job.enqueuedAt()).isNotNull();
        });
        assertThat(ids).allSatisfy(id -> assertThat(redis.status(id)).isEqualTo("running"));
    }

    @Test
    void startDoesNothingForABatchTheWorkerNoLongerHolds() {
        batchOf("a");
        Batch batch = claim();
        redis.redis.del(redis.keys.processing(MOCK, WORKER));

        assertThat(worker.start(batch)).isEmpty();
        assertThat(redis.status(batch.jobs().getFirst())).isEqualTo("batched");
    }

    @Test
    void takeNextClaimsAndStartsTheOldestWaitingBatchInOneStepAndAnswersEmptyWhenNoneWaits() {
        List<JobId> first = batchOf("a", "b");
        List<JobId> second = batchOf("c");

        StartedBatch taken = worker.takeNext().orElseThrow();

        assertThat(taken.batch().jobs()).containsExactlyElementsOf(first);
        assertThat(taken.jobs()).extracting(RunningJob::id).containsExactlyElementsOf(first);
        assertThat(taken.jobs()).extracting(RunningJob::input).containsExactly("a", "b");
        assertThat(first).allSatisfy(id -> assertThat(redis.status(id)).isEqualTo("running"));
        assertThat(redis.redis.lrange(redis.keys.processing(MOCK, WORKER), 0, -1)).containsExactly(taken.batch().record());
        assertThat(worker.takeNext().orElseThrow().batch().jobs()).containsExactlyElementsOf(second);
        assertThat(worker.takeNext()).isEmpty();
    }

    @Test
    void aFinishSentAheadAndTheNextTakeShareOneRoundTripAndBothApply() {
        List<JobId> first = batchOf("a");
        List<JobId> second = batchOf("b");
        Batch batch = claim();
        List<RunningJob> started = worker.start(batch);

        var finishing = worker.finishAsync(batch, started, List.of(new Settlement.Done(first.getFirst(), "\"A\"")));
        StartedBatch next = worker.takeNext().orElseThrow();

        assertThat(finishing).isCompletedWithValue(FinishReport.settled(1, 0, 0)); // its reply came before the take's
        assertThat(redis.status(first.getFirst())).isEqualTo("done");
        assertThat(next.batch().jobs()).containsExactlyElementsOf(second);
        assertThat(redis.redis.lrange(redis.keys.processing(MOCK, WORKER), 0, -1)).containsExactly(next.batch().record());
    }

    @Test
    void finishSettlesEachJobOnItsOwnInOneStep() {
        List<JobId> ids = batchOf("ok", "again", "broken");
        Batch batch = claim();
        List<RunningJob> started = worker.start(batch);

        FinishReport report = worker.finish(batch, started, List.of(
                new Settlement.Done(ids.get(0), "\"[mock] OK\""),
                new Settlement.Retry(ids.get(1), "flaky", Duration.ofSeconds(5)),
                new Settlement.Fail(ids.get(2), "bad input")));

        assertThat(report).isEqualTo(FinishReport.settled(1, 1, 1));
        assertThat(store.find(ids.get(0)).orElseThrow().result()).isEqualTo("\"[mock] OK\"");
        assertThat(redis.redis.get(redis.keys.cache(MOCK, InputDigest.of("ok")))).isEqualTo("\"[mock] OK\"");
        assertThat(redis.status(ids.get(1))).isEqualTo("retrying");
        assertThat(redis.redis.zscore(redis.keys.retry(MOCK), ids.get(1).toString())).isPositive();
        assertThat(redis.redis.llen(redis.keys.retryWakeUp(MOCK))).isEqualTo(1);
        assertThat(store.find(ids.get(2)).orElseThrow().error()).isEqualTo("bad input");
        assertThat(redis.redis.lrange(redis.keys.dead(MOCK), 0, -1)).containsExactly(ids.get(2).toString());
        assertThat(redis.redis.llen(redis.keys.processing(MOCK, WORKER))).isZero();
        assertThat(store.backlog(MOCK)).isEqualTo(1);
        assertThat(redis.redis.pttl(redis.keys.job(ids.get(0)))).isPositive();
        assertThat(redis.redis.pttl(redis.keys.job(ids.get(1)))).isEqualTo(-1);
    }

    @Test
    void finishFreesTheInputForANewJobAndAnnouncesFinishedIds() {
        List<String> announced = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> pubSub = redis.connections().pubSub();
        pubSub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                announced.add(message);
            }
        });
        pubSub.sync().subscribe(redis.keys.finishedChannel());
        JobId id = batchOf("x").getFirst();
        Batch batch = claim();
        worker.finish(batch, worker.start(batch), List.of(new Settlement.Fail(id, "no")));

        Admission again = store.submit(new Submission(JobId.random(MOCK), "x"));

        assertThat(again).isInstanceOf(Admission.Accepted.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> announced.contains(id.toString()));
        pubSub.close();
    }

    @Test
    void finishWritesNothingWhenTheBatchWasTakenAway() {
        JobId id = batchOf("late").getFirst();
        Batch batch = claim();
        List<RunningJob> started = worker.start(batch);
        redis.redis.del(redis.keys.processing(MOCK, WORKER));

        FinishReport report = worker.finish(batch, started, List.of(new Settlement.Done(id, "\"x\"")));

        assertThat(report.owned()).isFalse();
        assertThat(redis.status(id)).isEqualTo(JobStatus.RUNNING.wire());
        assertThat(store.backlog(MOCK)).isEqualTo(1);
    }

    @Test
    void aJobIsSettledOnlyOnceEvenIfFinishedTwice() {
        JobId id = batchOf("once").getFirst();
        Batch batch = claim();
        List<RunningJob> started = worker.start(batch);
        worker.finish(batch, started, List.of(new Settlement.Done(id, "\"1\"")));
        redis.redis.lpush(redis.keys.processing(MOCK, WORKER), batch.record());

        FinishReport second = worker.finish(batch, started, List.of(new Settlement.Done(id, "\"2\"")));

        assertThat(second).isEqualTo(FinishReport.settled(0, 0, 0));
        assertThat(store.find(id).orElseThrow().result()).isEqualTo("\"1\"");
        assertThat(redis.redis.hget(redis.keys.job(id), "settled")).isEqualTo("1");
        assertThat(store.backlog(MOCK)).isZero();
    }

    @Test
    void aFinishSentAgainAfterItLandedAnswersWithItsReceiptAndWritesNothing() {
        List<JobId> ids = batchOf("ok", "broken");
        Batch batch = claim();
        List<RunningJob> started = worker.start(batch);
        List<Settlement> settlements = List.of(new Settlement.Done(ids.get(0), "\"1\""),
                new Settlement.Fail(ids.get(1), "bad input"));
        worker.finish(batch, started, settlements); // its reply is the one a dropped connection loses

        FinishReport again = worker.finish(batch, started, settlements);

        assertThat(again).isEqualTo(new FinishReport(FinishReport.Outcome.REPEATED, 1, 0, 1));
        assertThat(redis.redis.hget(redis.keys.job(ids.get(0)), "settled")).isEqualTo("1");
        assertThat(redis.redis.llen(redis.keys.dead(MOCK))).isEqualTo(1);
        assertThat(store.backlog(MOCK)).isZero();
        assertThat(redis.redis.pttl(redis.keys.finishReceipt(MOCK, WORKER))).isPositive();
    }

    @Test
    void theReceiptOfTheWorkersPreviousBatchDoesNotMakeALostBatchOwned() {
        JobId first = batchOf("first").getFirst();
        Batch finished = claim();
        worker.finish(finished, worker.start(finished), List.of(new Settlement.Done(first, "\"1\"")));
        JobId second = batchOf("second").getFirst();
        Batch lost = claim();
        List<RunningJob> started = worker.start(lost);
        redis.redis.del(redis.keys.processing(MOCK, WORKER));

        FinishReport report = worker.finish(lost, started, List.of(new Settlement.Done(second, "\"2\"")));

        assertThat(report.outcome()).isEqualTo(FinishReport.Outcome.NOT_OWNED);
        assertThat(redis.status(second)).isEqualTo(JobStatus.RUNNING.wire());
    }

    @Test
    void anotherWorkersReceiptDoesNotMakeALostBatchOwned() {
        List<JobId> ids = batchOf("handed over");
        Batch batch = claim();
        List<RunningJob> started = worker.start(batch);
        List<Settlement> settlements = List.of(new Settlement.Done(ids.getFirst(), "\"x\""));
        worker.finish(batch, started, settlements);

        try (WorkQueue other = redis.queues().workQueue(MOCK, new HolderId("w2"))) {
            assertThat(other.finish(batch, started, settlements).outcome()).isEqualTo(FinishReport.Outcome.NOT_OWNED);
        }
    }
}

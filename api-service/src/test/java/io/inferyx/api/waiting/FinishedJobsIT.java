package io.inferyx.api.waiting;

import io.inferyx.api.ApiProperties;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobView;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.redis.RedisJobStore;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedJobsIT {

    private static final ModelId MOCK = ModelId.of("mock");

    private final RedisFixture fixture = new RedisFixture();
    private final RedisJobStore store = fixture.jobStore();
    private final FinishedJobs finished = new FinishedJobs(fixture.connections(), store, fixture.keys,
            new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 2));

    @BeforeEach
    void subscribe() {
        finished.start();
    }

    @AfterEach
    void close() {
        finished.stop();
        fixture.close();
    }

    @Test
    void wakesTheRequestsWaitingForAnAnnouncedJobWithTheJobAsRead() {
        JobId first = JobId.random(MOCK);
        JobId second = JobId.random(MOCK);
        fixture.redis.hset(fixture.keys.job(first), Map.of("status", "done", "result", "{\"y\":1}", "attempts", "1",
                "submitted_at", "1000", "finished_at", "2000"));
        // done too, so that waking its request by mistake would hand it a view
        fixture.redis.hset(fixture.keys.job(second), Map.of("status", "done", "result", "2", "submitted_at", "1000"));
        try (Watch a = finished.watch(first).orElseThrow(); Watch b = finished.watch(second).orElseThrow()) {
            var woken = CompletableFuture.supplyAsync(() -> a.await(Duration.ofSeconds(20)));
            var other = CompletableFuture.supplyAsync(() -> b.await(Duration.ofSeconds(1)));

            fixture.redis.publish(fixture.keys.finishedChannel(), JobId.random(MOCK) + " " + first);

            assertThat(woken).succeedsWithin(5, TimeUnit.SECONDS).satisfies(view -> {
                assertThat(view).map(JobView::status).contains(JobStatus.DONE);
                assertThat(view).map(JobView::result).contains("{\"y\":1}");
            });
            assertThat(other).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        }
    }

    @Test
    void aRequestWokenByTheAnnouncementAnswersWithoutAReadOfItsOwn() {
        JobId id = JobId.random(MOCK);
        fixture.redis.hset(fixture.keys.job(id), Map.of("status", "done", "result", "[1]", "submitted_at", "1000"));
        AtomicInteger ownReads = new AtomicInteger();
        JobWaiter waiter = new JobWaiter(stub(ownReads, store::findAsync), finished);
        Watch watch = waiter.watchAhead(id, Duration.ofSeconds(20)).orElseThrow();
        try (watch) {
            var answer = CompletableFuture.supplyAsync(() -> waiter.awaitWatched(id, watch, Duration.ofSeconds(20)));

            fixture.redis.publish(fixture.keys.finishedChannel(), id.toString());

            assertThat(answer).succeedsWithin(5, TimeUnit.SECONDS)
                    .satisfies(view -> assertThat(view).map(JobView::result).contains("[1]"));
            assertThat(ownReads).hasValue(0);
        }
    }

    @Test
    void aReadThatFailsOrCannotStartStillWakesItsRequestAtOnceAndTheRequestReadsTheStoreItself() {
        Function<JobId, CompletionStage<Optional<JobView>>> fails =
                id -> CompletableFuture.failedFuture(new IllegalStateException("Redis went away"));
        Function<JobId, CompletionStage<Optional<JobView>>> throwsAtOnce = id -> {
            throw new IllegalStateException("client shut down");
        };
        for (var read : List.of(fails, throwsAtOnce)) {
            JobId id = JobId.random(MOCK);
            fixture.redis.hset(fixture.keys.job(id), Map.of("status", "failed", "error", "boom", "submitted_at", "1000"));
            AtomicInteger ownReads = new AtomicInteger();
            JobStore failing = stub(ownReads, read);
            FinishedJobs announcements = new FinishedJobs(fixture.connections(), failing, fixture.keys,
                    new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 2));
            announcements.start();
            try {
                JobWaiter waiter = new JobWaiter(failing, announcements);
                Watch watch = waiter.watchAhead(id, Duration.ofSeconds(30)).orElseThrow();
                var answer = CompletableFuture.supplyAsync(() -> waiter.awaitWatched(id, watch, Duration.ofSeconds(30)));

                fixture.redis.publish(fixture.keys.finishedChannel(), id.toString());

                assertThat(answer).succeedsWithin(5, TimeUnit.SECONDS)
                        .satisfies(view -> assertThat(view).map(JobView::error).contains("boom"));
                assertThat(ownReads).hasValue(1);
                watch.close();
            } finally {
                announcements.stop();
            }
        }
    }

    /** The store with its async read replaced, counting the blocking reads a request makes itself. */
    private JobStore stub(AtomicInteger reads, Function<JobId, CompletionStage<Optional<JobView>>> readAsync) {
        return new JobStore() {
            @Override
            public Admission submit(Submission submission) {
                return store.submit(submission);
            }

            @Override
            public Optional<JobView> find(JobId id) {
                reads.incrementAndGet();
                return store.find(id);
            }

            @Override
            public CompletionStage<Optional<JobView>> findAsync(JobId id) {
                return readAsync.apply(id);
            }

            @Override
            public long backlog(ModelId model) {
                return store.backlog(model);
            }
        };
    }

    @Test
    void anAnnouncedJobThatCannotBeReadStillWakesItsRequestPromptlyWithoutAView() {
        JobId gone = JobId.random(MOCK); // e.g. expired before the read: the request reads the store itself
        try (Watch watch = finished.watch(gone).orElseThrow()) {
            var woken = CompletableFuture.supplyAsync(() -> watch.await(Duration.ofSeconds(20)));

            fixture.redis.publish(fixture.keys.finishedChannel(), gone.toString());

            assertThat(woken).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        }
    }

    @Test
    void boundsHowManyRequestsWaitAndFreesTheirPlacesWhenTheyClose() {
        Watch a = finished.watch(JobId.random(MOCK)).orElseThrow();
        Watch b = finished.watch(JobId.random(MOCK)).orElseThrow();

        assertThat(finished.watch(JobId.random(MOCK))).isEmpty();
        assertThat(finished.waiting()).isEqualTo(2);

        a.close();
        a.close();
        assertThat(finished.waiting()).isEqualTo(1);
        Optional<Watch> c = finished.watch(JobId.random(MOCK));
        assertThat(c).isPresent();
        b.close();
        c.get().close();
        assertThat(finished.waiting()).isZero();
    }

    @Test
    void anAnnouncementAfterTheWatchClosedWakesNothingAndLeavesNothingBehind() {
        JobId id = JobId.random(MOCK);
        finished.watch(id).orElseThrow().close();

        finished.finished(id.toString());

        assertThat(finished.waiting()).isZero();
        try (Watch again = finished.watch(id).orElseThrow()) {
            assertThat(again.await(Duration.ofMillis(50))).isEmpty();
        }
    }

    @Test
    void stoppingWakesEveryWaitingRequestAndRefusesNewOnes() {
        try (Watch watch = finished.watch(JobId.random(MOCK)).orElseThrow()) {
            var woken = CompletableFuture.supplyAsync(() -> watch.await(Duration.ofSeconds(20)));
            finished.stop();

            assertThat(woken).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
            assertThat(finished.isRunning()).isFalse();
            assertThat(finished.watch(JobId.random(MOCK))).isEmpty();
        }
    }
}

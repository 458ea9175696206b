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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedJobsIT {

    private static final ModelId MOCK = ModelId.of("mock");

    private final RedisFixture fixture = new RedisFixture();
    private final RedisJobStore store = fixture.jobStore();
    private final FinishedJobs finished = new FinishedJobs(fixture.connections(), store, fixture.keys,
            new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 2, 64));

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
        try (Watch a = finished.watch(first, Duration.ofSeconds(20)).orElseThrow();
             Watch b = finished.watch(second, Duration.ofSeconds(1)).orElseThrow()) {
            var woken = CompletableFuture.supplyAsync(a::await);
            var other = CompletableFuture.supplyAsync(b::await);

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
        JobWaiter waiter = new JobWaiter(stub(ownReads, store::findAllAsync), finished);
        Watch watch = waiter.watchAhead(id, Duration.ofSeconds(20)).orElseThrow();
        try (watch) {
            var answer = CompletableFuture.supplyAsync(() -> waiter.awaitWatched(id, watch));

            fixture.redis.publish(fixture.keys.finishedChannel(), id.toString());

            assertThat(answer).succeedsWithin(5, TimeUnit.SECONDS)
                    .satisfies(view -> assertThat(view).map(JobView::result).contains("[1]"));
            assertThat(ownReads).hasValue(0);
        }
    }

    @Test
    void readsTheJobsOfOneAnnouncementTogetherAndWakesEachRequestWithItsOwn() {
        List<JobId> ids = List.of(JobId.random(MOCK), JobId.random(MOCK), JobId.random(MOCK));
        ids.forEach(id -> fixture.redis.hset(fixture.keys.job(id),
                Map.of("status", "done", "result", "\"" + id + "\"", "submitted_at", "1000")));
        List<List<JobId>> readCalls = new CopyOnWriteArrayList<>();
        JobStore counting = stub(new AtomicInteger(), asked -> {
            readCalls.add(asked);
            return store.findAllAsync(asked);
        });
        FinishedJobs announcements = new FinishedJobs(fixture.connections(), counting, fixture.keys,
                new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 10, 64));
        announcements.start();
        try {
            List<Watch> watches = ids.stream().map(id -> announcements.watch(id, Duration.ofSeconds(20)).orElseThrow())
                    .toList();
            var answers = watches.stream().map(w -> CompletableFuture.supplyAsync(w::await)).toList();

            fixture.redis.publish(fixture.keys.finishedChannel(), JobId.random(MOCK) + " " + ids.get(0) + " "
                    + ids.get(1) + " " + ids.get(2));

            for (int i = 0; i < ids.size(); i++) {
                String expected = "\"" + ids.get(i) + "\"";
                assertThat(answers.get(i)).succeedsWithin(5, TimeUnit.SECONDS)
                        .satisfies(view -> assertThat(view).map(JobView::result).contains(expected));
            }
            assertThat(readCalls).containsExactly(ids);
        } finally {
            announcements.stop(); // ends every wait still open
        }
    }

    @Test
    void aReadThatFailsOrCannotStartStillWakesItsRequestAtOnceAndTheRequestReadsTheStoreItself() {
        Function<List<JobId>, List<CompletionStage<Optional<JobView>>>> fails =
                ids -> List.of(CompletableFuture.failedFuture(new IllegalStateException("Redis went away")));
        Function<List<JobId>, List<CompletionStage<Optional<JobView>>>> throwsAtOnce = ids -> {
            throw new IllegalStateException("client shut down");
        };
        for (var read : List.of(fails, throwsAtOnce)) {
            JobId id = JobId.random(MOCK);
            fixture.redis.hset(fixture.keys.job(id), Map.of("status", "failed", "error", "boom", "submitted_at", "1000"));
            AtomicInteger ownReads = new AtomicInteger();
            JobStore failing = stub(ownReads, read);
            FinishedJobs announcements = new FinishedJobs(fixture.connections(), failing, fixture.keys,
                    new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 2, 64));
            announcements.start();
            try {
                JobWaiter waiter = new JobWaiter(failing, announcements);
                Watch watch = waiter.watchAhead(id, Duration.ofSeconds(30)).orElseThrow();
                var answer = CompletableFuture.supplyAsync(() -> waiter.awaitWatched(id, watch));

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
    private JobStore stub(AtomicInteger reads, Function<List<JobId>, List<CompletionStage<Optional<JobView>>>> readAsync) {
        return new JobStore() {
            @Override
            public List<Admission> submitAll(List<Submission> submissions) {
                return store.submitAll(submissions);
            }

            @Override
            public Optional<JobView> find(JobId id) {
                reads.incrementAndGet();
                return store.find(id);
            }

            @Override
            public List<CompletionStage<Optional<JobView>>> findAllAsync(List<JobId> ids) {
                return readAsync.apply(ids);
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
        try (Watch watch = finished.watch(gone, Duration.ofSeconds(20)).orElseThrow()) {
            var woken = CompletableFuture.supplyAsync(watch::await);

            fixture.redis.publish(fixture.keys.finishedChannel(), gone.toString());

            assertThat(woken).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
        }
    }

    @Test
    void boundsHowManyRequestsWaitAndFreesTheirPlacesWhenTheyClose() {
        Watch a = finished.watch(JobId.random(MOCK), Duration.ofSeconds(20)).orElseThrow();
        Watch b = finished.watch(JobId.random(MOCK), Duration.ofSeconds(20)).orElseThrow();

        assertThat(finished.watch(JobId.random(MOCK), Duration.ofSeconds(20))).isEmpty();
        assertThat(finished.waiting()).isEqualTo(2);

        a.close();
        a.close();
        assertThat(finished.waiting()).isEqualTo(1);
        Optional<Watch> c = finished.watch(JobId.random(MOCK), Duration.ofSeconds(20));
        assertThat(c).isPresent();
        b.close();
        c.get().close();
        assertThat(finished.waiting()).isZero();
    }

    @Test
    void anAnnouncementAfterTheWatchClosedWakesNothingAndLeavesNothingBehind() {
        JobId id = JobId.random(MOCK);
        finished.watch(id, Duration.ofSeconds(20)).orElseThrow().close();

        finished.finished(id.toString());

        assertThat(finished.waiting()).isZero();
        try (Watch again = finished.watch(id, Duration.ofMillis(50)).orElseThrow()) {
            assertThat(again.await()).isEmpty();
        }
    }

    @Test
    void stoppingWakesEveryWaitingRequestAndRefusesNewOnes() {
        try (Watch watch = finished.watch(JobId.random(MOCK), Duration.ofSeconds(20)).orElseThrow()) {
            var woken = CompletableFuture.supplyAsync(watch::await);
            finished.stop();

            assertThat(woken).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(Optional.empty());
            assertThat(finished.isRunning()).isFalse();
            assertThat(finished.watch(JobId.random(MOCK), Duration.ofSeconds(20))).isEmpty();
        }
    }
}

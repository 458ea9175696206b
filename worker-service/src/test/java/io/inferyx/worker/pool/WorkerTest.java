package io.inferyx.worker.pool;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.FinishReport;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.batch.StartedBatch;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.Backoff;
import io.inferyx.common.retry.RetryPolicy;
import io.inferyx.common.testing.RecordingLeases;
import io.inferyx.worker.metrics.WorkerMetrics;
import io.inferyx.worker.model.InferenceModel;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.inferyx.worker.pool.TestModels.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker loop against an in-memory queue and leases that log every call in one sequence. */
class WorkerTest {

    private static final HolderId HOLDER = new HolderId("test-mock-w1");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");
    private static final Duration LEASE_TTL = Duration.ofSeconds(3);

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final FakeQueue queue = new FakeQueue();
    private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
    private final SleptClock clock = new SleptClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** What the worker logs: a finish answered by its receipt must not read as a lapsed lease. */
    private final ListAppender<ILoggingEvent> workerLog = new ListAppender<>();
    private Worker worker;
    private Thread thread;

    /** A copy of the events so far: the worker thread keeps adding to the list. */
    private List<String> events() {
        return new ArrayList<>(events); // toArray, and so the copy, holds the list's lock
    }

    /** How many times {@code event} happened so far, counted on a copy. */
    private int count(String event) {
        return Collections.frequency(events(), event);
    }

    private void start(InferenceModel model) {
        WorkerMetrics metrics = new WorkerMetrics(registry, MODEL);
        RetryPolicy retry = new RetryPolicy(3, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0), () -> 0);
        worker = new Worker(HOLDER, queue, new WorkerLease(new RecordingLeases(events), MODEL, HOLDER, LEASE_TTL),
                new BatchRunner(model, retry, metrics), metrics, clock,
                new Worker.Settings(Duration.ofMillis(20), Duration.ofMillis(1), Duration.ofMillis(4)), pause -> {
                    slept.add(pause);
                    clock.advance(pause);
                });
        thread = Thread.ofPlatform().name("test-worker").start(worker);
    }

    private List<String> workerMessages() {
        synchronized (workerLog) { // the appender appends under its own lock
            return workerLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @BeforeEach
    void captureWorkerLog() {
        workerLog.start();
        ((Logger) LoggerFactory.getLogger(Worker.class)).addAppender(workerLog);
    }

    @AfterEach
    void stopWorker() throws InterruptedException {
        ((Logger) LoggerFactory.getLogger(Worker.class)).detachAppender(workerLog);
        if (worker != null) {
            worker.requestStop();
            assertThat(thread.join(Duration.ofSeconds(5))).as("worker thread ended").isTrue();
        }
    }

    @Test
    void takesItsLeaseBeforeItsFirstClaim() {
        start(TestModels.echo());

        await().until(() -> events.contains("claim"));
        assertThat(events().subList(0, 3)).containsExactly("release", "acquire", "claim");
    }

    @Test
    void runsAClaimedBatchAndFinishesItWithASettlementPerJob() {
        start(TestModels.echo());
        Batch batch = queue.offer("a", "b");

        await().until(() -> queue.finished.size() == 1);

        assertThat(queue.finished.getFirst()).containsExactly(
                new Settlement.Done(batch.jobs().get(0), "\"ok:a\""), new Settlement.Done(batch.jobs().get(1), "\"ok:b\""));
        assertThat(registry.get("inferyx.jobs.completed").counter().count()).isEqualTo(2);
        assertThat(registry.get("inferyx.queue.wait").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(2 * 10.0);
    }

    @Test
    void aRedisErrorPausesThenHandsBackHeldWorkBeforeClaimingAgain() {
        queue.claimFailures.set(1);
        start(TestModels.echo());

        await().until(() -> count("claim") >= 2);

        assertThat(events().subList(0, 6)).containsExactly("release", "acquire", "claim", "release", "acquire", "claim");
        Batch batch = queue.offer("after the outage");
        await().until(() -> queue.finished.size() == 1);
        assertThat(queue.finished.getFirst()).extracting(Settlement::id).containsExactly(batch.jobs().getFirst());
    }

    @Test
    void aFailedFinishIsRetriedWithTheSameSettlements() {
        queue.finishFailures.set(1);
        start(TestModels.echo());
        queue.offer("a");

        await().until(() -> queue.finished.size() == 1);

        assertThat(queue.finishCalls).hasValue(2);
        assertThat(slept).containsExactly(Duration.ofMillis(1));
        assertThat(count("release")).as("the batch was not handed back").isEqualTo(1);
    }

    @Test
    void aFinishWhoseReplyWasLostIsAnsweredByItsReceiptAndCountedOnce() {
        queue.lostReplies.set(1);
        start(TestModels.echo());
        queue.offer("a", "b");

        await().until(() -> queue.finishCalls.get() == 2);

        assertThat(queue.finished).hasSize(1);
        await().until(() -> registry.get("inferyx.batches.processed").counter().count() == 1);
        assertThat(registry.get("inferyx.jobs.completed").counter().count()).isEqualTo(2);
        assertThat(count("release")).as("the batch was not handed back").isEqualTo(1);
        await().until(() -> workerMessages().stream().anyMatch(m -> m.contains("the reply to its first finish was lost")));
        assertThat(workerMessages()).noneMatch(message -> message.contains("lease lapsed"));
    }

    @Test
    void aFinishFailingThroughAnOutageShorterThanTheLeaseIsRetriedUntilItLands() {
        queue.finishFailures.set(100);
        start(TestModels.echo());
        queue.offer("a");

        await().until(() -> queue.finished.size() == 1);

        assertThat(queue.finishCalls).hasValue(101);
        assertThat(count("release")).as("the batch was not handed back").isEqualTo(1);
    }

    @Test
    void aFinishStillFailingWhenTheLeaseWouldHaveLapsedGivesUpAndHandsTheBatchBack() {
        queue.finishFailures.set(Integer.MAX_VALUE);
        start(TestModels.echo());
        queue.offer("a");

        await().until(() -> count("acquire") == 2);

        Duration paused = slept.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(paused).as("pauses between finishes").isBetween(LEASE_TTL.minusMillis(4), LEASE_TTL);
        assertThat(queue.finished).isEmpty();
        List<String> sequence = events();
        int handBack = sequence.lastIndexOf("release");
        assertThat(sequence.subList(handBack - 1, handBack + 2)).containsExactly("finish", "release", "acquire");
    }

    @Test
    void aStopRequestedDuringABatchFinishesTheBatchFirst() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        start(TestModels.model(inputs -> {
            running.countDown();
            awaitUninterruptibly(proceed);
            return TestModels.echo().infer(inputs);
        }));
        queue.offer("slow");
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        worker.requestStop();
        assertThat(worker.isBusy()).isTrue();
        proceed.countDown();

        assertThat(thread.join(Duration.ofSeconds(5))).isTrue();
        assertThat(queue.finished).hasSize(1);
        assertThat(events().subList(events.size() - 3, events.size())).containsExactly("finish", "release", "close");
    }

    @Test
    void takesTheNextWaitingBatchInTheRoundTripOfTheFinishInsteadOfClaimingIt() {
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");
        start(TestModels.model(inputs -> {
            events.add("infer");
            return TestModels.echo().infer(inputs);
        }));

        await().until(() -> count("claim") >= 2);

        assertThat(events().subList(2, 15)).containsExactly(
                "claim", "start", "infer", "finish", "take", "start",
                "infer", "finish", "take", "start",
                "infer", "finish", "take");
        assertThat(events().get(15)).isEqualTo("claim");
        assertThat(queue.finished).hasSize(3);
    }

    @Test
    void aStopRequestedDuringABatchTakesNoFurtherBatch() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        queue.offer("first");
        queue.offer("second");
        start(TestModels.model(inputs -> {
            running.countDown();
            awaitUninterruptibly(proceed);
            return TestModels.echo().infer(inputs);
        }));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        worker.requestStop();
        proceed.countDown();

        assertThat(thread.join(Duration.ofSeconds(5))).isTrue();
        assertThat(queue.finished).hasSize(1);
        assertThat(queue.waiting).hasSize(1);
        assertThat(events()).doesNotContain("take");
    }

    @Test
    void aFailedTakeStillFinishesTheBatchThenHandsBackHeldWorkBeforeClaimingAgain() {
        queue.takeFailures.set(1);
        queue.offer("a");
        start(TestModels.echo());

        await().until(() -> count("claim") >= 2);

        assertThat(events().subList(2, 9)).containsExactly("claim", "start", "finish", "take", "release", "acquire",
                "claim");
        assertThat(queue.finished).hasSize(1);
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clock that moves only when the worker sleeps, so its pauses add up to the time passed. */
    private static final class SleptClock extends Clock {
        private volatile Instant now = NOW;

        void advance(Duration pause) {
            now = now.plus(pause);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** An in-memory {@link WorkQueue}: claims block on a Java queue, as BLMOVE blocks on Redis. */
    private final class FakeQueue implements WorkQueue {
        final BlockingQueue<Batch> waiting = new LinkedBlockingQueue<>();
        final List<List<Settlement>> finished = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger claimFailures = new AtomicInteger();
        final AtomicInteger takeFailures = new AtomicInteger();
        final AtomicInteger finishFailures = new AtomicInteger();
        final AtomicInteger finishCalls = new AtomicInteger();
        /** Finishes that land but whose reply is lost, as when the connection drops right after. */
        final AtomicInteger lostReplies = new AtomicInteger();

        private final Map<String, FinishReport> receipts = new ConcurrentHashMap<>();

        private final Map<String, List<String>> inputsByBatch = new ConcurrentHashMap<>();

        Batch offer(String... inputs) {
            List<JobId> ids = Arrays.stream(inputs).map(i -> JobId.random(MODEL)).toList();
            Batch batch = new Batch(Batch.newId(), MODEL, ids);
            inputsByBatch.put(batch.id(), List.of(inputs));
            waiting.add(batch);
            return batch;
        }

        @Override
        public Optional<Batch> claim(Duration timeout) {
            events.add("claim");
            if (claimFailures.getAndDecrement() > 0) {
                throw new RedisConnectionException("connection refused");
            }
            try {
                return Optional.ofNullable(waiting.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        @Override
        public List<RunningJob> start(Batch batch) {
            events.add("start");
            List<String> inputs = inputsByBatch.get(batch.id());
            List<RunningJob> jobs = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                jobs.add(new RunningJob(batch.jobs().get(i), inputs.get(i), 1, NOW.minusSeconds(20), NOW.minusSeconds(10)));
            }
            return jobs;
        }

        @Override
        public Optional<StartedBatch> takeNext() {
            events.add("take");
            if (takeFailures.getAndDecrement() > 0) {
                throw new RedisConnectionException("connection reset");
            }
            return Optional.ofNullable(waiting.poll()).map(batch -> new StartedBatch(batch, start(batch)));
        }

        @Override
        public FinishReport finish(Batch batch, List<RunningJob> jobs, List<Settlement> settlements) {
            events.add("finish");
            finishCalls.incrementAndGet();
            if (finishFailures.getAndDecrement() > 0) {
                throw new RedisCommandTimeoutException("timed out");
            }
            FinishReport receipt = receipts.get(batch.id());
            if (receipt != null) {
                return new FinishReport(FinishReport.Outcome.REPEATED, receipt.done(), receipt.retried(), receipt.failed());
            }
            finished.add(settlements);
            int done = (int) settlements.stream().filter(Settlement.Done.class::isInstance).count();
            receipts.put(batch.id(), FinishReport.settled(done, settlements.size() - done, 0));
            if (lostReplies.getAndDecrement() > 0) {
                throw new RedisConnectionException("connection reset after the finish landed");
            }
            return receipts.get(batch.id());
        }

        @Override
        public CompletableFuture<FinishReport> finishAsync(Batch batch, List<RunningJob> jobs,
                                                           List<Settlement> settlements) {
            try {
                return CompletableFuture.completedFuture(finish(batch, jobs, settlements));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public void close() {
            events.add("close");
        }
    }
}

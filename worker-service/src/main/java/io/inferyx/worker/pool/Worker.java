package io.inferyx.worker.pool;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.FinishReport;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.RunningJob;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.batch.StartedBatch;
import io.inferyx.common.batch.WorkQueue;
import io.inferyx.worker.Sleeper;
import io.inferyx.worker.metrics.WorkerMetrics;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One worker: a loop on its own thread that claims a batch, starts it, runs the model and
 * finishes it, all through its own {@link WorkQueue}. While batches wait, it goes from one to the
 * next without a claim: the finish of one and the take of the next share one round trip.
 *
 * <p>A stop request is honoured between batches only: a claimed batch is always run and
 * finished first. An error pauses the loop (with a capped, growing backoff) instead of ending
 * it; afterwards the worker cannot know whether Redis applied its last step, so before it claims
 * again it hands back whatever its processing list holds and takes its lease afresh. When the
 * loop ends, the worker releases its lease and closes its connection.
 */
public final class Worker implements Runnable {

    /** How one worker behaves: its claim blocks at most {@code claimTimeout}; errors pause it. */
    public record Settings(Duration claimTimeout, Duration errorBackoff, Duration maxErrorBackoff) { }

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final HolderId id;
    private final WorkQueue queue;
    private final WorkerLease lease;
    private final BatchRunner runner;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final Settings settings;
    private final Sleeper sleeper;
    private final ErrorBackoff backoff;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean busy;
    // true before the first lease and after any error; read and written by the worker thread only
    private boolean leaseInDoubt = true;

    public Worker(HolderId id, WorkQueue queue, WorkerLease lease, BatchRunner runner, WorkerMetrics metrics,
                  Clock clock, Settings settings, Sleeper sleeper) {
        this.id = id;
        this.queue = queue;
        this.lease = lease;
        this.runner = runner;
        this.metrics = metrics;
        this.clock = clock;
        this.settings = settings;
        this.sleeper = sleeper;
        this.backoff = new ErrorBackoff(settings.errorBackoff(), settings.maxErrorBackoff());
    }

    @Override
    public void run() {
        log.debug("Worker {} started", id);
        try {
            while (!isStopRequested()) {
                runOnce();
            }
        } finally {
            releaseAndClose();
        }
    }

    /** Asks the worker to stop after its current batch, if any; returns at once. */
    public void requestStop() {
        stopRequested.countDown();
    }

    public boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Whether the worker holds a claimed batch right now. */
    public boolean isBusy() {
        return busy;
    }

    public HolderId id() {
        return id;
    }

    private void runOnce() {
        try {
            if (leaseInDoubt) {
                lease.reset();
                leaseInDoubt = false;
            }
            Optional<Batch> claimed = queue.claim(settings.claimTimeout());
            if (claimed.isPresent()) {
                runFrom(new StartedBatch(claimed.get(), queue.start(claimed.get())));
            }
            backoff.reset();
        } catch (RuntimeException e) {
            leaseInDoubt = true;
            pauseAfter(e);
        }
    }

    /** Runs batches back to back for as long as one waits when the last is finished. */
    private void runFrom(StartedBatch first) {
        busy = true;
        try {
            Optional<StartedBatch> next = Optional.of(first);
            while (next.isPresent()) {
                next = runAndTakeNext(next.get());
            }
        } finally {
            busy = false;
        }
    }

    private Optional<StartedBatch> runAndTakeNext(StartedBatch current) {
        List<RunningJob> started = current.jobs();
        metrics.jobsStarted(started, clock.instant());
        List<Settlement> settlements = runner.run(started);
        // finish even when nothing started: it takes the batch record off the processing list
        CompletableFuture<FinishReport> finishing = queue.finishAsync(current.batch(), started, settlements);
        try {
            // sent behind the finish: one round trip for both; a stopping worker takes nothing more
            return isStopRequested() ? Optional.empty() : queue.takeNext();
        } finally {
            settled(current, settlements, finish(current.batch(), started, settlements, finishing));
        }
    }

    private void settled(StartedBatch batch, List<Settlement> settlements, FinishReport report) {
        metrics.batchFinished(batch.jobs(), settlements, report, clock.instant());
        if (report.outcome() == FinishReport.Outcome.REPEATED) {
            log.info("Worker {} had finished batch {}: the reply to its first finish was lost", id, batch.batch().id());
        } else if (!report.owned() && !batch.jobs().isEmpty()) {
            log.warn("Worker {} lost batch {} before finishing it: its lease lapsed and the jobs were handed back",
                    id, batch.batch().id());
        }
    }

    private static FinishReport joined(CompletableFuture<FinishReport> finishing) {
        try {
            return finishing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The reply of the finish already sent; while Redis fails, {@link #finishAgain}. */
    private FinishReport finish(Batch batch, List<RunningJob> started, List<Settlement> settlements,
                                CompletableFuture<FinishReport> sent) {
        try {
            return joined(sent);
        } catch (RedisException e) {
            return finishAgain(batch, started, settlements, e);
        }
    }

    /**
     * {@link WorkQueue#finish} again, pausing as after any error, until the lease would have
     * lapsed. Finishing is idempotent (a second finish of the same batch writes nothing and answers
     * with what the first wrote, when the first landed and only its reply was lost), so an
     * outage shorter than the lease costs none of the model's results; after it, the recovery
     * sweep may have handed the batch back, and the worker gives up and hands back the rest.
     */
    private FinishReport finishAgain(Batch batch, List<RunningJob> started, List<Settlement> settlements,
                                     RedisException failure) {
        Instant giveUpAt = clock.instant().plus(lease.ttl());
        for (Duration pause = backoff.next(); !clock.instant().plus(pause).isAfter(giveUpAt); pause = backoff.next()) {
            log.warn("Worker {} could not finish batch {} ({}); trying again in {} ms", id, batch.id(),
                    failure.toString(), pause.toMillis());
            sleepOrGiveUp(pause, failure);
            try {
                FinishReport report = queue.finish(batch, started, settlements);
                backoff.reset(); // Redis is back: the next error starts from the shortest pause
                return report;
            } catch (RedisException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private void sleepOrGiveUp(Duration pause, RedisException cause) {
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private void pauseAfter(RuntimeException e) {
        Duration pause = backoff.next();
        if (isStopRequested()) {
            // typically an overdue worker whose pool has already shut Redis down around it
            log.warn("Worker {} failed while stopping ({})", id, e.toString());
            return;
        }
        if (e instanceof RedisException) {
            log.warn("Worker {}: Redis failed ({}); pausing {} ms", id, e.toString(), pause.toMillis());
        } else {
            log.error("Worker {} failed; pausing {} ms", id, pause.toMillis(), e);
        }
        try {
            // a stop request cuts the pause short: there is no batch to finish
            stopRequested.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            requestStop();
        }
    }

    private void releaseAndClose() {
        try {
            lease.release();
            log.debug("Worker {} stopped", id);
        } catch (RuntimeException e) {
            log.warn("Worker {} could not release its lease ({}); it lapses on its own and the recovery sweep "
                    + "hands back anything left", id, e.toString());
        } finally {
            queue.close();
        }
    }
}

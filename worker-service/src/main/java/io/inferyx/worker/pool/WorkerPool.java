package io.inferyx.worker.pool;

import io.inferyx.common.batch.HolderIds;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.Leases;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.worker.metrics.WorkerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers of one model, each on its own platform thread (models are CPU-bound).
 *
 * <p>Starts with the policy's minimum; every check interval the autoscaler sizes the pool to
 * the model's backlog: new workers to grow at once, and to shrink (only to the largest size called
 * for within the scale-down delay), the newest workers stop after their current batch and release
 * their lease. A heartbeat renews the leases of all live workers.
 * {@link #stop()} lets in-flight batches finish, up to a deadline; a worker still busy then has
 * its lease released, which hands its batch back to the queue.
 */
public final class WorkerPool implements SmartLifecycle {

    /** Where the pool is in its life; it may start again after a stop. */
    public enum State { NEW, RUNNING, STOPPING, STOPPED }

    /** Makes the worker that runs under a given holder id and lease. */
    @FunctionalInterface
    public interface WorkerFactory {
        Worker create(HolderId id, WorkerLease lease);
    }

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final ModelId model;
    private final PoolSettings settings;
    private final Leases leases;
    private final JobStore jobs;
    private final WorkerFactory factory;
    private final HolderIds holderIds;
    private final List<Handle> handles = new CopyOnWriteArrayList<>();
    private final AtomicInteger serial = new AtomicInteger();
    private final ScaleDownDelay scaleDown;
    private volatile State state = State.NEW;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> autoscaler;
    private volatile Runnable heartbeat = () -> { };
    private volatile Runnable stopped = () -> { };

    public WorkerPool(ModelId model, PoolSettings settings, Leases leases, JobStore jobs,
                      WorkerFactory factory, HolderIds holderIds, WorkerMetrics metrics) {
        this.model = model;
        this.settings = settings;
        this.scaleDown = new ScaleDownDelay(settings.scaleDownDelay());
        this.leases = leases;
        this.jobs = jobs;
        this.factory = factory;
        this.holderIds = holderIds;
        metrics.bindPool(this::busyWorkers, this::liveWorkers);
    }

    /**
     * Runs {@code beat} when the pool starts and on every heartbeat while it runs (the model's
     * readiness mark), and {@code end} once it has stopped.
     */
    public void onHeartbeat(Runnable beat, Runnable end) {
        this.heartbeat = beat;
        this.stopped = end;
    }

    @Override
    public synchronized void start() {
        if (state == State.RUNNING || state == State.STOPPING) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pool-" + model).daemon().factory());
        state = State.RUNNING;
        log.info("Worker pool of {} starting: {}", model, settings.scaling());
        // the first workers start now; if Redis is not there yet, the autoscaler tries again
        guarded("rescale", this::rescale).run();
        guarded("readiness", heartbeat).run();
        long check = settings.checkInterval().toMillis();
        autoscaler = scheduler.scheduleWithFixedDelay(guarded("rescale", this::rescale), check, check,
                TimeUnit.MILLISECONDS);
        long beat = settings.heartbeatInterval().toMillis();
        scheduler.scheduleAtFixedRate(guarded("heartbeat", this::renewLeases), beat, beat, TimeUnit.MILLISECONDS);
    }

    /** Stops every worker after its current batch and waits up to the stop timeout. */
    @Override
    public void stop() {
        if (beginStop()) {
            awaitWorkers();
        }
    }

    /** As {@link #stop()}, without blocking the caller, so that the pools of all models stop together. */
    @Override
    public void stop(Runnable callback) {
        if (!beginStop()) {
            callback.run();
            return;
        }
        Thread.ofPlatform().name("pool-" + model + "-stop").start(() -> {
            try {
                awaitWorkers();
            } finally {
                callback.run();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    public State state() {
        return state;
    }

    public ModelId model() {
        return model;
    }

    /** Workers the pool counts towards its size: live and not asked to stop. */
    public int activeWorkers() {
        return (int) handles.stream().filter(h -> h.isAlive() && !h.retiring).count();
    }

    /** Workers whose thread is running, including those finishing a last batch. */
    public int liveWorkers() {
        return (int) handles.stream().filter(Handle::isAlive).count();
    }

    public int busyWorkers() {
        return (int) handles.stream().filter(h -> h.isAlive() && h.worker.isBusy()).count();
    }

    /** Sizes the pool to the backlog; runs every check interval. */
    private void rescale() {
        OptionalLong backlog = readBacklog();
        synchronized (this) {
            if (state != State.RUNNING) {
                return;
            }
            reapExited();
            int current = activeWorkers();
            int calledFor = backlog.isPresent()
                    ? settings.scaling().desiredWorkers(backlog.getAsLong())
                    : Math.max(current, settings.scaling().min());
            int desired = scaleDown.size(calledFor, Instant.now());
            if (desired != current) {
                log.info("Scaling {} from {} to {} workers (backlog {})", model, current, desired,
                        backlog.isPresent() ? backlog.getAsLong() : "unknown");
            }
            for (int i = current; i < desired; i++) {
                spawn();
            }
            for (int i = current; i > desired; i--) {
                retireNewest();
            }
        }
    }

    private OptionalLong readBacklog() {
        try {
            return OptionalLong.of(jobs.backlog(model));
        } catch (RuntimeException e) {
            // without a backlog, keep the pool as it is (but at least at its minimum)
            log.warn("Cannot read the backlog of {} ({}); keeping the pool size", model, e.toString());
            return OptionalLong.empty();
        }
    }

    private void spawn() {
        HolderId id = holderIds.holder(model + "-w" + serial.incrementAndGet());
        WorkerLease lease = new WorkerLease(leases, model, id, settings.leaseTtl());
        Worker worker = factory.create(id, lease);
        Handle handle = new Handle(worker, lease, Thread.ofPlatform().name("worker-" + id).daemon().unstarted(worker));
        handles.add(handle);
        handle.thread.start();
    }

    private void retireNewest() {
        Handle newest = handles.stream().filter(h -> h.isAlive() && !h.retiring).toList().getLast();
        newest.retiring = true;
        newest.worker.requestStop();
    }

    private void reapExited() {
        for (Handle h : handles) {
            if (!h.isAlive()) {
                if (!h.retiring) {
                    log.error("Worker {} ended unexpectedly; the pool replaces it", h.worker.id());
                }
                handles.remove(h);
            }
        }
    }

    private void renewLeases() {
        if (state == State.RUNNING) {
            guarded("readiness", heartbeat).run();
        }
        for (Handle h : handles) {
            if (h.isAlive()) {
                try {
                    h.lease.renew();
                } catch (RuntimeException e) {
                    log.warn("Cannot renew the lease of worker {} ({})", h.worker.id(), e.toString());
                }
            }
        }
    }

    private synchronized boolean beginStop() {
        if (state != State.RUNNING) {
            return false;
        }
        state = State.STOPPING;
        autoscaler.cancel(false);
        guarded("readiness", stopped).run();
        log.info("Worker pool of {} stopping: {} workers finish their current batch", model, liveWorkers());
        handles.forEach(h -> h.worker.requestStop());
        return true;
    }

    private void awaitWorkers() {
        // the heartbeat keeps running meanwhile: a long batch must not lose its lease
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        for (Handle h : handles) {
            join(h.thread, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        handles.stream().filter(Handle::isAlive).forEach(this::abandon);
        synchronized (this) {
            scheduler.shutdownNow();
            handles.clear();
            state = State.STOPPED;
        }
        guarded("readiness", stopped).run();
        log.info("Worker pool of {} stopped", model);
    }

    private static void join(Thread thread, Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void abandon(Handle h) {
        log.warn("Worker {} is still busy after {}; handing its batch back to the queue", h.worker.id(),
                settings.stopTimeout());
        try {
            // the worker's own finish then finds the batch gone and writes nothing
            h.lease.release();
        } catch (RuntimeException e) {
            log.warn("Cannot release the lease of worker {} ({}); it lapses on its own", h.worker.id(), e.toString());
        }
    }

    private Runnable guarded(String task, Runnable body) {
        // an exception would cancel the periodic task for good
        return () -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                log.warn("Worker pool of {}: {} failed", model, task, e);
            }
        };
    }

    private static final class Handle {
        final Worker worker;
        final WorkerLease lease;
        final Thread thread;
        volatile boolean retiring;

        Handle(Worker worker, WorkerLease lease, Thread thread) {
            this.worker = worker;
            this.lease = lease;
            this.thread = thread;
        }

        boolean isAlive() {
            return thread.isAlive();
        }
    }
}

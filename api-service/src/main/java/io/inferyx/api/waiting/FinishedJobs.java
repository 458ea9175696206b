package io.inferyx.api.waiting;

import io.inferyx.api.ApiProperties;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.JobView;
import io.inferyx.common.loop.ServiceLoop;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.redis.RedisKeys;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The finished-job announcements of this process: one Redis subscription to
 * {@link RedisKeys#finishedChannel()} (the worker's finish script publishes the ids it settled),
 * dispatched to the requests waiting for those jobs. Waiting requests cost no Redis traffic.
 * Each announced job that a request waits for is read once, here, without blocking, and handed
 * to its waiters: a request that waits makes no read of its own after the wake-up. The jobs of
 * one announcement are read together, in one round trip. A wait that outlives its deadline is
 * ended by {@link WaitDeadlines}.
 *
 * <p>At most {@code inferyx.api.max-waiters} requests wait at once; past that {@link #watch}
 * answers empty and the request answers with the job as it stands.
 */
@Component
public class FinishedJobs implements SmartLifecycle {

    /** Subscribe before the web server takes requests, unsubscribe after it has drained them. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final RedisConnections connections;
    private final JobStore store;
    private final String channel;
    private final int capacity;
    private final ConcurrentHashMap<String, Set<Watch>> watches = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong serials = new AtomicLong();
    private final LongSupplier nanoTime = System::nanoTime;
    private final WaitDeadlines deadlines = new WaitDeadlines(nanoTime);
    private volatile StatefulRedisPubSubConnection<String, String> subscription;
    private volatile ServiceLoop deadlineLoop;

    public FinishedJobs(RedisConnections connections, JobStore store, RedisKeys keys, ApiProperties properties) {
        this.connections = connections;
        this.store = store;
        this.channel = keys.finishedChannel();
        this.capacity = properties.maxWaiters();
    }

    /**
     * Starts watching {@code id} for up to {@code wait}; the caller must close the watch. Empty
     * when at capacity or stopped.
     */
    public Optional<Watch> watch(JobId id, Duration wait) {
        if (subscription == null) {
            return Optional.empty();
        }
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return Optional.empty();
        }
        Watch watch = new Watch(id.toString(), nanoTime.getAsLong() + wait.toNanos(), serials.incrementAndGet(),
                this::forget);
        watches.compute(watch.jobId(), (key, set) -> {
            Set<Watch> waiters = set == null ? ConcurrentHashMap.newKeySet() : set;
            waiters.add(watch);
            return waiters;
        });
        deadlines.add(watch);
        if (subscription == null) {
            watch.wake(Optional.empty()); // stopped meanwhile: stop() may have missed this watch
        }
        return Optional.of(watch);
    }

    /** How many requests are waiting now. */
    public int waiting() {
        return waiting.get();
    }

    /** Handles one announcement: the space-separated ids of the jobs a worker settled. */
    void finished(String message) {
        Map<JobId, Set<Watch>> watched = new LinkedHashMap<>();
        for (String id : message.split(" ")) {
            // watched ids are JobId strings, so they parse
            take(id).ifPresent(waiters -> watched.put(JobId.parse(id), waiters));
        }
        if (!watched.isEmpty()) {
            handOver(watched);
        }
    }

    /** The waiters of a job, no longer registered: each is woken once, by whoever took them. */
    private Optional<Set<Watch>> take(String jobId) {
        return Optional.ofNullable(watches.remove(jobId));
    }

    /**
     * Reads the jobs, all in one round trip, and wakes each job's waiters with it; without it
     * when the read fails, so they read it themselves.
     */
    private void handOver(Map<JobId, Set<Watch>> watched) {
        List<JobId> ids = List.copyOf(watched.keySet());
        try {
            List<CompletionStage<Optional<JobView>>> reads = store.findAllAsync(ids);
            for (int i = 0; i < ids.size(); i++) {
                Set<Watch> waiters = watched.get(ids.get(i));
                reads.get(i).whenComplete((view, failure) -> wake(waiters, failure == null ? view : Optional.empty()));
            }
        } catch (RuntimeException readNotStarted) {
            watched.values().forEach(waiters -> wake(waiters, Optional.empty()));
        }
    }

    private static void wake(Set<Watch> waiters, Optional<JobView> view) {
        waiters.forEach(watch -> watch.wake(view));
    }

    private void forget(Watch watch) {
        deadlines.remove(watch);
        watches.computeIfPresent(watch.jobId(), (id, waiters) -> {
            waiters.remove(watch);
            return waiters.isEmpty() ? null : waiters;
        });
        waiting.decrementAndGet();
    }

    @Override
    public void start() {
        StatefulRedisPubSubConnection<String, String> connection = connections.pubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                finished(message);
            }
        });
        connection.sync().subscribe(channel);
        deadlineLoop = new ServiceLoop("wait-deadlines", deadlines, Duration.ofSeconds(5));
        deadlineLoop.start();
        subscription = connection;
    }

    /** Wakes every waiting request, so each answers with what the store holds now instead of hanging. */
    @Override
    public void stop() {
        StatefulRedisPubSubConnection<String, String> connection = subscription;
        subscription = null;
        if (connection != null) {
            connection.close();
        }
        ServiceLoop loop = deadlineLoop;
        if (loop != null) {
            loop.stop(); // its last act ends every wait still pending (WaitDeadlines.close)
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

package io.inferyx.api.waiting;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.JobView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/** Reads a job, waiting up to a given time for it to finish, without polling Redis. */
@Component
public class JobWaiter {

    private final JobStore store;
    private final FinishedJobs finished;

    public JobWaiter(JobStore store, FinishedJobs finished) {
        this.store = store;
        this.finished = finished;
    }

    /**
     * The job as soon as it is done or failed, else as it stands when {@code wait} ends; empty
     * when no such job exists. Reads Redis at most twice.
     */
    public Optional<JobView> await(JobId id, Duration wait) {
        Optional<Watch> watch = wait.isPositive() ? finished.watch(id) : Optional.empty();
        if (watch.isEmpty()) {
            return store.find(id);
        }
        try (Watch w = watch.get()) {
            // read after watching: a job that finishes in between is seen here or announced to w
            Optional<JobView> view = store.find(id);
            if (view.isEmpty() || view.get().status().isTerminal()) {
                return view;
            }
            w.await(wait);
            return store.find(id);
        }
    }

    /**
     * Opens a watch on a job this request is about to create, before it exists (empty when not
     * waiting or at capacity). Its finish cannot be announced before the watch is open, so
     * {@link #awaitWatched} needs no read before waiting: one Redis read per request fewer.
     */
    public Optional<Watch> watchAhead(JobId id, Duration wait) {
        return wait.isPositive() ? finished.watch(id) : Optional.empty();
    }

    /** The job once the watch opened by {@link #watchAhead} is announced or {@code wait} ends. */
    public Optional<JobView> awaitWatched(JobId id, Watch watch, Duration wait) {
        watch.await(wait);
        return store.find(id);
    }
}

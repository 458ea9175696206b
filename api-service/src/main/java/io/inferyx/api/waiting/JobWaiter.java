package io.inferyx.api.waiting;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.JobView;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * Reads a job, waiting up to a given time for it to finish, without polling Redis: a job
 * announced finished arrives with its announcement (see {@link FinishedJobs}).
 */
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
     * when no such job exists. Reads Redis at most twice, once when the job finishes in time.
     */
    public Optional<JobView> await(JobId id, Duration wait) {
        Optional<Watch> watch = wait.isPositive() ? finished.watch(id, wait) : Optional.empty();
        if (watch.isEmpty()) {
            return store.find(id);
        }
        try (Watch w = watch.get()) {
            // read after watching: a job that finishes in between is seen here or announced to w
            Optional<JobView> view = store.find(id);
            if (view.isEmpty() || view.get().status().isTerminal()) {
                return view;
            }
            return orRead(id, w.await());
        }
    }

    /**
     * Opens a watch on a job this request is about to create, before it exists (empty when not
     * waiting or at capacity). Its finish cannot be announced before the watch is open, so
     * {@link #awaitWatched} needs no read before waiting, and none after when the job finishes in time.
     * The wait counts from here, so the time the submit takes is part of {@code wait}.
     */
    public Optional<Watch> watchAhead(JobId id, Duration wait) {
        return wait.isPositive() ? finished.watch(id, wait) : Optional.empty();
    }

    /** The job once the watch opened by {@link #watchAhead} is announced or its wait ends. */
    public Optional<JobView> awaitWatched(JobId id, Watch watch) {
        return orRead(id, watch.await());
    }

    private Optional<JobView> orRead(JobId id, Optional<JobView> announced) {
        return announced.isPresent() ? announced : store.find(id);
    }
}

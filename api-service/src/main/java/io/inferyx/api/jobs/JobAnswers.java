package io.inferyx.api.jobs;

import io.inferyx.api.waiting.JobWaiter;
import io.inferyx.api.waiting.Watch;
import io.inferyx.api.web.ApiProblems;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.Submission;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Admits the jobs of one {@code POST /infer}, all or none, and answers each: from the cache, as
 * queued, or as it stands when it finishes or the wait ends. One wait covers the whole request:
 * each job is waited for only as long as is left of it.
 */
@Component
class JobAnswers {

    /** The jobs of one request, in the order of its inputs; {@code replayed} when some job existed already. */
    record Answer(List<JobResponse> jobs, boolean replayed) {

        boolean finished() {
            return jobs.stream().allMatch(JobResponse::finished);
        }
    }

    private final Admissions admissions;
    private final JobWaiter waiter;
    private final QueueProperties queue;
    private final LongSupplier nanoTime = System::nanoTime;

    JobAnswers(Admissions admissions, JobWaiter waiter, QueueProperties queue) {
        this.admissions = admissions;
        this.waiter = waiter;
        this.queue = queue;
    }

    /**
     * Throws the 429 when the backlog has no room for the new jobs, and the 422 when the
     * idempotency key was used for other inputs; nothing is written then.
     */
    Answer admit(List<Submission> submissions, Duration wait, Optional<String> idempotencyKey) {
        long deadline = nanoTime.getAsLong() + wait.toNanos();
        // watch before submitting: a job cannot finish unseen between the two
        List<Optional<Watch>> ahead = submissions.stream().map(s -> waiter.watchAhead(s.id(), wait)).toList();
        try {
            List<Admission> admitted = admissions.admitAll(submissions);
            refuseUnlessAdmitted(admitted, idempotencyKey);
            for (int i = 0; i < admitted.size(); i++) {
                if (!(admitted.get(i) instanceof Admission.Accepted)) {
                    ahead.get(i).ifPresent(Watch::close); // another job or none: free the slot now
                }
            }
            List<JobResponse> jobs = new ArrayList<>(admitted.size());
            for (int i = 0; i < admitted.size(); i++) {
                jobs.add(answer(admitted.get(i), ahead.get(i), wait, deadline));
            }
            return new Answer(jobs, admitted.stream().anyMatch(a -> a instanceof Admission.Duplicate));
        } finally {
            ahead.forEach(watch -> watch.ifPresent(Watch::close));
        }
    }

    private void refuseUnlessAdmitted(List<Admission> admitted, Optional<String> idempotencyKey) {
        for (Admission admission : admitted) {
            if (admission instanceof Admission.Rejected r) {
                throw ApiProblems.queueFull(r.id().model(), r.backlog(), queue.retryAfter());
            }
            if (admission instanceof Admission.Duplicate d && !d.sameInput()) {
                throw ApiProblems.idempotencyConflict(idempotencyKey.orElseThrow());
            }
        }
    }

    private JobResponse answer(Admission admission, Optional<Watch> ahead, Duration wait, long deadline) {
        return switch (admission) {
            case Admission.Cached c -> JobResponse.cached(c.id(), c.result());
            case Admission.Accepted a when wait.isZero() -> JobResponse.pending(a.id(), JobStatus.QUEUED, false);
            case Admission.Accepted a when ahead.isPresent() ->
                    JobResponse.current(a.id(), waiter.awaitWatched(a.id(), ahead.get()), false);
            case Admission.Accepted a -> awaited(a.id(), deadline, false);
            case Admission.Joined j -> awaited(j.id(), deadline, true);
            case Admission.Duplicate d -> awaited(d.id(), deadline, false);
            case Admission.Rejected r -> throw new IllegalStateException("refused before answering: " + r);
        };
    }

    private JobResponse awaited(JobId id, long deadline, boolean joined) {
        Duration left = Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong()));
        return JobResponse.current(id, waiter.await(id, left), joined);
    }
}

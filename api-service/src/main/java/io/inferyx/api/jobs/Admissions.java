package io.inferyx.api.jobs;

import io.inferyx.api.metrics.Outcome;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.Submission;
import org.springframework.stereotype.Service;

/**
 * Submits requests to the job store, which decides atomically (one Lua script) whether a request
 * is served from the cache, joins an identical job in flight, is refused, or becomes a new job;
 * and counts the decision.
 */
@Service
class Admissions {

    private final JobStore store;
    private final RequestMetrics metrics;

    Admissions(JobStore store, RequestMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    Admission admit(InferRequest request) {
        Admission admission = store.submit(new Submission(request.id(), request.input()));
        Outcome outcome = outcomeOf(admission);
        metrics.count(outcome, request.model());
        if (outcome == Outcome.CACHED) {
            metrics.cacheHit(request.model());
        } else if (outcome != Outcome.REJECTED && outcome != Outcome.REPLAYED) {
            metrics.cacheMiss(request.model());
        }
        return admission;
    }

    private static Outcome outcomeOf(Admission admission) {
        return switch (admission) {
            case Admission.Accepted a -> Outcome.ACCEPTED;
            case Admission.Cached c -> Outcome.CACHED;
            case Admission.Joined j -> Outcome.JOINED;
            case Admission.Rejected r -> Outcome.REJECTED;
            case Admission.Duplicate d -> Outcome.REPLAYED;
        };
    }
}

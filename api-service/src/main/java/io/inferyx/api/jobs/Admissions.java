package io.inferyx.api.jobs;

import io.inferyx.api.metrics.Outcome;
import io.inferyx.api.metrics.RequestMetrics;
import io.inferyx.common.job.Admission;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * Submits requests to the job store, which decides atomically (one Lua script per request)
 * whether each input is served from the cache, joins an identical job in flight, or becomes a new
 * job, or whether the request is refused; and counts each decision.
 */
@Service
class Admissions {

    private final JobStore store;
    private final RequestMetrics metrics;

    Admissions(JobStore store, RequestMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Admits the jobs of one request, all or none (see {@link JobStore#submitAll}), and counts each. */
    List<Admission> admitAll(List<Submission> submissions) {
        List<Admission> admissions = store.submitAll(submissions);
        admissions.forEach(this::count);
        return admissions;
    }

    private void count(Admission admission) {
        if (admission instanceof Admission.Duplicate d && !d.sameInput()) {
            return; // refused: the 422 it becomes counts the request once, as invalid
        }
        ModelId model = admission.id().model();
        Outcome outcome = outcomeOf(admission);
        metrics.count(outcome, model);
        if (outcome == Outcome.CACHED) {
            metrics.cacheHit(model);
        } else if (outcome != Outcome.REJECTED && outcome != Outcome.REPLAYED) {
            metrics.cacheMiss(model);
        }
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

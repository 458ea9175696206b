package io.inferyx.common.job;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The API side of the job store: admit submissions and read jobs. */
public interface JobStore {

    /** Admits a submission atomically; see {@link Admission} for the possible answers. */
    default Admission submit(Submission submission) {
        return submitAll(List.of(submission)).getFirst();
    }

    /**
     * Admits the submissions of one request, for one model, atomically and all or none: one
     * answer per submission, in order. Either each is {@code Accepted}, {@code Cached},
     * {@code Joined} (a repeated input joins its first occurrence) or {@code Duplicate} with the
     * same input (its id exists: a replay of that job), or nothing was written and each is
     * {@code Rejected} (the backlog has no room for all the new jobs) or each is {@code Duplicate}
     * without the same input (some id exists with another input).
     */
    List<Admission> submitAll(List<Submission> submissions);

    Optional<JobView> find(JobId id);

    /**
     * {@link #find} for several jobs at once, without blocking the caller and in one round trip:
     * one stage per id, in the order given. The reads complete on the store client's own thread,
     * so callbacks on them must not block.
     */
    List<CompletionStage<Optional<JobView>>> findAllAsync(List<JobId> ids);

    /** Accepted jobs of a model that have not finished yet. */
    long backlog(ModelId model);
}

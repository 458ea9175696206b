package io.inferyx.common.job;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The API side of the job store: admit submissions and read jobs. */
public interface JobStore {

    /** Admits a submission atomically; see {@link Admission} for the possible answers. */
    Admission submit(Submission submission);

    Optional<JobView> find(JobId id);

    /**
     * {@link #find} without blocking the caller: the read completes on the store client's own
     * thread, so callbacks on it must not block.
     */
    CompletionStage<Optional<JobView>> findAsync(JobId id);

    /** Accepted jobs of a model that have not finished yet. */
    long backlog(ModelId model);
}

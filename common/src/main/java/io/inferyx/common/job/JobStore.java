package io.inferyx.common.job;

import java.util.Optional;

/** The API side of the job store: admit submissions and read jobs. */
public interface JobStore {

    /** Admits a submission atomically; see {@link Admission} for the possible answers. */
    Admission submit(Submission submission);

    Optional<JobView> find(JobId id);

    /** Accepted jobs of a model that have not finished yet. */
    long backlog(ModelId model);
}

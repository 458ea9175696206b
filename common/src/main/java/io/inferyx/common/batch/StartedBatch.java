package io.inferyx.common.batch;

import java.util.List;

/** A batch a worker has claimed and started: the jobs of it that were still waiting to run. */
public record StartedBatch(Batch batch, List<RunningJob> jobs) {

    public StartedBatch {
        jobs = List.copyOf(jobs);
    }
}

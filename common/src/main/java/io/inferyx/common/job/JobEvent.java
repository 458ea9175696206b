package io.inferyx.common.job;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The verbs that move a job from one {@link JobStatus} to the next. */
public enum JobEvent {
    /** A retry whose backoff has passed goes back to its model queue. */
    ENQUEUE(JobStatus.QUEUED, EnumSet.of(JobStatus.RETRYING)),
    BATCH(JobStatus.BATCHED, EnumSet.of(JobStatus.QUEUED)),
    START(JobStatus.RUNNING, EnumSet.of(JobStatus.BATCHED)),
    SUCCEED(JobStatus.DONE, EnumSet.of(JobStatus.RUNNING)),
    RETRY(JobStatus.RETRYING, EnumSet.of(JobStatus.RUNNING)),
    /** Attempts exhausted, a failure that no retry can fix, or a job recovered too often. */
    FAIL(JobStatus.FAILED, EnumSet.of(JobStatus.BATCHED, JobStatus.RUNNING)),
    /** Work held by a dead worker or batcher goes back to its model queue. */
    RECOVER(JobStatus.QUEUED, EnumSet.of(JobStatus.BATCHED, JobStatus.RUNNING));

    private final JobStatus target;
    private final Set<JobStatus> sources;

    JobEvent(JobStatus target, Set<JobStatus> sources) {
        this.target = target;
        this.sources = sources;
    }

    public JobStatus target() {
        return target;
    }

    public Set<JobStatus> sources() {
        return EnumSet.copyOf(sources);
    }

    /** The source states as the scripts match them: {@code ",batched,running,"}. */
    public String sourcesForScript() {
        return sources.stream().map(JobStatus::wire).collect(Collectors.joining(",", ",", ","));
    }
}

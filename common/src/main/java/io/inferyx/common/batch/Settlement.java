package io.inferyx.common.batch;

import io.inferyx.common.job.JobId;

import java.time.Duration;

/** What becomes of one job after its run: done, retried after a delay, or failed for good. */
public sealed interface Settlement {

    JobId id();

    record Done(JobId id, String resultJson) implements Settlement { }

    record Retry(JobId id, String error, Duration delay) implements Settlement { }

    record Fail(JobId id, String error) implements Settlement { }
}

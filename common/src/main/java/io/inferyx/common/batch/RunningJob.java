package io.inferyx.common.batch;

import io.inferyx.common.job.JobId;

import java.time.Instant;

/**
 * A job a worker has started: its input, which attempt this is (1 for the first run), and
 * when it was submitted and last queued (for the latency metrics).
 */
public record RunningJob(JobId id, String input, int attempt, Instant submittedAt, Instant enqueuedAt) { }

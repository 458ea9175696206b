package io.inferyx.worker.pool;

/**
 * How many workers a backlog calls for: one per {@code jobsPerWorker} unfinished jobs,
 * never fewer than {@code min} nor more than {@code max}.
 */
public record ScalingPolicy(int min, int max, int jobsPerWorker) {

    public ScalingPolicy {
        if (min < 0 || max < 1 || min > max) {
            throw new IllegalArgumentException("need 0 <= min <= max and max >= 1, got min " + min + ", max " + max);
        }
        if (jobsPerWorker < 1) {
            throw new IllegalArgumentException("jobs per worker must be at least 1, got " + jobsPerWorker);
        }
    }

    public int desiredWorkers(long backlog) {
        long needed = backlog <= 0 ? 0 : Math.ceilDiv(backlog, jobsPerWorker);
        return Math.clamp(needed, min, max);
    }
}

package io.inferyx.common.retry;

import io.inferyx.common.batch.Settlement;
import io.inferyx.common.job.JobId;

import java.util.function.DoubleSupplier;

/**
 * Decides what becomes of a job whose run failed: another attempt after a backoff, or failure.
 * A job runs at most {@code 1 + maxRetries} times; a failure marked not retryable fails at once.
 */
public final class RetryPolicy {

    private final int maxRetries;
    private final Backoff backoff;
    private final DoubleSupplier random;

    public RetryPolicy(int maxRetries, Backoff backoff, DoubleSupplier random) {
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.random = random;
    }

    /**
     * @param attempt   the attempt that failed, 1 for the first run
     * @param retryable false when running again cannot help (bad input, say)
     */
    public Settlement afterFailure(JobId id, int attempt, String error, boolean retryable) {
        if (!retryable) {
            return new Settlement.Fail(id, error);
        }
        if (attempt > maxRetries) {
            return new Settlement.Fail(id, error + " (gave up after " + attempt + " attempts)");
        }
        return new Settlement.Retry(id, error, backoff.delay(attempt, random.getAsDouble()));
    }

    public int maxRetries() {
        return maxRetries;
    }
}

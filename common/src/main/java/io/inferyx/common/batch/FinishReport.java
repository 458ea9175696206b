package io.inferyx.common.batch;

/**
 * What a worker's finish reports: whether it settled the batch, and how many jobs became done,
 * were scheduled for a retry and failed (for {@link Outcome#REPEATED}, the earlier finish's counts).
 */
public record FinishReport(Outcome outcome, int done, int retried, int failed) {

    /** Whether the finish wrote anything, and when. */
    public enum Outcome {
        /** This finish settled the batch. */
        SETTLED,
        /** An earlier finish of this worker settled it (its reply was lost); the counts are that finish's. */
        REPEATED,
        /** The batch was no longer the worker's (its lease lapsed and it was recovered): nothing was written. */
        NOT_OWNED
    }

    /** A finish that settled the batch. */
    public static FinishReport settled(int done, int retried, int failed) {
        return new FinishReport(Outcome.SETTLED, done, retried, failed);
    }

    /** True when this worker's jobs were settled, by this finish or by an earlier one of it. */
    public boolean owned() {
        return outcome != Outcome.NOT_OWNED;
    }
}

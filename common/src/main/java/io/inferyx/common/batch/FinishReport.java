package io.inferyx.common.batch;

/**
 * What a worker's finish step wrote. {@code owned} is false when the batch was no longer in the
 * worker's processing list (its lease lapsed and the batch was recovered): then nothing was written.
 */
public record FinishReport(boolean owned, int done, int retried, int failed) { }

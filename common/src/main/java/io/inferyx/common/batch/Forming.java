package io.inferyx.common.batch;

import java.time.Duration;

/**
 * A batcher's batch in the making: how many jobs it holds, how long the oldest has waited, and
 * how many sealed batches of the model are still waiting for a worker.
 */
public record Forming(int size, Duration oldestAge, int batchesWaiting) {
}

package io.inferyx.common.batch;

import java.time.Duration;

/** A batcher's batch in the making: how many jobs it holds and how long the oldest has waited. */
public record Forming(int size, Duration oldestAge) {
}

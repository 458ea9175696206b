package io.inferyx.common.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 0.2);

    @Test
    void doublesWithEachAttemptWithoutJitter() {
        assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(2, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.delay(4, 0)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void isCappedAtMaxBackoffEvenForHugeAttemptNumbers() {
        assertThat(backoff.delay(5, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(64, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(Integer.MAX_VALUE, 0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterOnlyShortensTheDelayByAtMostItsShare() {
        assertThat(backoff.delay(1, 0.5)).isEqualTo(Duration.ofMillis(1800));
        assertThat(backoff.delay(1, 0.999_999)).isGreaterThanOrEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.delay(10, 0.999_999)).isLessThanOrEqualTo(Duration.ofSeconds(30))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(24));
    }

    @Test
    void attemptNumbersStartAtOne() {
        assertThatThrownBy(() -> backoff.delay(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}

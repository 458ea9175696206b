package io.inferyx.loadtest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final Deadline deadline = new Deadline(now::get);

    @Test
    void waitsAreNotShortenedWhileTheLoadRuns() {
        now.addAndGet(Duration.ofHours(1).toNanos());

        assertThat(deadline.cap(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void waitsEndWithTheDrain() {
        deadline.drainFor(Duration.ofSeconds(5));
        now.addAndGet(Duration.ofSeconds(3).toNanos());

        assertThat(deadline.cap(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(2));
        assertThat(deadline.cap(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));

        now.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(deadline.cap(Duration.ofSeconds(30))).isZero();
    }
}

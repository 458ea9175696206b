package io.inferyx.worker.pool;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScaleDownDelayTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private final ScaleDownDelay delay = new ScaleDownDelay(Duration.ofSeconds(30));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void growsAtOnce() {
        assertThat(delay.size(2, at(0))).isEqualTo(2);
        assertThat(delay.size(9, at(1))).isEqualTo(9);
    }

    @Test
    void keepsTheLargestSizeCalledForWithinTheDelay() {
        delay.size(9, at(0));
        delay.size(2, at(5));

        assertThat(delay.size(4, at(29))).isEqualTo(9);
        assertThat(delay.size(3, at(31))).isEqualTo(4);
        assertThat(delay.size(3, at(60))).isEqualTo(3);
    }

    @Test
    void aBacklogSwingingEveryCheckKeepsThePoolSteady() {
        int[] calls = {2, 16, 2, 7, 2, 9, 2, 16, 2};
        for (int i = 0; i < calls.length; i++) {
            int size = delay.size(calls[i], at(i));
            assertThat(size).isEqualTo(i == 0 ? 2 : 16);
        }
    }

    @Test
    void withoutADelayFollowsTheBacklogBothWays() {
        ScaleDownDelay none = new ScaleDownDelay(Duration.ZERO);

        assertThat(none.size(9, at(0))).isEqualTo(9);
        assertThat(none.size(2, at(1))).isEqualTo(2);
    }

    @Test
    void refusesANegativeDelay() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ScaleDownDelay(Duration.ofSeconds(-1)));
    }
}

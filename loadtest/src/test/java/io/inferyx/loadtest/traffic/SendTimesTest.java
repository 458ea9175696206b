package io.inferyx.loadtest.traffic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendTimesTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void spreadsEachPlannedSecondsRequestsEvenlyOverThatSecond() {
        List<PlannedSecond> plan = List.of(new PlannedSecond(4, PlannedSecond.Phase.BASE),
                new PlannedSecond(0, PlannedSecond.Phase.BASE), new PlannedSecond(2, PlannedSecond.Phase.SPIKE_START));

        assertThat(take(SendTimes.following(plan), 10)).containsExactly(
                0L, SECOND / 4, SECOND / 2, 3 * SECOND / 4, 2 * SECOND, 2 * SECOND + SECOND / 2);
    }

    @Test
    void aConstantRateDoesNotDriftOverALongRun() {
        PrimitiveIterator.OfLong times = SendTimes.constant(3);
        List<Long> first = take(times, 3);
        long millionth = 0;
        for (int i = 3; i <= 3_000_000; i++) {
            millionth = times.nextLong();
        }

        assertThat(first).containsExactly(0L, 333_333_333L, 666_666_667L);
        assertThat(millionth).isEqualTo(1_000_000 * SECOND);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> SendTimes.constant(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Long> take(PrimitiveIterator.OfLong times, int most) {
        List<Long> taken = new ArrayList<>();
        while (times.hasNext() && taken.size() < most) {
            taken.add(times.nextLong());
        }
        return taken;
    }
}

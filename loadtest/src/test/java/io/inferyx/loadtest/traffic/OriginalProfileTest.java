package io.inferyx.loadtest.traffic;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.inferyx.loadtest.traffic.PlannedSecond.Phase.BASE;
import static io.inferyx.loadtest.traffic.PlannedSecond.Phase.SPIKE_CONTINUES;
import static io.inferyx.loadtest.traffic.PlannedSecond.Phase.SPIKE_START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OriginalProfileTest {

    private static final int SECONDS = 100_000;
    private final List<PlannedSecond> plan = OriginalProfile.plan(SECONDS, new Random(7));

    @Test
    void theSameSeedGivesTheSamePlanAndAnotherSeedAnotherOne() {
        assertThat(OriginalProfile.plan(300, new Random(7))).isEqualTo(OriginalProfile.plan(300, new Random(7)));
        assertThat(OriginalProfile.plan(300, new Random(8))).isNotEqualTo(OriginalProfile.plan(300, new Random(7)));
    }

    @Test
    void hasExactlyTheRequestedNumberOfSeconds() {
        assertThat(plan).hasSize(SECONDS);
        IntStream.range(0, 200).forEach(seed ->
                assertThat(OriginalProfile.plan(3, new Random(seed))).hasSize(3));
        assertThat(OriginalProfile.plan(0, new Random(1))).isEmpty();
    }

    @Test
    void baseLoadIsRedrawnEachSecondBetweenTenAndTwenty() {
        Set<Integer> rates = plan.stream().filter(s -> !s.spike()).map(PlannedSecond::requests).collect(Collectors.toSet());

        assertThat(rates).isEqualTo(IntStream.rangeClosed(10, 20).boxed().collect(Collectors.toSet()));
        double mean = plan.stream().filter(s -> !s.spike()).mapToInt(PlannedSecond::requests).average().orElseThrow();
        assertThat(mean).isCloseTo(15, within(0.1));
    }

    @Test
    void spikesRunAtThirtyToFiftyWithOneRatePerSpike() {
        List<List<PlannedSecond>> spikes = spikes(plan);

        Set<Integer> rates = spikes.stream().map(s -> s.getFirst().requests()).collect(Collectors.toSet());
        assertThat(rates).isEqualTo(IntStream.rangeClosed(30, 50).boxed().collect(Collectors.toSet()));
        assertThat(spikes).allSatisfy(spike ->
                assertThat(spike).extracting(PlannedSecond::requests).containsOnly(spike.getFirst().requests()));
    }

    @Test
    void aSpikeStartsInOneSecondOfTenOutsideSpikes() {
        long decisions = plan.stream().filter(s -> s.phase() != SPIKE_CONTINUES).count();
        long starts = plan.stream().filter(s -> s.phase() == SPIKE_START).count();

        // 3 standard deviations of a binomial share over ~93,000 draws is about 0.003
        assertThat((double) starts / decisions).isCloseTo(OriginalProfile.SPIKE_CHANCE, within(0.005));
    }

    @Test
    void spikesLastOneOrTwoSecondsAboutEquallyOften() {
        List<List<PlannedSecond>> spikes = spikes(plan);

        assertThat(spikes).allSatisfy(spike -> assertThat(spike.size()).isBetween(1, 2));
        double twoSecondShare = spikes.stream().filter(s -> s.size() == 2).count() / (double) spikes.size();
        assertThat(twoSecondShare).isCloseTo(0.5, within(0.02));
    }

    @Test
    void aboutOneSecondInSevenIsPartOfASpike() {
        // 9 base seconds on average between spikes of 1.5 seconds: 1.5 / 10.5
        double spikeShare = plan.stream().filter(PlannedSecond::spike).count() / (double) SECONDS;

        assertThat(spikeShare).isCloseTo(1.5 / 10.5, within(0.006));
    }

    private static List<List<PlannedSecond>> spikes(List<PlannedSecond> plan) {
        List<List<PlannedSecond>> spikes = new ArrayList<>();
        for (PlannedSecond second : plan) {
            if (second.phase() == SPIKE_START) {
                spikes.add(new ArrayList<>());
            }
            if (second.phase() != BASE) {
                spikes.getLast().add(second);
            }
        }
        return spikes;
    }
}

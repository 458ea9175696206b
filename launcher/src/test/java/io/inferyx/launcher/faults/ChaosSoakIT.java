package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 3, scenario 8: a minute of steady load while a random service, the API included, is
 * killed with kill -9 and started again every few seconds. Only jobs the API accepted with a 2xx
 * count: a request in flight when the API dies gets no answer and is not counted.
 */
class ChaosSoakIT {

    private static final Duration SOAK = Duration.ofSeconds(60);

    @Test
    void aMinuteOfRandomKillsUnderSteadyLoadLosesNothing() throws Exception {
        long seed = Long.getLong("inferyx.faults.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        FleetSettings settings = FleetSettings.lean().failureRate(0.1).retries(2, "100ms", "500ms")
                .mockLatency("150ms", "5ms").batches(8, "50ms").workers(2, 6);
        try (FaultRig rig = FaultRig.start("chaos-soak", settings)) {
            rig.note("chaos seed " + seed + " (-Dinferyx.faults.seed=" + seed + " repeats the choices)");
            rig.load.repeatingEvery(20).startSteady(25);
            Map<FleetService, Integer> kills = new EnumMap<>(FleetService.class);
            List<FleetService> round = new ArrayList<>();
            FleetService last = null;
            List<String> violations = new ArrayList<>();
            AtomicInteger looks = new AtomicInteger();
            long end = System.nanoTime() + SOAK.toNanos();
            while (System.nanoTime() < end) {
                // between two kills, look at the invariant twice a second
                Duration pause = Duration.ofMillis(2000 + random.nextInt(2000));
                await("chaos pause").during(pause).atMost(pause.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            violations.addAll(rig.places.take(rig.tally.acceptedIds()).violations());
                            looks.incrementAndGet();
                            return true;
                        });
                if (round.isEmpty()) {
                    // every service in each round, in a random order, never the same one twice in a row
                    round.addAll(List.of(FleetService.values()));
                    Collections.shuffle(round, random);
                    if (round.getFirst() == last) {
                        Collections.swap(round, 0, round.size() - 1);
                    }
                }
                FleetService victim = round.removeFirst();
                last = victim;
                // kill -9 and start a new one at once, without waiting for it: the next victim may
                // fall while this one still starts
                rig.fleet.kill(victim);
                rig.fleet.start(victim);
                kills.merge(victim, 1, Integer::sum);
                violations.addAll(rig.places.take(rig.tally.acceptedIds()).violations());
            }
            assertThat(violations).as("DESIGN §2 during the chaos").isEmpty();
            rig.load.stopSteady();
            rig.fleet.ensureAllRunning();

            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(90));
            assertThat(kills.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(5);
            rig.report(counts + "; " + SOAK.toSeconds() + " s soak, seed " + seed + ", kill -9 + restart: " + kills
                    + ", invariant checked " + looks.get() + " times mid-chaos; " + rig.tally);
        }
    }
}

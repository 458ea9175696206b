package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 3, scenario 3: the batcher dies while ids sit in its forming list. */
class BatcherCrashIT {

    private static final int FILLING = 30;

    @Test
    void killingTheBatcherMidFillLosesAndDuplicatesNothing() throws Exception {
        // a batch waits up to 5 s to fill to 50: the first 30 jobs sit in the batcher's forming list
        // (and the simulated GPU takes batches of 50 without running out of memory)
        FleetSettings settings = FleetSettings.lean().batches(50, "5s").mockLatency("20ms", "1ms").workers(1, 2)
                .with("inferyx.models.mock.capacity", "64");
        try (FaultRig rig = FaultRig.start("batcher-crash", settings)) {
            rig.load.burst(FILLING, 6);
            Set<String> filling = rig.tally.acceptedIds();
            assertThat(filling).hasSize(FILLING);
            await("the batch filling").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> rig.places.take(filling).idsIn("forming").size() == FILLING);
            Instant killed = rig.fleet.kill(FleetService.BATCHER);

            Places.Snapshot atCrash = rig.places.take(filling);
            assertThat(atCrash.violations()).as("DESIGN §2 at the instant of the crash").isEmpty();
            List<String> formingLists = rig.redis.keys(rig.keys.prefix() + "forming:*");
            assertThat(formingLists).hasSize(1);

            // more work arrives while no batcher runs: it waits in the queue
            rig.load.burst(20, 4);
            rig.fleet.start(FleetService.BATCHER);
            await("the dead batcher's forming list handed back").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(20)).until(() -> rig.redis.exists(formingLists.getFirst()) == 0);
            Duration recovery = Duration.between(killed, Instant.now());
            assertThat(recovery).isLessThan(WorkerCrashIT.RECOVERY_BOUND);

            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(60));
            assertThat(counts.done()).isEqualTo(counts.accepted());
            assertThat(rig.ledger.jobs(rig.tally.acceptedIds()).values()).as("every job ran exactly once")
                    .allSatisfy(job -> {
                        assertThat(job.attempts()).isEqualTo(1);
                        assertThat(job.recoveries()).isZero();
                    });
            rig.report(counts + "; batcher killed -9 with " + FILLING + " ids in its forming list, handed back "
                    + recovery.toMillis() + " ms after the kill, every job ran once");
        }
    }
}

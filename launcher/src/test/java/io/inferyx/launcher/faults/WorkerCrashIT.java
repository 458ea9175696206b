package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 3, scenario 1: a worker process dies with batches in flight. */
class WorkerCrashIT {

    /** A dead worker's lease lapses within its TTL; the next sweep (every 0.5 s) hands its batches back. */
    static final Duration RECOVERY_BOUND = FleetSettings.LEASE_TTL.plus(FleetSettings.SWEEP_INTERVAL)
            .plus(Duration.ofMillis(1500));

    @Test
    void killingAWorkerMidBatchLosesNothingAndRecoversWithinTheLeaseBound() throws Exception {
        FleetSettings settings = FleetSettings.lean().mockLatency("300ms", "10ms").batches(4, "50ms").workers(2, 3);
        try (FaultRig rig = FaultRig.start("worker-crash", settings)) {
            rig.load.burst(120, 8);
            Set<String> accepted = rig.tally.acceptedIds();
            assertThat(accepted).hasSize(120);

            // the worst moment: the model is running batches the worker has claimed
            await("batches running").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> rig.places.take(accepted).inStatus("running") > 0);
            Instant killed = rig.fleet.kill(FleetService.WORKER);

            Places.Snapshot atCrash = rig.places.take(accepted);
            assertThat(atCrash.violations()).as("DESIGN §2 at the instant of the crash").isEmpty();
            List<String> held = atCrash.idsIn("processing");
            List<String> deadLists = rig.redis.keys(rig.keys.prefix() + "processing:*").stream()
                    .filter(k -> rig.redis.llen(k) > 0).toList();
            assertThat(held).as("jobs the dead worker held").isNotEmpty();
            rig.note("worker killed holding " + held.size() + " jobs in " + deadLists.size() + " processing lists");

            rig.fleet.start(FleetService.WORKER);
            await("the dead worker's batches handed back").atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> rig.redis.exists(deadLists.toArray(String[]::new)) == 0);
            Duration recovery = Duration.between(killed, Instant.now());
            assertThat(recovery).as("recovery after kill -9 (lease %s + sweep %s + slack)", FleetSettings.LEASE_TTL,
                    FleetSettings.SWEEP_INTERVAL).isLessThan(RECOVERY_BOUND);
            rig.fleet.awaitHealthy(FleetService.WORKER);

            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(60));
            assertThat(counts.done()).as("the mock never fails here: every job ends done").isEqualTo(accepted.size());
            // a job counts a recovery only if it was running: one claimed but not yet started cannot be a poison pill
            List<String> running = held.stream().filter(id -> "running".equals(atCrash.statusById().get(id))).toList();
            assertThat(running).as("running jobs the dead worker held").isNotEmpty();
            Map<String, Ledger.Job> jobs = rig.ledger.jobs(running);
            assertThat(jobs.values()).as("running jobs held by the dead worker were recovered and ran again")
                    .allSatisfy(job -> assertThat(job.recoveries()).isGreaterThanOrEqualTo(1));
            rig.report(counts + "; worker killed -9 holding " + held.size() + " jobs, handed back "
                    + recovery.toMillis() + " ms after the kill (bound " + RECOVERY_BOUND.toMillis() + " ms)");
        }
    }
}

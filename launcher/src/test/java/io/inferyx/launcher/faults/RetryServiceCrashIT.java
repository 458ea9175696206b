package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 3, scenario 4: the retry service dies while it promotes retries and while it sweeps. */
class RetryServiceCrashIT {

    @Test
    void killingTheRetryServiceMidPromotionAndMidSweepLosesNothing() throws Exception {
        // half the runs fail, so retries flow all the time; backoffs are short
        FleetSettings settings = FleetSettings.lean().failureRate(0.5).retries(3, "200ms", "800ms")
                .mockLatency("100ms", "5ms").batches(4, "30ms").workers(2, 4);
        try (FaultRig rig = FaultRig.start("retry-crash", settings)) {
            rig.load.startSteady(25);

            killRetryServiceWithRetriesDue(rig);

            // mid-sweep: a worker dies holding batches; the retry service dies when that worker's
            // lease has just lapsed, i.e. when its sweep is due
            awaitBatchesRunning(rig);
            rig.fleet.kill(FleetService.WORKER);
            List<String> held = rig.redis.keys(rig.keys.prefix() + "processing:*").stream()
                    .filter(k -> rig.redis.llen(k) > 0).toList();
            assertThat(held).as("batches the dead worker held").isNotEmpty();
            List<String> leases = held.stream().map(k -> k.replace(":processing:", ":lease:")).toList();
            rig.fleet.start(FleetService.WORKER);
            await("the dead worker's leases lapse").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> rig.redis.exists(leases.toArray(String[]::new)) == 0);
            rig.fleet.kill(FleetService.RETRY);
            long sweptBeforeKill = rig.redis.exists(held.toArray(String[]::new));
            rig.note("retry service killed as the dead worker's leases lapsed; processing lists left: "
                    + sweptBeforeKill + " of " + held.size());
            rig.fleet.start(FleetService.RETRY);
            rig.fleet.awaitHealthy(FleetService.RETRY, FleetService.WORKER);
            await("the dead worker's batches handed back").atMost(Duration.ofSeconds(15))
                    .until(() -> rig.redis.exists(held.toArray(String[]::new)) == 0);

            killRetryServiceWithRetriesDue(rig);

            rig.load.stopSteady();
            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(60));
            assertThat(counts.retried()).as("jobs that ran more than once").isPositive();
            assertThat(counts.failed()).as("with 3 retries at a 50 %% failure rate some jobs fail").isPositive();
            rig.report(counts + "; retry service killed -9 3 times (twice with retries due, once as a dead "
                    + "worker's " + held.size() + " batches came up for the sweep), worker killed -9 once");
        }
    }

    /** Mid-promotion: kills the retry service while retries wait in the retry set, then starts a new one. */
    private static void killRetryServiceWithRetriesDue(FaultRig rig) {
        await("retries scheduled").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> rig.redis.zcard(rig.keys.retry(FaultRig.MOCK)) > 2);
        rig.fleet.crashAndRestart(FleetService.RETRY);
    }

    private static void awaitBatchesRunning(FaultRig rig) {
        await("batches running").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> rig.places.take(rig.tally.acceptedIds()).inStatus("running") > 0);
    }
}

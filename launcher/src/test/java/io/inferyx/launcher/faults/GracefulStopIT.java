package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 3, scenario 5: every service is stopped with SIGTERM while it works. */
class GracefulStopIT {

    /** A clean stop lets in-flight work finish (a batch here takes about 0.85 s) and then exits. */
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(15);

    @Test
    void sigtermOfEachServiceUnderLoadExitsZeroInTimeAndHandsNothingBack() throws Exception {
        FleetSettings settings = FleetSettings.lean().mockLatency("800ms", "10ms").batches(4, "300ms")
                .failureRate(0.2).retries(2, "300ms", "1s").workers(2, 6);
        try (FaultRig rig = FaultRig.start("graceful-stop", settings)) {
            rig.load.startSteady(20);
            Map<FleetService, Predicate<Places.Snapshot>> busy = new LinkedHashMap<>();
            busy.put(FleetService.WORKER, s -> s.inStatus("running") > 0);
            busy.put(FleetService.BATCHER, s -> !s.idsIn("forming").isEmpty());
            busy.put(FleetService.RETRY, s -> !s.idsIn("retry").isEmpty());
            busy.put(FleetService.API, s -> true);

            StringBuilder exits = new StringBuilder();
            for (Map.Entry<FleetService, Predicate<Places.Snapshot>> e : busy.entrySet()) {
                FleetService service = e.getKey();
                Places.Snapshot atStop = await(service.label() + " busy").atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> rig.places.take(rig.tally.acceptedIds()), e.getValue());
                ProcessFleet.Stopped stopped = rig.fleet.terminate(service, EXIT_DEADLINE);
                assertThat(stopped.exitCode()).as("exit status of %s after SIGTERM", service.label()).isZero();
                assertThat(stopped.took()).as("time %s took to exit", service.label()).isLessThan(EXIT_DEADLINE);
                exits.append(service.label()).append(' ').append(stopped.took().toMillis()).append(" ms (held then: ")
                        .append(atStop.heldByPlace()).append("), ");
                rig.fleet.start(service);
            }
            rig.fleet.awaitHealthy(FleetService.values());

            rig.load.stopSteady();
            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(60));
            assertThat(counts.recovered()).as("jobs handed back by a recovery: a clean stop abandons no batch").isZero();
            rig.report(counts + "; SIGTERM under load, exit 0 after: " + exits + "requests the stopped API refused: "
                    + rig.tally.withStatus(Answer.NO_ANSWER));
        }
    }
}

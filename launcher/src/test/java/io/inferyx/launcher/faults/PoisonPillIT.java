package io.inferyx.launcher.faults;

import io.inferyx.common.job.JobId;
import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 3, scenario 2: a job that kills its worker every time it runs (a poison pill). */
class PoisonPillIT {

    private static final int MAX_RECOVERIES = 2;

    @Test
    void aJobWhoseWorkerDiesEveryTimeFailsWithAReasonInsteadOfLooping() throws Exception {
        // the model never finishes within the test: every run of the job ends with its worker's death
        FleetSettings settings = FleetSettings.lean().mockLatency("60s", "0ms").batches(1, "10ms").workers(1, 1)
                .maxRecoveries(MAX_RECOVERIES);
        try (FaultRig rig = FaultRig.start("poison-pill", settings)) {
            Answer answer = rig.load.sendOne();
            assertThat(answer.accepted()).as("answer %s", answer).isTrue();
            String id = answer.requestId();
            String key = rig.keys.job(JobId.parse(id));

            Instant lastDeath = Instant.now();
            for (int death = 1; death <= MAX_RECOVERIES + 1; death++) {
                int run = death;
                // the worst moment: the worker holds the job and runs it
                await("run " + run + " of the job").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> "running".equals(rig.redis.hget(key, "status"))
                                && String.valueOf(run).equals(rig.redis.hget(key, "attempts")));
                lastDeath = rig.fleet.kill(FleetService.WORKER);
                rig.note("worker killed during run " + run + " of the poison pill");
                if (death <= MAX_RECOVERIES) {
                    rig.fleet.start(FleetService.WORKER);
                }
            }

            await("the poison pill fails").atMost(WorkerCrashIT.RECOVERY_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> "failed".equals(rig.redis.hget(key, "status")));
            Duration toFailure = Duration.between(lastDeath, Instant.now());

            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(10));
            Ledger.Job job = rig.ledger.jobs(List.of(id)).get(id);
            assertThat(counts.failed()).isEqualTo(1);
            assertThat(counts.poisoned()).isEqualTo(1);
            assertThat(job.attempts()).as("runs of the job").isEqualTo(MAX_RECOVERIES + 1);
            assertThat(job.recoveries()).isEqualTo(MAX_RECOVERIES + 1);
            assertThat(job.error()).isEqualTo("abandoned: its worker died " + (MAX_RECOVERIES + 1)
                    + " times while holding it");
            assertThat(rig.api.result(id).orElseThrow().path("error").asString("")).startsWith("abandoned");
            rig.report(counts + "; " + (MAX_RECOVERIES + 1) + " workers killed -9 while running it, failed "
                    + toFailure.toMillis() + " ms after the last death with \"" + job.error() + "\"");
        }
    }
}

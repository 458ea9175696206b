package io.inferyx.launcher.faults;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3, scenario 7: a burst far past the queue limit. */
class OverloadIT {

    private static final int MAX_QUEUE = 50;
    private static final int BURST = 1000;

    @Test
    void aBurstFarPastTheQueueLimitIsShedWith429AndEveryAcceptedJobCompletes() throws Exception {
        FleetSettings settings = FleetSettings.lean().queueMaxSize(MAX_QUEUE).mockLatency("200ms", "10ms")
                .batches(4, "20ms").workers(1, 3);
        try (FaultRig rig = FaultRig.start("overload", settings)) {
            AtomicLong highestBacklog = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> {
                String backlog = rig.redis.get(rig.keys.backlog(FaultRig.MOCK));
                highestBacklog.accumulateAndGet(backlog == null ? 0 : Long.parseLong(backlog), Math::max);
            }, 0, 10, TimeUnit.MILLISECONDS);
            try {
                rig.load.burst(BURST, 32);
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            }

            long rejected = rig.tally.withStatus(429);
            assertThat(rig.tally.byStatus().keySet()).as("every answer is 202 or 429: %s", rig.tally)
                    .containsOnly(202, 429);
            assertThat(rejected).as("requests shed").isGreaterThan(BURST / 2);
            assertThat(rig.tally.answers()).filteredOn(a -> a.status() == 429).allSatisfy(a -> {
                assertThat(a.retryAfter()).as("Retry-After").isNotNull().containsOnlyDigits();
                assertThat(Integer.parseInt(a.retryAfter())).isPositive();
                assertThat(a.contentType()).startsWith("application/problem+json");
            });
            assertThat(highestBacklog.get()).as("highest backlog seen").isLessThanOrEqualTo(MAX_QUEUE);

            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(60));
            assertThat(counts.accepted()).isGreaterThanOrEqualTo(MAX_QUEUE);
            assertThat(counts.done()).isEqualTo(counts.accepted());
            assertThat(counts.jobHashes()).as("jobs in Redis: a 429 stores nothing").isEqualTo(counts.accepted());
            rig.report(counts + "; burst of " + BURST + " from 32 clients at max-size " + MAX_QUEUE + ": "
                    + rejected + " rejected with 429 + Retry-After, highest backlog seen " + highestBacklog.get());
        }
    }
}

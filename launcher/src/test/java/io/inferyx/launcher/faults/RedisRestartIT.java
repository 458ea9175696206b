package io.inferyx.launcher.faults;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 3, scenario 6: Redis itself crashes (kill -9) under load and comes back from its
 * append-only file on the same port; every service must reconnect on its own.
 */
class RedisRestartIT {

    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration FAST_503 = Duration.ofSeconds(1);
    private static final Duration NOTICE = Duration.ofMillis(250);
    private static final Duration LONG_POLL = Duration.ofSeconds(10);

    @Test
    void aRedisCrashUnderLoadLosesNoAcceptedJobAndEveryServiceReconnects() throws Exception {
        assumeThat(AofRedis.available()).as("/usr/bin/redis-server").isTrue();
        // failures keep retries flowing, so the retry service must resume promoting after the restart
        FleetSettings settings = FleetSettings.lean().failureRate(0.3).retries(3, "200ms", "1s")
                .mockLatency("50ms", "5ms").batches(4, "30ms").workers(2, 4);
        try (AofRedis redis = AofRedis.start(FaultRig.logDir("redis-restart").resolve("redis.log"));
             FaultRig rig = FaultRig.start("redis-restart", settings, redis.url())) {
            rig.load.startSteady(25);
            await("jobs flowing").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> rig.tally.acceptedIds().size() >= 50
                            && rig.places.take(rig.tally.acceptedIds()).inStatus("running") > 0);

            rig.note("redis-server: kill -9");
            redis.crash();
            long down = System.nanoTime();
            await("Redis down for " + OUTAGE).pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(1)).until(() -> true);
            long restarting = System.nanoTime();
            rig.note("redis-server: starting again from its append-only file");
            redis.launch();
            long up = System.nanoTime();
            long upMillis = System.currentTimeMillis();

            await("the API accepts again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> rig.tally.count(a -> a.accepted() && a.sentNanos() > up) > 0);
            long apiBack = rig.tally.answers().stream().filter(a -> a.accepted() && a.sentNanos() > up)
                    .mapToLong(Answer::answeredNanos).min().orElseThrow();
            // keep the load on, so the services work on both sides of the outage
            await("jobs accepted after the restart").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> rig.tally.count(a -> a.accepted() && a.sentNanos() > up) >= 40);

            // the API's subscription to finished jobs is back too: a long poll answers when the job
            // finishes, not when its wait runs out
            Answer probe = rig.load.sendOne();
            assertThat(probe.accepted()).as("a request after the restart: %s", probe).isTrue();
            long polled = System.nanoTime();
            String status = rig.api.result(probe.requestId(), LONG_POLL).orElseThrow().path("status").asString("");
            Duration longPoll = Duration.ofNanos(System.nanoTime() - polled);
            assertThat(status).as("status after a long poll").isIn("done", "failed");
            assertThat(longPoll).as("long poll after the restart").isLessThan(LONG_POLL.dividedBy(2));
            rig.load.stopSteady();

            // requests sent once the API has had a moment to see its connection drop (one sent at the
            // instant of the crash may wait for its command's timeout) and answered before the restart
            Predicate<Answer> duringOutage = a -> a.sentNanos() > down + NOTICE.toNanos() && a.answeredNanos() < restarting;
            List<Answer> outage = rig.tally.answers().stream().filter(duringOutage).toList();
            assertThat(outage).as("requests answered while Redis was down").isNotEmpty();
            assertThat(outage).as("while Redis is down every request is refused with 503, never accepted")
                    .allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
            Duration slowest = rig.tally.maxLatency(duringOutage);
            assertThat(slowest).as("slowest 503 while Redis was down").isLessThan(FAST_503);

            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(90));
            // every service resumed on its own: the API accepted again (above); jobs accepted after the
            // restart were batched, run and settled; retries scheduled after it were promoted and settled
            long acceptedAfter = rig.tally.count(a -> a.accepted() && a.sentNanos() > up);
            long promotedAfter = rig.ledger.jobs(rig.tally.acceptedIds()).values().stream()
                    .filter(j -> j.retryAt() > upMillis).count();
            assertThat(acceptedAfter).as("jobs accepted after the restart").isPositive();
            assertThat(promotedAfter).as("jobs retried after the restart").isPositive();
            rig.report(counts + "; Redis killed -9 for " + OUTAGE.toSeconds() + " s under load: " + outage.size()
                    + " requests refused with 503 (slowest " + slowest.toMillis() + " ms), API accepting again "
                    + (apiBack - up) / 1_000_000 + " ms after Redis was back, " + acceptedAfter + " jobs accepted and "
                    + promotedAfter + " retried after the restart, a long poll answered in " + longPoll.toMillis() + " ms; "
                    + rig.tally);
        }
    }
}

package io.inferyx.launcher.faults;

import io.inferyx.launcher.FleetService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Issue 3, scenario 7: a burst far past the queue limit, and an overload sustained long enough to see memory. */
class OverloadIT {

    private static final int MAX_QUEUE = 50;
    private static final int BURST = 1000;

    private static final int OVERLOAD_RATE = 1000;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration SUSTAINED = Duration.ofSeconds(12);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);
    private static final long MIB = 1024 * 1024;

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

    /** One look, during the overload, at the memory of the API process and of Redis. */
    record Sample(long apiResident, long apiHeap, long redisUsed) {
    }

    /** What the scenario holds at a quiet moment: the API's live heap, Redis's memory and keys, the answers so far. */
    record Quiet(long apiLiveHeap, long redisUsed, long redisKeys, int accepted, int sent) {

        static Quiet take(FaultRig rig, ServiceMemory api) {
            return new Quiet(api.liveHeapBytes(), usedMemory(rig), rig.redis.dbsize(), rig.tally.acceptedIds().size(),
                    rig.tally.sent());
        }
    }

    @Test
    void aSustainedOverloadKeepsApiAndRedisMemoryBoundedAndEveryAcceptedJobCompletes() throws Exception {
        // a Redis of its own: its used_memory and key count must show this scenario and nothing else
        assumeThat(OwnRedis.available()).as("/usr/bin/redis-server").isTrue();
        FleetSettings settings = FleetSettings.lean().queueMaxSize(MAX_QUEUE).mockLatency("200ms", "10ms")
                .batches(4, "20ms").workers(1, 3);
        try (OwnRedis redis = OwnRedis.plain(FaultRig.logDir("overload-memory").resolve("redis.log"));
             FaultRig rig = FaultRig.start("overload-memory", settings, redis.url())) {
            ServiceMemory api = ServiceMemory.of(rig.fleet.process(FleetService.API).pid());
            long residentFresh = api.residentBytes();

            // the same overload briefly first, so that the JIT, Tomcat's threads and the client
            // connections have grown before the baseline, which then shows only what stays
            overload(rig, WARM_UP);
            rig.ledger.awaitDrained(rig.tally.acceptedIds(), Duration.ofSeconds(30));
            Quiet before = Quiet.take(rig, api);
            List<Sample> samples = sampledDuring(() -> overload(rig, SUSTAINED), rig, api);
            Ledger.Counts counts = rig.ledger.prove(rig.tally, Duration.ofSeconds(60));
            Quiet after = Quiet.take(rig, api);

            List<Answer> sustained = rig.tally.answers().subList(before.sent(), after.sent());
            long rejected = sustained.stream().filter(a -> a.status() == 429).count();
            long accepted = after.accepted() - before.accepted();
            assertThat(counts.done()).as("every accepted job done").isEqualTo(counts.accepted());
            assertThat(counts.jobHashes()).as("jobs in Redis: a 429 stores nothing").isEqualTo(counts.accepted());
            assertThat(sustained.stream().map(Answer::status).distinct()).as("answers").containsOnly(202, 429);
            assertThat(sustained.size()).as("requests in the sustained overload").isGreaterThan(40 * MAX_QUEUE);
            assertThat(rejected).as("rejected with 429").isGreaterThan(sustained.size() / 2);
            assertThat(samples).as("memory samples").hasSizeGreaterThanOrEqualTo(12);

            // Redis keeps each accepted job (its hash and its cached result, for their TTLs) and
            // nothing per rejected request: keys and bytes follow the accepted count alone
            assertThat(after.redisKeys() - before.redisKeys())
                    .as("keys added for %d accepted jobs, %d rejected", accepted, rejected)
                    .isLessThanOrEqualTo(2 * accepted + 10);
            assertThat(after.redisUsed() - before.redisUsed())
                    .as("Redis used_memory growth for %d accepted jobs, %d rejected", accepted, rejected)
                    .isLessThan(accepted * 2048 + MIB);
            // the API keeps nothing of a request once it has answered: the overload's last third
            // needs no more memory than its first, and a full GC finds what it found before
            assertThat(highest(lastThird(samples), Sample::apiResident)).as("API resident set, last vs first third")
                    .isLessThan(highest(firstThird(samples), Sample::apiResident) * 5 / 4 + 32 * MIB);
            assertThat(highest(lastThird(samples), Sample::apiHeap)).as("API heap used, last vs first third")
                    .isLessThan(highest(firstThird(samples), Sample::apiHeap) * 5 / 4 + 32 * MIB);
            assertThat(after.apiLiveHeap() - before.apiLiveHeap()).as("API live heap after a full GC, after vs before")
                    .isLessThan(16 * MIB);

            rig.report(counts + String.format("; sustained overload %d s at up to %d/s from up to 64 clients, "
                            + "max-size %d: %d requests, %d rejected with 429, %d accepted; API RSS fresh %s, "
                            + "start/peak/end %s/%s/%s MiB, heap used start/peak/end %s/%s/%s MiB, live heap after "
                            + "a full GC before/after %s/%s MiB; Redis used_memory before/peak/after %s/%s/%s MiB "
                            + "(%d bytes per accepted job), keys +%d",
                    SUSTAINED.toSeconds(), OVERLOAD_RATE, MAX_QUEUE, sustained.size(), rejected, accepted,
                    mib(residentFresh), mib(samples.getFirst().apiResident()), mib(highest(samples, Sample::apiResident)),
                    mib(samples.getLast().apiResident()), mib(samples.getFirst().apiHeap()),
                    mib(highest(samples, Sample::apiHeap)), mib(samples.getLast().apiHeap()), mib(before.apiLiveHeap()),
                    mib(after.apiLiveHeap()), mib(before.redisUsed()), mib(highest(samples, Sample::redisUsed)),
                    mib(after.redisUsed()), accepted == 0 ? 0 : (after.redisUsed() - before.redisUsed()) / accepted,
                    after.redisKeys() - before.redisKeys()));
        }
    }

    /** Runs {@code load}, sampling the API's and Redis's memory every {@link #SAMPLE_EVERY} meanwhile. */
    private static List<Sample> sampledDuring(Load load, FaultRig rig, ServiceMemory api) throws Exception {
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> samples.add(new Sample(api.residentBytes(), api.heapUsedBytes(),
                usedMemory(rig))), 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try {
            load.run();
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        }
        return List.copyOf(samples);
    }

    @FunctionalInterface
    private interface Load {
        void run() throws Exception;
    }

    /** Requests at {@link #OVERLOAD_RATE} a second (at most 64 unanswered) for {@code duration}. */
    private static void overload(FaultRig rig, Duration duration) throws InterruptedException {
        rig.load.startSteady(OVERLOAD_RATE);
        await("overload for " + duration).pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
        rig.load.stopSteady();
    }

    private static long usedMemory(FaultRig rig) {
        return rig.redis.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                .mapToLong(l -> Long.parseLong(l.substring("used_memory:".length()).strip())).findFirst().orElseThrow();
    }

    private static List<Sample> firstThird(List<Sample> samples) {
        return samples.subList(0, samples.size() / 3);
    }

    private static List<Sample> lastThird(List<Sample> samples) {
        return samples.subList(samples.size() - samples.size() / 3, samples.size());
    }

    private static long highest(List<Sample> samples, ToLongFunction<Sample> value) {
        return samples.stream().mapToLong(value).max().orElseThrow();
    }

    private static String mib(long bytes) {
        return String.format("%.1f", bytes / (double) MIB);
    }
}

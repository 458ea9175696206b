package io.inferyx.api.waiting;

import io.inferyx.api.ApiProperties;
import io.inferyx.api.RedisProbe;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedJobsIT {

    private static final ModelId MOCK = ModelId.of("mock");

    private final RedisProbe probe = new RedisProbe();
    private final RedisClient client = RedisClient.create(TestRedis.url());
    private final RedisConnections connections = new RedisConnections(client);
    private final FinishedJobs finished = new FinishedJobs(connections, probe.keys,
            new ApiProperties(List.of("k"), true, 100, Duration.ofSeconds(30), 2));

    @BeforeEach
    void subscribe() {
        finished.start();
    }

    @AfterEach
    void close() {
        finished.stop();
        connections.close();
        client.shutdown();
        probe.close();
    }

    @Test
    void wakesTheRequestsWaitingForAnAnnouncedJob() {
        JobId first = JobId.random(MOCK);
        JobId second = JobId.random(MOCK);
        try (Watch a = finished.watch(first).orElseThrow(); Watch b = finished.watch(second).orElseThrow()) {
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> a.await(Duration.ofSeconds(20)));
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> b.await(Duration.ofSeconds(1)));

            probe.redis.publish(probe.keys.finishedChannel(), JobId.random(MOCK) + " " + first);

            assertThat(woken).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(true);
            assertThat(other).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo(false);
        }
    }

    @Test
    void boundsHowManyRequestsWaitAndFreesTheirPlacesWhenTheyClose() {
        Watch a = finished.watch(JobId.random(MOCK)).orElseThrow();
        Watch b = finished.watch(JobId.random(MOCK)).orElseThrow();

        assertThat(finished.watch(JobId.random(MOCK))).isEmpty();
        assertThat(finished.waiting()).isEqualTo(2);

        a.close();
        a.close();
        assertThat(finished.waiting()).isEqualTo(1);
        Optional<Watch> c = finished.watch(JobId.random(MOCK));
        assertThat(c).isPresent();
        b.close();
        c.get().close();
        assertThat(finished.waiting()).isZero();
    }

    @Test
    void anAnnouncementAfterTheWatchClosedWakesNothingAndLeavesNothingBehind() {
        JobId id = JobId.random(MOCK);
        finished.watch(id).orElseThrow().close();

        finished.finished(id.toString());

        assertThat(finished.waiting()).isZero();
        try (Watch again = finished.watch(id).orElseThrow()) {
            assertThat(again.await(Duration.ofMillis(50))).isFalse();
        }
    }

    @Test
    void stoppingWakesEveryWaitingRequestAndRefusesNewOnes() {
        try (Watch watch = finished.watch(JobId.random(MOCK)).orElseThrow()) {
            finished.stop();

            assertThat(watch.await(Duration.ofSeconds(20))).isTrue();
            assertThat(finished.isRunning()).isFalse();
            assertThat(finished.watch(JobId.random(MOCK))).isEmpty();
        }
    }
}

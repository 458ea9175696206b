package io.inferyx.common.redis;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelReadiness;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ModelReadinessIT {

    private static final ModelId MINILM = ModelId.of("minilm");
    private final RedisFixture redis = new RedisFixture();
    private final MutableClock clock = new MutableClock();
    private final ModelReadiness readiness = new RedisModelReadiness(redis.keys, redis.redis, clock);

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void countsTheProcessesWhoseMarkHasNotLapsed() {
        assertThat(readiness.readyProcesses(MINILM)).isZero();
        readiness.markReady(MINILM, "worker-a", Duration.ofSeconds(10));
        readiness.markReady(MINILM, "worker-b", Duration.ofSeconds(10));
        assertThat(readiness.readyProcesses(MINILM)).isEqualTo(2);
        assertThat(readiness.readyProcesses(ModelId.of("fabsa"))).isZero();

        clock.advance(Duration.ofSeconds(6));
        readiness.markReady(MINILM, "worker-a", Duration.ofSeconds(10)); // renewed by its heartbeat
        clock.advance(Duration.ofSeconds(6));
        assertThat(readiness.readyProcesses(MINILM)).isEqualTo(1);     // worker-b lapsed

        readiness.clear(MINILM, "worker-a");
        assertThat(readiness.readyProcesses(MINILM)).isZero();
    }

    @Test
    void theKeyExpiresWithTheLatestMark() {
        readiness.markReady(MINILM, "worker-a", Duration.ofSeconds(10));
        assertThat(redis.redis.pttl(redis.keys.ready(MINILM))).isBetween(1L, 10_000L);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

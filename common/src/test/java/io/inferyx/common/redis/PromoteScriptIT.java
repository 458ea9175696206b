package io.inferyx.common.redis;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.RetryQueue;
import io.inferyx.common.retry.RetryQueue.Promotion;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PromoteScriptIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private final RedisFixture redis = new RedisFixture();
    private final RetryQueue retries = redis.queues().retryQueue(MOCK, 2);

    @AfterEach
    void close() {
        retries.close();
        redis.close();
    }

    private JobId retrying(long dueInMs) {
        JobId id = JobId.random(MOCK);
        redis.redis.hset(redis.keys.job(id), "status", JobStatus.RETRYING.wire());
        long now = Long.parseLong(redis.redis.time().getFirst()) * 1000;
        redis.redis.zadd(redis.keys.retry(MOCK), now + dueInMs, id.toString());
        return id;
    }

    @Test
    void movesOnlyDueRetriesToTheQueueAndTellsWhenTheNextIsDue() {
        JobId due = retrying(-1000);
        JobId later = retrying(60_000);

        Promotion promotion = retries.promoteDue();

        assertThat(promotion.moved()).isEqualTo(1);
        assertThat(promotion.nextDueIn()).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61)));
        assertThat(redis.redis.lrange(redis.keys.queue(MOCK), 0, -1)).containsExactly(due.toString());
        assertThat(redis.status(due)).isEqualTo("queued");
        assertThat(redis.redis.hget(redis.keys.job(due), "enqueued_at")).isNotNull();
        assertThat(redis.redis.zrange(redis.keys.retry(MOCK), 0, -1)).containsExactly(later.toString());
    }

    @Test
    void movesAtMostItsLimitAtOnce() {
        retrying(-3000);
        retrying(-2000);
        retrying(-1000);

        assertThat(retries.promoteDue().moved()).isEqualTo(2);
        assertThat(retries.promoteDue()).isEqualTo(new Promotion(1, 1, java.util.Optional.empty()));
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isEqualTo(3);
    }

    @Test
    void dropsEntriesWhoseJobIsNoLongerRetrying() {
        JobId id = retrying(-1000);
        redis.redis.hset(redis.keys.job(id), "status", JobStatus.DONE.wire());

        assertThat(retries.promoteDue()).isEqualTo(new Promotion(0, 1, java.util.Optional.empty()));
        assertThat(redis.redis.llen(redis.keys.queue(MOCK))).isZero();
        assertThat(redis.redis.zcard(redis.keys.retry(MOCK))).isZero();
    }

    @Test
    void awaitingWakesWhenARetryIsScheduled() throws Exception {
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> retries.awaitScheduled(Duration.ofSeconds(5)));

        redis.redis.lpush(redis.keys.retryWakeUp(MOCK), "1");

        waiting.get(3, TimeUnit.SECONDS);
    }
}

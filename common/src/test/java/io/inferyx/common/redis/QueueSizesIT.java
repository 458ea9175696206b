package io.inferyx.common.redis;

import io.inferyx.common.batch.QueueSizes;
import io.inferyx.common.batch.QueueSizes.Queue;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.testing.RedisFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QueueSizesIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private static final ModelId OTHER = ModelId.of("other");
    private final RedisFixture redis = new RedisFixture();
    private final QueueSizes sizes = new RedisQueueSizes(redis.keys, redis.connections().shared());

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void readsEveryQueueOfOneModel() {
        redis.redis.lpush(redis.keys.queue(MOCK), "a", "b", "c");
        redis.redis.lpush(redis.keys.batches(MOCK), "batch-1 a b");
        redis.redis.zadd(redis.keys.retry(MOCK), 1, "d");
        redis.redis.zadd(redis.keys.retry(MOCK), 2, "e");
        redis.redis.lpush(redis.keys.dead(MOCK), "f", "g", "h", "i");
        redis.redis.lpush(redis.keys.queue(OTHER), "x");

        assertThat(sizes.of(MOCK)).containsExactlyInAnyOrderEntriesOf(Map.of(
                Queue.INFERENCE, 3L, Queue.BATCHES, 1L, Queue.RETRY, 2L, Queue.DEAD, 4L));
        assertThat(sizes.of(OTHER)).containsEntry(Queue.INFERENCE, 1L).containsEntry(Queue.DEAD, 0L);
    }

    @Test
    void emptyQueuesAreZeroAndReadingWritesNothing() {
        assertThat(sizes.of(MOCK)).hasSize(Queue.values().length).allSatisfy((queue, size) -> assertThat(size).isZero());
        assertThat(redis.redis.keys(redis.keys.prefix() + "*")).isEmpty();
    }

    @Test
    void queueTagsAreTheNamesOfDesignSection7() {
        assertThat(Queue.values()).extracting(Queue::tag).containsExactly("inference", "batches", "retry", "dead");
    }
}

package io.inferyx.common.redis;

import io.inferyx.common.batch.QueueSizes;
import io.inferyx.common.job.ModelId;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * {@link QueueSizes} on Redis: {@code LLEN} of the queue, batch and dead lists and {@code ZCARD}
 * of the retry set, pipelined on the shared connection (none of them blocks).
 */
public final class RedisQueueSizes implements QueueSizes {

    private final RedisKeys keys;
    private final StatefulRedisConnection<String, String> connection;

    public RedisQueueSizes(RedisKeys keys, StatefulRedisConnection<String, String> connection) {
        this.keys = keys;
        this.connection = connection;
    }

    @Override
    public Map<Queue, Long> of(ModelId model) {
        RedisAsyncCommands<String, String> redis = connection.async();
        Map<Queue, RedisFuture<Long>> replies = new EnumMap<>(Queue.class);
        replies.put(Queue.INFERENCE, redis.llen(keys.queue(model)));
        replies.put(Queue.BATCHES, redis.llen(keys.batches(model)));
        replies.put(Queue.RETRY, redis.zcard(keys.retry(model)));
        replies.put(Queue.DEAD, redis.llen(keys.dead(model)));
        // throws RedisCommandTimeoutException, or the command's own failure, like a sync call would
        LettuceFutures.awaitAll(connection.getTimeout(), replies.values().toArray(Future<?>[]::new));
        Map<Queue, Long> sizes = new EnumMap<>(Queue.class);
        replies.forEach((queue, reply) -> sizes.put(queue, reply.toCompletableFuture().join()));
        return sizes;
    }
}

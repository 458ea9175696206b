package io.inferyx.common.redis;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.models.ModelReadiness;
import io.lettuce.core.Range;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Clock;
import java.time.Duration;

/**
 * {@link ModelReadiness} on Redis: a sorted set per model, {@code ready:{model}}, whose members are
 * worker processes scored by the time (ms) their mark lapses. The key itself expires with the
 * latest mark, so a model nobody serves any more leaves nothing behind.
 */
public final class RedisModelReadiness implements ModelReadiness {

    private final RedisKeys keys;
    private final RedisCommands<String, String> redis;
    private final Clock clock;

    public RedisModelReadiness(RedisKeys keys, RedisCommands<String, String> redis, Clock clock) {
        this.keys = keys;
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public void markReady(ModelId model, String process, Duration ttl) {
        String key = keys.ready(model);
        long now = clock.millis();
        redis.zadd(key, now + ttl.toMillis(), process);
        redis.zremrangebyscore(key, Range.create(Double.NEGATIVE_INFINITY, (double) now));
        redis.pexpire(key, ttl.toMillis());
    }

    @Override
    public void clear(ModelId model, String process) {
        redis.zrem(keys.ready(model), process);
    }

    @Override
    public long readyProcesses(ModelId model) {
        return redis.zcount(keys.ready(model), Range.create((double) clock.millis(), Double.POSITIVE_INFINITY));
    }
}

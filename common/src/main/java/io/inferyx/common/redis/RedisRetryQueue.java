package io.inferyx.common.redis;

import io.inferyx.common.job.JobEvent;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.retry.RetryQueue;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@link RetryQueue} on Redis: {@code promote.lua}, and a {@code BLPOP} on the wake-up list. */
final class RedisRetryQueue implements RetryQueue {

    private final Scripts scripts;
    private final StatefulRedisConnection<String, String> blocking;
    private final List<String> promoteKeys;
    private final List<String> promoteArgs;
    private final String wakeUp;

    RedisRetryQueue(RedisKeys keys, Scripts scripts, StatefulRedisConnection<String, String> blocking,
                    ModelId model, int promoteBatch) {
        this.scripts = scripts;
        this.blocking = blocking;
        this.promoteKeys = List.of(keys.retry(model), keys.queue(model));
        JobEvent enqueue = JobEvent.ENQUEUE;
        this.promoteArgs = List.of(Integer.toString(promoteBatch), keys.jobPrefix(model),
                enqueue.sourcesForScript(), enqueue.target().wire());
        this.wakeUp = keys.retryWakeUp(model);
    }

    @Override
    public Promotion promoteDue() {
        List<Object> reply = scripts.run(Scripts.PROMOTE, promoteKeys, promoteArgs);
        long wait = (Long) reply.get(2);
        Optional<Duration> next = wait < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(wait));
        return new Promotion(((Long) reply.get(0)).intValue(), ((Long) reply.get(1)).intValue(), next);
    }

    @Override
    public void awaitScheduled(Duration timeout) {
        blocking.sync().blpop(RedisBatchQueue.seconds(timeout), wakeUp);
    }

    @Override
    public void close() {
        blocking.close();
    }
}

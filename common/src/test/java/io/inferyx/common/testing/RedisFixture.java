package io.inferyx.common.testing;

import io.inferyx.common.config.CacheProperties;
import io.inferyx.common.config.JobProperties;
import io.inferyx.common.config.QueueProperties;
import io.inferyx.common.config.RecoveryProperties;
import io.inferyx.common.redis.RedisConnections;
import io.inferyx.common.redis.RedisJobQueues;
import io.inferyx.common.redis.RedisJobStore;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.redis.RedisLeases;
import io.inferyx.common.redis.Scripts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;

/**
 * The Redis adapters of common wired by hand against {@link TestRedis}, under a key prefix of
 * their own. Settings default to DESIGN §5 and can be changed with the {@code with*} methods.
 */
public final class RedisFixture implements AutoCloseable {

    private final RedisClient client = TestRedis.client(TestRedis.url());
    private final RedisConnections connections = new RedisConnections(client);
    public final RedisKeys keys = new RedisKeys(TestRedis.uniquePrefix());
    public final Scripts scripts = new Scripts(connections.shared());
    public final RedisCommands<String, String> redis = connections.shared().sync();
    private QueueProperties queue = new QueueProperties(500, Duration.ofSeconds(1));
    private JobProperties jobs = new JobProperties(Duration.ofHours(1), Duration.ofHours(1));
    private CacheProperties cache = new CacheProperties(true, Duration.ofMinutes(10));
    private RecoveryProperties recovery = new RecoveryProperties(Duration.ofSeconds(2), 3);

    public RedisFixture withMaxQueueSize(int maxSize) {
        queue = new QueueProperties(maxSize, Duration.ofSeconds(1));
        return this;
    }

    public RedisFixture withMaxRecoveries(int maxRecoveries) {
        recovery = new RecoveryProperties(Duration.ofSeconds(2), maxRecoveries);
        return this;
    }

    public RedisJobStore jobStore() {
        return new RedisJobStore(keys, scripts, connections.shared(), queue, jobs);
    }

    public RedisJobQueues queues() {
        return new RedisJobQueues(keys, scripts, connections, jobs, cache);
    }

    public RedisLeases leases() {
        return new RedisLeases(keys, scripts, redis, jobs, recovery);
    }

    public RedisConnections connections() {
        return connections;
    }

    public String status(Object jobId) {
        return redis.hget(keys.prefix() + "job:{" + jobId.toString().split("\\.")[0] + "}:" + jobId, "status");
    }

    @Override
    public void close() {
        redis.keys(keys.prefix() + "*").forEach(redis::del);
        connections.close();
        client.shutdown();
    }
}

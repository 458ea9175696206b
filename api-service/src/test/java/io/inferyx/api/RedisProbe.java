package io.inferyx.api;

import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;

/**
 * A test's own look into the real Redis, under a key prefix no other test uses: what the API
 * wrote, and a way to wipe it.
 */
public final class RedisProbe implements AutoCloseable {

    private final String prefix = TestRedis.uniquePrefix();
    private final RedisClient client = RedisClient.create(TestRedis.url());
    private final StatefulRedisConnection<String, String> connection = client.connect();
    public final RedisKeys keys = new RedisKeys(prefix);
    public final RedisCommands<String, String> redis = connection.sync();

    /** Points the application under test at the test Redis and this probe's prefix. */
    public void register(DynamicPropertyRegistry registry) {
        register(registry, TestRedis.url());
    }

    /** Points the application under test at a given Redis URL (a proxy, say) and this probe's prefix. */
    public void register(DynamicPropertyRegistry registry, String redisUrl) {
        registry.add("spring.data.redis.url", () -> redisUrl);
        registry.add("inferyx.redis.key-prefix", () -> prefix);
    }

    /** Every key under this probe's prefix. */
    public List<String> allKeys() {
        return ScanIterator.scan(redis, ScanArgs.Builder.matches(prefix + "*").limit(500)).stream().toList();
    }

    public void clear() {
        allKeys().forEach(redis::del);
    }

    @Override
    public void close() {
        clear();
        connection.close();
        client.shutdown();
    }
}

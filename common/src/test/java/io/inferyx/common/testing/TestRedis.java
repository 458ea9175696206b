package io.inferyx.common.testing;

import io.inferyx.common.redis.EmbeddedRedis;
import io.inferyx.common.redis.RedisConnections;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.util.UUID;

/**
 * The real Redis that tests run against (DESIGN §9): {@code INFERYX_TEST_REDIS_URL} if set,
 * else a Testcontainers {@code redis:7} where a Docker engine answers, else an embedded
 * redis-server. One per test JVM. Tests isolate themselves with {@link #uniquePrefix()}.
 */
public final class TestRedis {

    private static String url;

    private TestRedis() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = resolve();
        }
        return url;
    }

    /** A client for {@code url} configured as the services configure theirs, which {@link RedisConnections} requires. */
    public static RedisClient client(String url) {
        RedisClient client = RedisClient.create(url);
        client.setOptions(RedisConnections.atMostOnce(ClientOptions.builder()).build());
        return client;
    }

    /** A key prefix no other test uses, so tests can share one Redis. */
    public static String uniquePrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    private static String resolve() {
        String configured = System.getenv("INFERYX_TEST_REDIS_URL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (dockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7").withExposedPorts(6379);
            redis.start();
            return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
        }
        return EmbeddedRedis.start().url();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}

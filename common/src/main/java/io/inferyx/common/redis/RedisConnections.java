package io.inferyx.common.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The connections of one process to Redis, all made by the Lettuce client that Spring Boot
 * configured from {@code spring.data.redis.*} (so URL, password and TLS come from there).
 *
 * <p>Non-blocking commands and scripts share one thread-safe connection; every blocking
 * command ({@code BLMOVE}, {@code BLPOP}) runs on a {@link #dedicated()} connection owned by the
 * one loop that blocks on it.
 */
public final class RedisConnections implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;

    public RedisConnections(RedisClient client) {
        this.client = client;
        this.shared = client.connect(StringCodec.UTF8);
    }

    public StatefulRedisConnection<String, String> shared() {
        return shared;
    }

    /** A new connection for one blocking loop; the caller closes it. */
    public StatefulRedisConnection<String, String> dedicated() {
        return client.connect(StringCodec.UTF8);
    }

    public StatefulRedisPubSubConnection<String, String> pubSub() {
        return client.connectPubSub(StringCodec.UTF8);
    }

    @Override
    public void close() {
        // the client may already be shut down by the connection factory, which closed this too
        if (shared.isOpen()) {
            shared.close();
        }
    }
}

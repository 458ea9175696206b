package io.inferyx.common.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The connections of one process to Redis, all made by the Lettuce client that Spring Boot
 * configured from {@code spring.data.redis.*} (so URL, password and TLS come from there).
 *
 * <p>Non-blocking commands and scripts share one thread-safe connection; every blocking
 * command ({@code BLMOVE}, {@code BLPOP}) runs on a {@link #dedicated()} connection owned by the
 * one loop that blocks on it.
 *
 * <p>Every command runs at most once: see {@link #atMostOnce}. The constructor refuses a client
 * configured otherwise.
 */
public final class RedisConnections implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;

    public RedisConnections(RedisClient client) {
        if (client.getOptions().getDisconnectedBehavior() != DisconnectedBehavior.REJECT_COMMANDS) {
            throw new IllegalArgumentException("Inferyx needs a Redis client that runs each command at most once: "
                    + "configure it with RedisConnections.atMostOnce");
        }
        this.client = client;
        this.shared = client.connect(StringCodec.UTF8);
    }

    /**
     * Lettuce's default is at-least-once: after a reconnect it sends again every command whose
     * reply the broken connection lost, and the caller never learns of the first run. For a move
     * that is a second move: a claim replayed after Redis applied it claims a second batch, and
     * the first stays in the worker's processing list, under a lease the live worker keeps
     * renewing, for ever. Rejecting commands while disconnected also fails the ones in flight,
     * so the caller sees every lost reply as an error and recovers from what Redis holds: the
     * worker hands its processing list back, the batcher seals its forming list, the API
     * answers 503.
     */
    public static ClientOptions.Builder atMostOnce(ClientOptions.Builder options) {
        return options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** The longest pause between two reconnection attempts: see {@link #reconnectPromptly}. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /**
     * Lettuce doubles its pause between reconnection attempts up to 30 s, so a Redis back after
     * 8.5 s is found only at about 16 s. With commands rejected while disconnected, every step
     * fails meanwhile: a worker's finish gives up when its lease would have lapsed (10 s), and
     * the results of an outage shorter than the lease would be lost. Capped at
     * {@link #MAX_RECONNECT_DELAY}, a client is back within a second of Redis.
     */
    public static ClientResources.Builder reconnectPromptly(ClientResources.Builder resources) {
        return resources.reconnectDelay(() -> Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2,
                TimeUnit.MILLISECONDS));
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

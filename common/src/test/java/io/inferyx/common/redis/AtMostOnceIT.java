package io.inferyx.common.redis;

import io.inferyx.common.testing.RedisFixture;
import io.inferyx.common.testing.TcpProxy;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each command runs at most once: a reply lost with its connection is an error, never a second run. */
class AtMostOnceIT {

    @Test
    void aCommandWhoseReplyIsLostFailsAndRedisNeverRunsItAgain() throws Exception {
        try (RedisFixture direct = new RedisFixture(); TcpProxy proxy = new TcpProxy(URI.create(TestRedis.url()))) {
            RedisClient client = TestRedis.client(proxy.url());
            RedisConnections connections = new RedisConnections(client);
            try {
                String counter = direct.keys.prefix() + "counter";
                assertThat(connections.shared().sync().ping()).isEqualTo("PONG");

                proxy.loseReplies();
                RedisFuture<Long> increment = connections.shared().async().incr(counter);
                await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(direct.redis.get(counter)));
                proxy.dropConnections();

                assertThatThrownBy(() -> increment.get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RedisException.class);
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                        .until(() -> "PONG".equals(connections.shared().sync().ping()));
                // a replay would have run before this read, on the same connection
                assertThat(connections.shared().sync().get(counter)).isEqualTo("1");
            } finally {
                connections.close();
                client.shutdown();
            }
        }
    }

    @Test
    void refusesAClientThatWouldReplayCommandsAfterAReconnect() {
        RedisClient replaying = RedisClient.create(TestRedis.url());
        try {
            assertThatThrownBy(() -> new RedisConnections(replaying))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("atMostOnce");
        } finally {
            replaying.shutdown();
        }
    }
}

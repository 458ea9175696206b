package io.inferyx.batcher;

import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.ModelId;
import io.inferyx.common.job.Submission;
import io.inferyx.common.redis.EmbeddedRedis;
import io.inferyx.common.redis.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A password-protected Redis works through the standard spring.data.redis properties alone. */
class RedisPasswordIT {

    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final EmbeddedRedis REDIS = EmbeddedRedis.start("requirepass " + PASSWORD);

    @AfterAll
    static void stop() {
        REDIS.close();
    }

    @Test
    void servicesAuthenticateWithTheConfiguredPassword() {
        RedisURI uri = RedisURI.create(REDIS.url());
        String url = "redis://:" + PASSWORD + "@127.0.0.1:" + uri.getPort();
        try (ConfigurableApplicationContext batcher = BatcherApplication.builder().run(
                "--spring.data.redis.url=" + url, "--server.port=0", "--inferyx.batching.max-wait=50ms",
                "--inferyx.redis.key-prefix=" + io.inferyx.common.testing.TestRedis.uniquePrefix())) {
            JobId id = JobId.random(ModelId.of("mock"));
            batcher.getBean(JobStore.class).submit(new Submission(id, "behind a password"));
            RedisKeys keys = batcher.getBean(RedisKeys.class);

            uri.setPassword(PASSWORD.toCharArray());
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        "batched".equals(redis.sync().hget(keys.job(id), "status")));
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void theServerRefusesClientsWithoutThePassword() {
        RedisClient client = RedisClient.create(REDIS.url());
        try {
            assertThatThrownBy(() -> {
                try (StatefulRedisConnection<String, String> redis = client.connect()) {
                    redis.sync().ping();
                }
            }).hasStackTraceContaining("NOAUTH");
        } finally {
            client.shutdown();
        }
    }
}

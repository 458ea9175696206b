package io.inferyx.retry;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retry service shows the size of every queue, sampled from Redis, on its Prometheus endpoint. */
@SpringBootTest(classes = RetryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=retry-service", "inferyx.metrics.queue-sample-interval=100ms",
                "inferyx.retry.idle-wait=10s"})
class QueueSizeMetricsIT {

    private static final ModelId MOCK = ModelId.of("mock");
    private static final String PREFIX = TestRedis.uniquePrefix();

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", TestRedis::url);
        registry.add("inferyx.redis.key-prefix", () -> PREFIX);
    }

    @LocalServerPort
    int port;
    @Autowired
    RedisKeys keys;

    private final HttpClient http = HttpClient.newHttpClient();
    private RedisClient client;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void open() {
        client = RedisClient.create(TestRedis.url());
        redis = client.connect().sync();
    }

    @AfterEach
    void close() {
        redis.keys(PREFIX + "*").forEach(redis::del);
        client.shutdown();
    }

    private String scrape() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void everyQueueOfEveryModelIsAGaugeTaggedWithQueueModelAndService() throws Exception {
        redis.lpush(keys.queue(MOCK), "a", "b", "c");
        redis.lpush(keys.batches(MOCK), "batch a b");
        // due far in the future: the promoter leaves them where they are
        redis.zadd(keys.retry(MOCK), Long.MAX_VALUE / 2.0, "r1");
        redis.zadd(keys.retry(MOCK), Long.MAX_VALUE / 2.0, "r2");
        redis.lpush(keys.dead(MOCK), "d1", "d2", "d3", "d4");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape())
                .contains("# TYPE inferyx_queue_size gauge")
                .contains("inferyx_queue_size{model=\"mock\",queue=\"inference\",service=\"retry\"} 3.0")
                .contains("inferyx_queue_size{model=\"mock\",queue=\"batches\",service=\"retry\"} 1.0")
                .contains("inferyx_queue_size{model=\"mock\",queue=\"retry\",service=\"retry\"} 2.0")
                .contains("inferyx_queue_size{model=\"mock\",queue=\"dead\",service=\"retry\"} 4.0"));

        redis.del(keys.dead(MOCK));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(scrape())
                .contains("inferyx_queue_size{model=\"mock\",queue=\"dead\",service=\"retry\"} 0.0"));
    }
}

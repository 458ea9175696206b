package io.inferyx.api;

import io.inferyx.api.ApiClient.Response;
import io.inferyx.common.testing.TcpProxy;
import io.inferyx.common.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.time.Duration;

import static io.inferyx.api.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis goes away behind a proxy: the API answers 503 problem JSON at once, and recovers when it returns. */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=test-key"})
class RedisOutageIT {

    private static final RedisProbe probe = new RedisProbe();
    private static final TcpProxy proxy = new TcpProxy(URI.create(TestRedis.url()));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        probe.register(registry, proxy.url());
    }

    @AfterAll
    static void cleanUp() {
        proxy.close();
        probe.close();
    }

    @Test
    void answers503WhileRedisIsUnreachableAndRecoversWhenItReturns() {
        ApiClient api = new ApiClient(port, "test-key");
        assertThat(api.get("/models").status()).isEqualTo(200);

        proxy.cut();
        long start = System.nanoTime();
        Response submission = api.postJson("/infer", body("input", "during the outage"));
        Response models = api.get("/models");
        Response result = api.get("/result/mock." + "0".repeat(32));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        for (Response response : new Response[] {submission, models, result}) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body()).doesNotContain("Exception", "\tat ");
        }

        proxy.restore();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.postJson("/infer", body("input", "after")).status()).isEqualTo(202));
    }
}

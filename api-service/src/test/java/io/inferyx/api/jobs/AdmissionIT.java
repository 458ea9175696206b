package io.inferyx.api.jobs;

import io.inferyx.api.ApiApplication;
import io.inferyx.api.ApiClient;
import io.inferyx.api.ApiClient.Response;
import io.inferyx.api.RedisProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static io.inferyx.api.ApiClient.body;
import static io.inferyx.api.TestWorker.MOCK;
import static org.assertj.core.api.Assertions.assertThat;

/** Admission with a queue of 2, no workers, and waits capped at 1 s. */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=test-key", "inferyx.queue.max-size=2",
                "inferyx.queue.retry-after=1500ms", "inferyx.api.max-wait=1s"})
class AdmissionIT {

    private static final RedisProbe probe = new RedisProbe();

    @LocalServerPort
    int port;
    private ApiClient api;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        probe.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        probe.close();
    }

    @BeforeEach
    void emptyRedis() {
        probe.clear();
        api = new ApiClient(port, "test-key");
    }

    private Response submit(String input) {
        return api.postJson("/infer", body("input", input));
    }

    @Test
    void theThirdRequestIsRejectedWithRetryAfterAndTheQueueStillHoldsTwo() {
        assertThat(submit("one").status()).isEqualTo(202);
        assertThat(submit("two").status()).isEqualTo(202);

        Response third = submit("three");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Retry-After")).isEqualTo("2");
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(third.json().get("status").intValue()).isEqualTo(429);
        assertThat(probe.redis.llen(probe.keys.queue(MOCK))).isEqualTo(2);
        assertThat(probe.redis.get(probe.keys.backlog(MOCK))).isEqualTo("2");
        assertThat(probe.allKeys()).filteredOn(key -> key.startsWith(probe.keys.jobPrefix(MOCK))).hasSize(2);
    }

    @Test
    void anIdenticalRequestStillJoinsWhenTheQueueIsFull() {
        String first = submit("one").json().get("request_id").stringValue();
        submit("two");

        Response again = submit("one");

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("request_id").stringValue()).isEqualTo(first);
        assertThat(probe.redis.llen(probe.keys.queue(MOCK))).isEqualTo(2);
    }

    @Test
    void aLongPollIsCutShortAtTheMaximumWait() {
        String id = submit("slow").json().get("request_id").stringValue();
        long start = System.nanoTime();

        Response response = api.get("/result/" + id + "?wait=1h");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("queued");
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    }
}

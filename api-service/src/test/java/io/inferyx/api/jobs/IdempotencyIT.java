package io.inferyx.api.jobs;

import io.inferyx.api.ApiApplication;
import io.inferyx.api.ApiClient;
import io.inferyx.api.ApiClient.Response;
import io.inferyx.api.RedisProbe;
import io.inferyx.api.TestWorker;
import io.inferyx.common.batch.JobQueues;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.UUID;

import static io.inferyx.api.ApiClient.body;
import static io.inferyx.api.TestWorker.MOCK;
import static org.assertj.core.api.Assertions.assertThat;

/** A request retried with the same idempotency key never makes a second job. */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=key-a,key-b"})
class IdempotencyIT {

    private static final RedisProbe probe = new RedisProbe();

    @LocalServerPort
    int port;
    @Autowired
    JobQueues queues;
    @Autowired
    MeterRegistry meters;

    private ApiClient clientA;
    private ApiClient clientB;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        probe.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        probe.close();
    }

    @BeforeEach
    void setUp() {
        clientA = new ApiClient(port, "key-a");
        clientB = new ApiClient(port, "key-b");
    }

    private Response submit(ApiClient api, String key, String input) {
        return api.send(api.request("/infer").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(BodyPublishers.ofString(body("input", input, "model_id", "mock"))));
    }

    private long queued() {
        return probe.redis.llen(probe.keys.queue(MOCK));
    }

    @Test
    void aRetriedRequestAnswersTheSameJobAndQueuesItOnce() {
        String key = "order-" + UUID.randomUUID();
        String input = "pay " + key;
        long before = queued();

        Response first = submit(clientA, key, input);
        Response again = submit(clientA, key, input);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("request_id").stringValue()).isEqualTo(first.json().get("request_id").stringValue());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(queued()).isEqualTo(before + 1);
    }

    @Test
    void aReplayAfterTheJobFinishedAnswersItsResult() {
        String key = "k-" + UUID.randomUUID();
        String input = "finish " + key;
        String id = submit(clientA, key, input).json().get("request_id").stringValue();
        new TestWorker(queues).finishQueued();

        Response replay = submit(clientA, key, input);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("request_id").stringValue()).isEqualTo(id);
        assertThat(replay.json().get("status").stringValue()).isEqualTo("done");
        assertThat(replay.json().get("result").stringValue()).isEqualTo("[mock] " + input.toUpperCase());
    }

    @Test
    void theSameKeyFromTwoClientsMakesTwoJobs() {
        String key = "shared-" + UUID.randomUUID();

        String a = submit(clientA, key, "a " + key).json().get("request_id").stringValue();
        String b = submit(clientB, key, "b " + key).json().get("request_id").stringValue();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void reusingAKeyForAnotherInputIsRefusedAndChangesNothing() {
        String key = "k-" + UUID.randomUUID();
        submit(clientA, key, "first " + key);
        long before = queued();

        Response conflict = submit(clientA, key, "second " + key);

        assertThat(conflict.status()).isEqualTo(422);
        assertThat(conflict.header("Content-Type")).startsWith("application/problem+json");
        assertThat(queued()).isEqualTo(before);
    }

    @Test
    void aRefusedReuseCountsOnceAsInvalidAndNeverAsReplayed() {
        String key = "m-" + UUID.randomUUID();
        String first = body("inputs", List.of("a " + key, "b " + key), "model_id", "mock");
        String other = body("inputs", List.of("a " + key, "c " + key), "model_id", "mock");
        clientA.send(clientA.request("/infer").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(BodyPublishers.ofString(first)));
        double replayed = requests("replayed");
        double invalid = requests("invalid");

        Response conflict = clientA.send(clientA.request("/infer").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(BodyPublishers.ofString(other)));

        assertThat(conflict.status()).isEqualTo(422);
        assertThat(requests("replayed")).isEqualTo(replayed);
        assertThat(requests("invalid")).isEqualTo(invalid + 1);
    }

    private double requests(String outcome) {
        return meters.counter("inferyx.requests", "outcome", outcome, "model", "mock").count();
    }

    @Test
    void acceptsTheKeyAsRequestIdInTheBody() {
        String key = "body-" + UUID.randomUUID();
        String json = body("input", "via body " + key, "model_id", "mock", "request_id", key);

        Response first = clientA.postJson("/infer", json);
        Response again = clientA.postJson("/infer", json);

        assertThat(again.json().get("request_id").stringValue()).isEqualTo(first.json().get("request_id").stringValue());
    }
}

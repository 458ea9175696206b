package io.inferyx.api.jobs;

import io.inferyx.api.ApiApplication;
import io.inferyx.api.ApiClient;
import io.inferyx.api.ApiClient.Response;
import io.inferyx.api.RedisProbe;
import io.inferyx.api.TestWorker;
import io.inferyx.api.waiting.FinishedJobs;
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
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.inferyx.api.ApiClient.body;
import static io.inferyx.api.TestWorker.MOCK;
import static io.inferyx.api.TestWorker.mockResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code POST /infer} with {@code inputs}: one job per input, admitted all or none; a queue of 4. */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=test-key", "inferyx.queue.max-size=4"})
class ManyInputsIT {

    private static final RedisProbe probe = new RedisProbe();

    @LocalServerPort
    int port;
    @Autowired
    JobQueues queues;
    @Autowired
    FinishedJobs finished;
    @Autowired
    MeterRegistry meters;

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
    void setUp() {
        probe.clear();
        api = new ApiClient(port, "test-key");
    }

    private Response submit(String... inputs) {
        return api.postJson("/infer", body("inputs", List.of(inputs), "model_id", "mock"));
    }

    private Response submitWithKey(String key, String... inputs) {
        return api.send(api.request("/infer").header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(BodyPublishers.ofString(body("inputs", List.of(inputs)))));
    }

    private static List<JsonNode> jobs(Response response) {
        return response.json().get("jobs").valueStream().toList();
    }

    private static List<String> ids(Response response) {
        return jobs(response).stream().map(job -> job.get("request_id").stringValue()).toList();
    }

    private long queued() {
        return probe.redis.llen(probe.keys.queue(MOCK));
    }

    @Test
    void eachInputBecomesAJobAnsweredInTheOrderOfTheInputs() {
        Response response = submit("one", "two", "three");

        assertThat(response.status()).isEqualTo(202);
        assertThat(jobs(response)).extracting(job -> job.get("status").stringValue()).containsOnly("queued");
        assertThat(ids(response)).doesNotHaveDuplicates().allMatch(id -> id.matches("mock\\.[0-9a-f]{32}"));
        assertThat(probe.redis.lrange(probe.keys.queue(MOCK), 0, -1)).containsExactlyElementsOf(ids(response).reversed());
        assertThat(probe.redis.hget(probe.keys.job(io.inferyx.common.job.JobId.parse(ids(response).get(1))), "input"))
                .isEqualTo("two");
    }

    @Test
    void aWaitingRequestAnswers200WithEveryResultOnceAllAreDone() {
        CompletableFuture<Response> submission = api.postJsonAsync("/infer?wait=25s", body("inputs", List.of("a", "b")));
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.waiting() == 2);

        new TestWorker(queues).finishQueued();

        assertThat(submission).succeedsWithin(10, TimeUnit.SECONDS).satisfies(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(jobs(response)).extracting(job -> job.get("result").toString())
                    .containsExactly(mockResult("a"), mockResult("b"));
            assertThat(jobs(response)).extracting(job -> job.get("status").stringValue()).containsOnly("done");
        });
        assertThat(finished.waiting()).isZero();
    }

    @Test
    void aRequestAnswers202UntilEveryInputIsDoneEvenWhenSomeComeFromTheCache() {
        submit("seen");
        new TestWorker(queues).finishQueued();

        Response response = submit("seen", "new");

        assertThat(response.status()).isEqualTo(202);
        assertThat(jobs(response).get(0).get("cached").booleanValue()).isTrue();
        assertThat(jobs(response).get(0).get("result").toString()).isEqualTo(mockResult("seen"));
        assertThat(jobs(response).get(1).get("status").stringValue()).isEqualTo("queued");
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void aRepeatedInputJoinsItsFirstOccurrence() {
        Response response = submit("twice", "twice");

        assertThat(ids(response).get(1)).isEqualTo(ids(response).get(0));
        assertThat(jobs(response).get(1).get("joined").booleanValue()).isTrue();
        assertThat(queued()).isEqualTo(1);
    }

    @Test
    void eachInputIsCountedByItsOwnOutcome() {
        double accepted = requests("accepted");
        double joined = requests("joined");
        double misses = meters.counter("inferyx.cache.misses", "model", "mock").count();

        submit("n1", "n1", "n2");

        assertThat(requests("accepted")).isEqualTo(accepted + 2);
        assertThat(requests("joined")).isEqualTo(joined + 1);
        assertThat(meters.counter("inferyx.cache.misses", "model", "mock").count()).isEqualTo(misses + 3);
    }

    private double requests(String outcome) {
        return meters.counter("inferyx.requests", "outcome", outcome, "model", "mock").count();
    }

    @Test
    void aRequestTheQueueHasNoRoomForIsRefusedWholeAndWritesNothing() {
        submit("a", "b", "c");
        List<String> before = probe.allKeys();
        double rejected = requests("rejected");

        Response refused = api.postJson("/infer?wait=5s", body("inputs", List.of("d", "e")));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(probe.allKeys()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(queued()).isEqualTo(3);
        assertThat(requests("rejected")).isEqualTo(rejected + 2);
        assertThat(finished.waiting()).isZero(); // the watches opened ahead of the refused jobs are closed
        assertThat(submit("d").status()).isEqualTo(202);
    }

    @Test
    void aReplayedRequestAnswersTheSameJobsEvenWhereAnInputJoinedAnother() {
        Response first = submitWithKey("batch-1", "x", "x", "y");

        Response again = submitWithKey("batch-1", "x", "x", "y");

        assertThat(again.status()).isEqualTo(202);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(ids(again)).isEqualTo(ids(first));
        assertThat(queued()).isEqualTo(2);
    }

    @Test
    void aKeyReusedWithAnotherInputInSomePlaceIsRefusedAndWritesNothing() {
        submitWithKey("batch-2", "x", "y");
        List<String> before = probe.allKeys();

        Response other = submitWithKey("batch-2", "x", "not y", "z");

        assertThat(other.status()).isEqualTo(422);
        assertThat(probe.allKeys()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aSingleInputWithTheSameKeyIsAnotherJob() {
        String fromArray = ids(submitWithKey("k", "x")).getFirst();

        Response single = api.send(api.request("/infer").header("Content-Type", "application/json")
                .header("Idempotency-Key", "k").POST(BodyPublishers.ofString(body("input", "other"))));

        // were the ids the same, this would be a replay with another input: refused
        assertThat(single.status()).isEqualTo(202);
        assertThat(single.header("Idempotent-Replayed")).isNull();
        assertThat(single.json().get("request_id").stringValue()).isNotEqualTo(fromArray);
    }
}

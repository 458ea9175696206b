package io.inferyx.api.jobs;

import io.inferyx.api.ApiApplication;
import io.inferyx.api.ApiClient;
import io.inferyx.api.ApiClient.Response;
import io.inferyx.api.RedisProbe;
import io.inferyx.api.TestWorker;
import io.inferyx.api.waiting.FinishedJobs;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.batch.Settlement;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.models.ModelReadiness;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.inferyx.api.ApiClient.body;
import static io.inferyx.api.TestWorker.MOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=test-key"})
class InferIT {

    private static final RedisProbe probe = new RedisProbe();

    @LocalServerPort
    int port;
    @Autowired
    JobQueues queues;
    @Autowired
    JobStore store;
    @Autowired
    FinishedJobs finished;
    @Autowired
    MeterRegistry meters;
    @Autowired
    ModelReadiness readiness;

    private ApiClient api;
    private TestWorker worker;

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
        api = new ApiClient(port, "test-key");
        worker = new TestWorker(queues);
    }

    private static String uniqueInput() {
        return "hello " + UUID.randomUUID();
    }

    /** What the test worker makes of an input, as the API shows it. */
    private static String output(String input) {
        return "[mock] " + input.toUpperCase(Locale.ROOT);
    }

    private Response submit(String input) {
        return api.postJson("/infer", body("input", input, "model_id", "mock"));
    }

    @Test
    void aNewRequestIsQueuedAndAnswered202() {
        Response response = submit(uniqueInput());

        assertThat(response.status()).isEqualTo(202);
        JsonNode json = response.json();
        assertThat(json.get("status").stringValue()).isEqualTo("queued");
        String id = json.get("request_id").stringValue();
        assertThat(id).matches("mock\\.[0-9a-f]{32}");
        assertThat(probe.redis.lrange(probe.keys.queue(MOCK), 0, -1)).contains(id);
    }

    @Test
    void theModelDefaultsToTheFirstServedModel() {
        Response response = api.postJson("/infer", body("input", uniqueInput()));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("request_id").stringValue()).startsWith("mock.");
    }

    @Test
    void anIdenticalRequestWhileTheFirstIsQueuedJoinsIt() {
        String input = uniqueInput();
        String first = submit(input).json().get("request_id").stringValue();

        Response second = submit(input);

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().get("request_id").stringValue()).isEqualTo(first);
        assertThat(second.json().get("joined").booleanValue()).isTrue();
        assertThat(probe.redis.lrange(probe.keys.queue(MOCK), 0, -1)).containsOnlyOnce(first);
    }

    @Test
    void aFinishedResultIsServedFromTheCacheAndCountedAsAHit() {
        String input = uniqueInput();
        submit(input);
        worker.finishQueued();
        double hits = meters.counter("inferyx.cache.hits", "model", "mock").count();

        Response cached = submit(input);

        assertThat(cached.status()).isEqualTo(200);
        JsonNode json = cached.json();
        assertThat(json.get("status").stringValue()).isEqualTo("done");
        assertThat(json.get("cached").booleanValue()).isTrue();
        assertThat(json.get("result").isString()).isTrue();
        assertThat(json.get("result").stringValue()).isEqualTo(output(input));
        assertThat(json.get("request_id").stringValue()).matches("mock\\.[0-9a-f]{32}");
        assertThat(meters.counter("inferyx.cache.hits", "model", "mock").count()).isEqualTo(hits + 1);
    }

    @Test
    void everyAdmissionIsCountedByOutcomeAndEveryNonCachedOneAsAMiss() {
        double accepted = requests("accepted");
        double joined = requests("joined");
        double misses = meters.counter("inferyx.cache.misses", "model", "mock").count();
        String input = uniqueInput();

        submit(input);
        submit(input);

        assertThat(requests("accepted")).isEqualTo(accepted + 1);
        assertThat(requests("joined")).isEqualTo(joined + 1);
        assertThat(meters.counter("inferyx.cache.misses", "model", "mock").count()).isEqualTo(misses + 2);
    }

    private double requests(String outcome) {
        return meters.counter("inferyx.requests", "outcome", outcome, "model", "mock").count();
    }

    @Test
    void theResultOfAFinishedJobShowsEverything() {
        String input = uniqueInput();
        String id = submit(input).json().get("request_id").stringValue();
        worker.finishQueued();

        Response response = api.get("/result/" + id);

        assertThat(response.status()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.get("request_id").stringValue()).isEqualTo(id);
        assertThat(json.get("model_id").stringValue()).isEqualTo("mock");
        assertThat(json.get("status").stringValue()).isEqualTo("done");
        assertThat(json.get("result").stringValue()).isEqualTo(output(input));
        assertThat(json.get("attempts").intValue()).isEqualTo(1);
        assertThat(json.get("cached").booleanValue()).isFalse();
        assertThat(json.has("error")).isFalse();
        Instant submitted = Instant.parse(json.get("submitted_at").stringValue());
        assertThat(Instant.parse(json.get("finished_at").stringValue())).isAfterOrEqualTo(submitted);
    }

    @Test
    void aResultThatIsAJsonObjectIsEmbeddedAsJson() {
        String id = submit(uniqueInput()).json().get("request_id").stringValue();
        worker.settleQueued(job -> new Settlement.Done(job.id(), "{\"label\":\"Positive\",\"scores\":[0.1,0.9]}"));

        JsonNode result = api.get("/result/" + id).json().get("result");

        assertThat(result.isObject()).isTrue();
        assertThat(result.get("label").stringValue()).isEqualTo("Positive");
        assertThat(result.get("scores").get(1).doubleValue()).isEqualTo(0.9);
    }

    @Test
    void answersGoOutSizedInsteadOfChunked() {
        String input = "héllo " + UUID.randomUUID(); // not ASCII: the length counts bytes
        Response queued = submit(input);
        worker.finishQueued();
        Response done = api.get("/result/" + queued.json().get("request_id").stringValue());
        Response problem = api.get("/result/mock.00000000000000000000000000000000");

        for (Response response : List.of(queued, done, problem)) {
            assertThat(response.header("Transfer-Encoding")).isNull();
            assertThat(response.header("Content-Length"))
                    .isEqualTo(String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length));
        }
        assertThat(done.json().get("result").stringValue()).isEqualTo(output(input));
        assertThat(problem.status()).isEqualTo(404);
    }

    @Test
    void theResultOfAFailedJobShowsTheError() {
        String id = submit(uniqueInput()).json().get("request_id").stringValue();
        worker.settleQueued(job -> new Settlement.Fail(job.id(), "out of memory"));

        JsonNode json = api.get("/result/" + id).json();

        assertThat(json.get("status").stringValue()).isEqualTo("failed");
        assertThat(json.get("error").stringValue()).isEqualTo("out of memory");
        assertThat(json.has("result")).isFalse();
    }

    @Test
    void aQueuedJobHasNoResultYet() {
        String id = submit(uniqueInput()).json().get("request_id").stringValue();

        JsonNode json = api.get("/result/" + id).json();

        assertThat(json.get("status").stringValue()).isEqualTo("queued");
        assertThat(json.has("result")).isFalse();
        assertThat(json.has("finished_at")).isFalse();
        assertThat(json.get("attempts").intValue()).isZero();
    }

    @Test
    void aLongPollReturnsAsSoonAsTheJobFinishes() {
        String input = uniqueInput();
        String id = submit(input).json().get("request_id").stringValue();
        long start = System.nanoTime();
        CompletableFuture<Response> poll = api.getAsync("/result/" + id + "?wait=25s");
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.waiting() == 1);

        worker.finishQueued();

        assertThat(poll).succeedsWithin(10, TimeUnit.SECONDS).satisfies(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("status").stringValue()).isEqualTo("done");
            assertThat(response.json().get("result").stringValue()).isEqualTo(output(input));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(finished.waiting()).isZero();
    }

    @Test
    void aLongPollAnswersTheJobAsItStandsWhenTheWaitEnds() {
        String id = submit(uniqueInput()).json().get("request_id").stringValue();

        Response response = api.get("/result/" + id + "?wait=300ms");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("queued");
        assertThat(finished.waiting()).isZero();
    }

    @Test
    void aWaitingSubmissionAnswers200WithTheResultWhenTheJobFinishesInTime() {
        String input = uniqueInput();
        CompletableFuture<Response> submission = api.postJsonAsync("/infer?wait=25s", body("input", input));
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.waiting() == 1);

        worker.finishQueued();

        assertThat(submission).succeedsWithin(10, TimeUnit.SECONDS).satisfies(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("status").stringValue()).isEqualTo("done");
            assertThat(response.json().get("result").stringValue()).isEqualTo(output(input));
            assertThat(response.json().get("request_id").stringValue()).startsWith("mock.");
        });
    }

    @Test
    void aWaitingSubmissionAnswers202WhenTheJobIsNotDoneInTime() {
        Response response = api.postJson("/infer?wait=300ms", body("input", uniqueInput()));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.json().get("status").stringValue()).isEqualTo("queued");
        assertThat(response.json().has("result")).isFalse();
    }

    @Test
    void aJoinedSubmissionThatWaitsGetsTheSharedResult() {
        String input = uniqueInput();
        String first = submit(input).json().get("request_id").stringValue();
        CompletableFuture<Response> joined = api.postJsonAsync("/infer?wait=25s", body("input", input));
        await().atMost(Duration.ofSeconds(10)).until(() -> finished.waiting() == 1);

        worker.finishQueued();

        assertThat(joined).succeedsWithin(10, TimeUnit.SECONDS).satisfies(response -> {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("request_id").stringValue()).isEqualTo(first);
            assertThat(response.json().get("joined").booleanValue()).isTrue();
            assertThat(response.json().get("result").stringValue()).isEqualTo(output(input));
        });
    }

    @Test
    void modelsListsTheServedModelsWithTheirSettingsAndBacklog() {
        submit(uniqueInput());

        JsonNode models = api.get("/models").json();

        assertThat(models.size()).isEqualTo(1);
        JsonNode mock = models.get(0);
        assertThat(mock.get("model_id").stringValue()).isEqualTo("mock");
        assertThat(mock.get("max_batch_size").intValue()).isEqualTo(4);
        assertThat(mock.get("max_wait_ms").longValue()).isEqualTo(1000);
        assertThat(mock.get("max_queue_size").intValue()).isEqualTo(500);
        assertThat(mock.get("backlog").longValue()).isEqualTo(store.backlog(MOCK)).isPositive();
        // no worker runs in this test: not ready until a worker process marks the model ready
        assertThat(mock.get("ready").booleanValue()).isFalse();
        assertThat(mock.get("ready_workers").longValue()).isZero();
        readiness.markReady(MOCK, "some-worker", java.time.Duration.ofSeconds(10));
        JsonNode ready = api.get("/models").json().get(0);
        assertThat(ready.get("ready").booleanValue()).isTrue();
        assertThat(ready.get("ready_workers").longValue()).isEqualTo(1);
        readiness.clear(MOCK, "some-worker");
    }

    @Test
    void aWellFormedIdOfNoJobIsNotFound() {
        Response response = api.get("/result/" + JobId.random(MOCK));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
}

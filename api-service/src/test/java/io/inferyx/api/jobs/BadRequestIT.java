package io.inferyx.api.jobs;

import io.inferyx.api.ApiApplication;
import io.inferyx.api.ApiClient;
import io.inferyx.api.ApiClient.Response;
import io.inferyx.api.RedisProbe;
import io.inferyx.api.TestWorker;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.ModelId;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.inferyx.api.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every way a request can be wrong: each is answered with the right 4xx as problem JSON, without
 * a stack trace, and leaves nothing in Redis. Inputs are limited to 100 characters here.
 */
@SpringBootTest(classes = ApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=api-service", "inferyx.api.keys=test-key", "inferyx.api.max-input-chars=100"})
class BadRequestIT {

    private static final RedisProbe probe = new RedisProbe();
    private static final String MAX_INPUT = "x".repeat(100);

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        probe.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        probe.close();
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad("malformed JSON", 400, api -> api.postJson("/infer", "{\"input\": ")),
                bad("empty body", 400, api -> api.postJson("/infer", "")),
                bad("a JSON array", 400, api -> api.postJson("/infer", "[\"hello\"]")),
                bad("a JSON string", 400, api -> api.postJson("/infer", "\"hello\"")),
                bad("JSON null", 400, api -> api.postJson("/infer", "null")),
                bad("missing input", 400, api -> api.postJson("/infer", body("model_id", "mock"))),
                bad("null input", 400, api -> api.postJson("/infer", "{\"input\": null}")),
                bad("empty input", 400, api -> api.postJson("/infer", body("input", ""))),
                bad("blank input", 400, api -> api.postJson("/infer", body("input", " \t\n "))),
                bad("numeric input", 400, api -> api.postJson("/infer", "{\"input\": 42}")),
                bad("boolean input", 400, api -> api.postJson("/infer", "{\"input\": true}")),
                bad("object input", 400, api -> api.postJson("/infer", "{\"input\": {\"text\": \"hi\"}}")),
                bad("array input", 400, api -> api.postJson("/infer", "{\"input\": [\"hi\"]}")),
                bad("input and inputs", 400, api -> api.postJson("/infer", body("input", "hi", "inputs", List.of("hi")))),
                bad("empty inputs", 400, api -> api.postJson("/infer", body("inputs", List.of()))),
                bad("inputs that is a string", 400, api -> api.postJson("/infer", body("inputs", "hi"))),
                bad("numeric item of inputs", 400, api -> api.postJson("/infer", "{\"inputs\": [\"hi\", 42]}")),
                bad("null item of inputs", 400, api -> api.postJson("/infer", "{\"inputs\": [\"hi\", null]}")),
                bad("blank item of inputs", 400, api -> api.postJson("/infer", body("inputs", List.of("hi", " ")))),
                bad("inputs of 65 items", 413, api -> api.postJson("/infer", body("inputs", Collections.nCopies(65, "x")))),
                bad("inputs of 101 characters in all", 413, api -> api.postJson("/infer",
                        body("inputs", List.of("x".repeat(60), "y".repeat(41))))),
                bad("model_id with *", 400, api -> infer(api, "*")),
                bad("model_id with :", 400, api -> infer(api, "mock:queue")),
                bad("model_id with {", 400, api -> infer(api, "{mock}")),
                bad("model_id with a space", 400, api -> infer(api, "mo ck")),
                bad("model_id in capitals", 400, api -> infer(api, "MOCK")),
                bad("empty model_id", 400, api -> infer(api, "")),
                bad("model_id of 1000 characters", 400, api -> infer(api, "m".repeat(1000))),
                bad("numeric model_id", 400, api -> api.postJson("/infer", "{\"input\": \"hi\", \"model_id\": 7}")),
                bad("unknown model", 404, api -> infer(api, "gpt-5")),
                bad("input one character too long", 413, api -> api.postJson("/infer", body("input", MAX_INPUT + "y"))),
                bad("input of 101 emoji", 413, api -> api.postJson("/infer", body("input", "😀".repeat(101)))),
                bad("a 1 MB body", 413, api -> api.postJson("/infer", body("input", "x".repeat(1 << 20)))),
                bad("a 1 MB chunked body", 413, api -> api.post("/infer", "application/json",
                        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[1 << 20])))),
                bad("text/plain", 415, api -> api.post("/infer", "text/plain", BodyPublishers.ofString(body("input", "hi")))),
                bad("form encoded", 415, api -> api.post("/infer", "application/x-www-form-urlencoded",
                        BodyPublishers.ofString("input=hi"))),
                bad("no content type", 415, api -> api.post("/infer", null, BodyPublishers.ofString(body("input", "hi")))),
                bad("input that is not UTF-8", 400, api -> api.post("/infer", "application/json",
                        BodyPublishers.ofByteArray(new byte[]{'{', '"', 'i', 'n', 'p', 'u', 't', '"', ':', '"',
                                (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}))),
                bad("idempotency key with a space", 400, api -> api.postJson("/infer",
                        body("input", "hi", "model_id", "mock", "request_id", "two words"))),
                bad("idempotency key of 129 characters", 400, api -> api.postJson("/infer",
                        body("input", "hi", "model_id", "mock", "request_id", "k".repeat(129)))),
                bad("numeric request_id", 400, api -> api.postJson("/infer", "{\"input\": \"hi\", \"request_id\": 7}")),
                bad("wait that is no duration", 400, api -> api.postJson("/infer?wait=soon", body("input", "hi"))),
                bad("negative wait", 400, api -> api.postJson("/infer?wait=-2s", body("input", "hi"))),
                bad("malformed request id", 400, api -> api.get("/result/not-an-id")),
                bad("request id with upper-case hex", 400, api -> api.get("/result/mock." + "A".repeat(32))),
                bad("request id of an invalid model", 400, api -> api.get("/result/MO*CK." + "a".repeat(32))),
                bad("wait on a result that is no duration", 400, api -> api.get("/result/" + unknownJob() + "?wait=x")),
                bad("unknown request id", 404, api -> api.get("/result/" + unknownJob())),
                bad("request id of an unserved model", 404, api -> api.get("/result/" + JobId.random(ModelId.of("other")))),
                bad("unknown path", 404, api -> api.get("/nowhere")),
                bad("wrong method", 405, api -> api.send(api.request("/infer").DELETE())));
    }

    private static Arguments bad(String name, int status, Function<ApiClient, Response> call) {
        return argumentSet(name, status, call);
    }

    private static Response infer(ApiClient api, String model) {
        return api.postJson("/infer", body("input", "hello", "model_id", model));
    }

    private static JobId unknownJob() {
        return JobId.random(ModelId.of("mock"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void isRefusedWithProblemJsonAndStoresNothing(int status, Function<ApiClient, Response> call) {
        Response response = call.apply(new ApiClient(port, "test-key"));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("title").stringValue()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
        assertThat(probe.allKeys()).isEmpty();
    }

    @Test
    void anInputOfExactlyTheLimitIsAccepted() {
        try {
            Response response = new ApiClient(port, "test-key").postJson("/infer", body("input", MAX_INPUT));

            assertThat(response.status()).isEqualTo(202);
        } finally {
            probe.clear();
        }
    }

    @Test
    void theLargestArrayOfInputsIsAcceptedWithEveryCharacterEscapedAndTheBodyIndented() {
        // 64 inputs (max-inputs), 100 characters in all (max-input-chars here), each character an
        // emoji outside the BMP written as two \\u escapes: the most bytes a valid array can take
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String first = escaped(0x1F600 + i);
            items.add("\"" + (i < 36 ? first + escaped(0x1F900 + i) : first) + "\"");
        }
        String body = "{\n  \"inputs\": [\n    " + String.join(",\n    ", items) + "\n  ]\n}";
        try {
            Response response = new ApiClient(port, "test-key").postJson("/infer", body);

            assertThat(response.status()).isEqualTo(202);
            assertThat(probe.redis.llen(probe.keys.queue(TestWorker.MOCK))).isEqualTo(64);
        } finally {
            probe.clear();
        }
    }

    private static String escaped(int codePoint) {
        StringBuilder json = new StringBuilder();
        for (char c : Character.toChars(codePoint)) {
            json.append(String.format("\\u%04x", (int) c));
        }
        return json.toString();
    }

    @Test
    void refusalsAreCountedAsInvalidAndNotFound() {
        ApiClient api = new ApiClient(port, "test-key");
        double invalid = requests("invalid", "mock");
        double notFound = requests("not_found", "unknown");

        api.postJson("/infer", body("input", " ", "model_id", "mock"));
        infer(api, "gpt-5");

        assertThat(requests("invalid", "mock")).isEqualTo(invalid + 1);
        assertThat(requests("not_found", "unknown")).isEqualTo(notFound + 1);
    }

    @Test
    void aFloodOfBadRequestsNeitherStoresAnythingNorHoldsUpValidTraffic() throws Exception {
        List<Arguments> table = badRequests().toList();
        List<CompletableFuture<Response>> bad = new ArrayList<>();
        List<CompletableFuture<Response>> good = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 400; i++) {
                Arguments row = table.get(i % table.size());
                @SuppressWarnings("unchecked")
                Function<ApiClient, Response> call = (Function<ApiClient, Response>) row.get()[1];
                bad.add(CompletableFuture.supplyAsync(() -> call.apply(new ApiClient(port, "test-key")), clients));
                if (i % 10 == 0) {
                    String input = "valid " + i;
                    good.add(CompletableFuture.supplyAsync(() ->
                            new ApiClient(port, "test-key").postJson("/infer", body("input", input)), clients));
                }
            }
        }
        try {
            assertThat(bad).allSatisfy(f -> assertThat(f.get().status()).isBetween(400, 499));
            assertThat(good).allSatisfy(f -> assertThat(f.get().status()).isEqualTo(202));
            assertThat(probe.redis.llen(probe.keys.queue(TestWorker.MOCK))).isEqualTo(good.size());
        } finally {
            probe.clear();
        }
    }

    private double requests(String outcome, String model) {
        return meters.counter("inferyx.requests", "outcome", outcome, "model", model).count();
    }
}

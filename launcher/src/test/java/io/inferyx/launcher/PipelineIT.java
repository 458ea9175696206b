package io.inferyx.launcher;

import io.inferyx.common.job.ModelId;
import io.inferyx.common.redis.RedisKeys;
import io.inferyx.common.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline end to end: a few hundred requests through the API to the mock model,
 * which fails 30 % of its runs, and every accepted job ends done or failed exactly once.
 */
class PipelineIT {

    private static final int REQUESTS = 300;
    private static final String KEY = "pipeline-test-key";
    private static final ModelId MOCK = ModelId.of("mock");
    private static final String PREFIX = TestRedis.uniquePrefix();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static InProcessFleet fleet;
    private static RedisClient client;
    private static RedisCommands<String, String> redis;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startFleet() {
        fleet = new InProcessFleet(TestRedis.url(), PREFIX,
                "inferyx.api.keys=" + KEY,
                "inferyx.models.mock.base-latency=0ms", "inferyx.models.mock.per-item-latency=0ms",
                "inferyx.models.mock.failure-rate=0.3", "inferyx.models.mock.seed=42",
                "inferyx.retry.max-retries=1", "inferyx.retry.backoff=50ms", "inferyx.retry.max-backoff=200ms",
                "inferyx.batching.max-batch-size=8", "inferyx.batching.max-wait=20ms",
                "inferyx.queue.max-size=10000", "inferyx.workers.min=2", "inferyx.workers.check-interval=500ms");
        client = RedisClient.create(TestRedis.url());
        redis = client.connect().sync();
    }

    @AfterAll
    static void stopFleet() {
        fleet.close();
        redis.keys(PREFIX + "*").forEach(redis::del);
        client.shutdown();
    }

    private JsonNode post(String input) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.apiPort() + "/infer"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("input", input, "model_id", "mock"))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isIn(200, 202);
        return JSON.readTree(response.body());
    }

    private JsonNode awaitTerminal(String id) throws Exception {
        for (int poll = 0; poll < 12; poll++) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + fleet.apiPort() + "/result/" + id + "?wait=5s"))
                    .header("Authorization", "Bearer " + KEY).build();
            JsonNode job = JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            String status = job.get("status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return job;
            }
        }
        throw new AssertionError("job " + id + " did not finish within a minute");
    }

    @Test
    void everyAcceptedJobEndsDoneOrFailedExactlyOnce() throws Exception {
        Map<String, JsonNode> answers = submitAll();
        Set<String> ids = new HashSet<>();
        answers.values().forEach(a -> ids.add(a.get("request_id").asText()));
        Set<String> cachedIds = new HashSet<>();
        answers.values().stream().filter(a -> a.path("cached").asBoolean()).forEach(a -> cachedIds.add(a.get("request_id").asText()));

        Map<String, String> finalStatus = new HashMap<>();
        for (String id : ids) {
            JsonNode job = awaitTerminal(id);
            finalStatus.put(id, job.get("status").asText());
            if (job.get("status").asText().equals("done")) {
                assertThat(job.get("result").asText()).startsWith("[mock] INPUT ");
            } else {
                assertThat(job.get("error").asText()).isNotBlank();
            }
        }

        long done = finalStatus.values().stream().filter("done"::equals).count();
        long failed = finalStatus.values().stream().filter("failed"::equals).count();
        long ran = ids.size() - cachedIds.size();
        assertThat(done + failed).isEqualTo(ids.size());
        assertThat(failed).as("with a 30 %% failure rate and one retry some jobs must fail").isPositive();
        assertThat(done).isPositive();

        for (String id : ids) {
            String settled = redis.hget(keys().job(io.inferyx.common.job.JobId.parse(id)), "settled");
            assertThat(settled).as("terminal writes of %s", id).isEqualTo(cachedIds.contains(id) ? null : "1");
        }
        MeterRegistry workerMeters = fleet.worker.getBean(MeterRegistry.class);
        assertThat(count(workerMeters, "inferyx.jobs.completed") + count(workerMeters, "inferyx.jobs.failed"))
                .as("terminal writes by workers: each job that ran settles exactly once").isEqualTo(ran);
        assertThat(count(workerMeters, "inferyx.jobs.failed")).isEqualTo(failed);
        List<String> dead = redis.lrange(keys().dead(MOCK), 0, -1);
        assertThat(dead).doesNotHaveDuplicates().hasSize((int) failed);
        assertThat(redis.get(keys().backlog(MOCK))).isEqualTo("0");
        assertThat(redis.llen(keys().queue(MOCK))).isZero();
        assertThat(redis.llen(keys().batches(MOCK))).isZero();
        assertThat(redis.zcard(keys().retry(MOCK))).isZero();
        assertThat(redis.keys(PREFIX + "processing*")).allSatisfy(k -> assertThat(redis.llen(k)).isZero());
        System.out.printf("pipeline: %d requests, %d jobs (%d served from cache), %d done, %d failed%n",
                REQUESTS, ids.size(), cachedIds.size(), done, failed);
    }

    /** Sends the requests from 8 threads; one in ten repeats an earlier input (cache hits and joins). */
    private Map<String, JsonNode> submitAll() throws Exception {
        Map<String, JsonNode> answers = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                String input = "input " + (n % 10 == 9 ? n - 9 : n);
                sent.add(pool.submit(() -> answers.put("request-" + n, post(input))));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        return answers;
    }

    private static long count(MeterRegistry meters, String name) {
        return Math.round(meters.find(name).counters().stream().mapToDouble(Counter::count).sum());
    }

    private static RedisKeys keys() {
        return new RedisKeys(PREFIX);
    }
}

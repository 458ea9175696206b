package io.inferyx.worker;

import io.inferyx.common.batch.Batch;
import io.inferyx.common.batch.BatchQueue;
import io.inferyx.common.batch.HolderId;
import io.inferyx.common.batch.JobQueues;
import io.inferyx.common.job.JobId;
import io.inferyx.common.job.JobStatus;
import io.inferyx.common.job.JobStore;
import io.inferyx.common.job.Submission;
import io.inferyx.common.testing.TestRedis;
import io.inferyx.worker.model.mock.MockModel;
import io.inferyx.worker.pool.WorkerPool;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The whole worker service as {@link WorkerApplication#builder()} starts it. */
class WorkerApplicationIT {

    private static String[] args(String... extra) {
        List<String> base = List.of("--server.port=0",
                "--spring.data.redis.url=" + TestRedis.url(),
                "--inferyx.redis.key-prefix=" + TestRedis.uniquePrefix(),
                "--inferyx.redis.block-timeout=200ms",
                "--inferyx.models.mock.base-latency=0ms",
                "--inferyx.models.mock.per-item-latency=0ms",
                "--inferyx.models.mock.failure-rate=0");
        return Stream.concat(base.stream(), Arrays.stream(extra)).toArray(String[]::new);
    }

    @Test
    void runsTheMockModelAndServesItsMetricsToPrometheus() throws Exception {
        try (ConfigurableApplicationContext app = WorkerApplication.builder().run(args())) {
            assertThat(app.getBean("workerPool-mock", WorkerPool.class).isRunning()).isTrue();
            List<JobId> ids = submitAndBatch(app, 3);

            JobStore jobs = app.getBean(JobStore.class);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids)
                    .allSatisfy(id -> assertThat(jobs.find(id).orElseThrow().status()).isEqualTo(JobStatus.DONE)));

            String port = app.getEnvironment().getProperty("local.server.port");
            assertThat(get(port, "/actuator/health", "application/json").body()).contains("\"UP\"");
            String metrics = get(port, "/actuator/prometheus", "text/plain").body();
            assertThat(metrics)
                    .containsPattern("inferyx_jobs_completed_total\\{[^}]*model=\"mock\"[^}]*service=\"worker\"[^}]*} 3\\.0")
                    .containsPattern("inferyx_request_latency_seconds_bucket\\{[^}]*model=\"mock\"")
                    .containsPattern("inferyx_batch_size_bucket\\{[^}]*model=\"mock\"[^}]*le=\"4\\.0\"} 1")
                    .containsPattern("inferyx_workers\\{[^}]*state=\"idle\"")
                    .contains("inferyx_worker_utilization", "inferyx_queue_wait_seconds_count",
                            "inferyx_inference_seconds_count", "inferyx_batches_processed_total", "inferyx_jobs_failed_total", "inferyx_retries_total",
                            "inferyx_retry_delay_seconds_bucket");
        }
    }

    @Test
    void refusesToStartWhenAServedModelHasNoImplementation() {
        assertThatThrownBy(() -> WorkerApplication.builder().run(args("--inferyx.models.served=mock,nosuchmodel")).close())
                .hasStackTraceContaining(
                        "inferyx.models.served names 'nosuchmodel', but this worker has no implementation of it");
    }

    private static List<JobId> submitAndBatch(ConfigurableApplicationContext app, int n) {
        JobStore jobs = app.getBean(JobStore.class);
        List<JobId> ids = IntStream.range(0, n).mapToObj(i -> JobId.random(MockModel.ID)).toList();
        ids.forEach(id -> jobs.submit(new Submission(id, "hello " + id)));
        try (BatchQueue batcher = app.getBean(JobQueues.class).batchQueue(MockModel.ID, new HolderId("test-batcher"), n)) {
            batcher.fill();
            batcher.seal(Batch.newId());
        }
        return ids;
    }

    private static HttpResponse<String> get(String port, String path, String accept)
            throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response;
        }
    }
}

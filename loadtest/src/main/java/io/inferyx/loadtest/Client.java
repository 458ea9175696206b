package io.inferyx.loadtest;

import io.inferyx.loadtest.http.KeepAliveHttp;
import io.inferyx.loadtest.http.KeepAliveHttp.Answer;
import io.inferyx.loadtest.traffic.Input;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Sends one request and follows each of its jobs to its terminal state, recording the outcomes.
 * Every input sent ends in exactly one of rejected, error, done or failed, or in none of them
 * when it is still unanswered or unfinished at the end of the drain (never finished). A request
 * of several inputs is refused or fails as a whole, so each of its inputs counts so.
 */
final class Client implements AutoCloseable {

    private static final ObjectMapper JSON = JsonMapper.shared();
    /** Pause before polling again after an answer that came back early without a result. */
    private static final Duration PAUSE = Duration.ofMillis(50);
    private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(10);

    private final KeepAliveHttp http;
    private final LoadOptions options;
    private final Stats stats;
    private final Deadline deadline;
    private final LongSupplier nanoClock;

    Client(LoadOptions options, Stats stats, Deadline deadline, LongSupplier nanoClock) {
        this.http = new KeepAliveHttp(options.url(), options.key(), options.maxConnections());
        this.options = options;
        this.stats = stats;
        this.deadline = deadline;
        this.nanoClock = nanoClock;
    }

    /**
     * @param inputs one, sent as {@code "input"}, or several, sent as {@code "inputs"}
     * @param sentAt when the request was meant to be sent (open loop) or was sent (closed loop)
     */
    void send(List<Input> inputs, long sentAt) {
        inputs.forEach(input -> stats.sent(input.kind(), nanoClock.getAsLong()));
        try {
            Duration wait = deadline.cap(options.resultWait());
            Answer response = http.postJson("/infer?wait=" + wait.toMillis() + "ms", body(inputs), wait.plus(TIMEOUT_MARGIN));
            switch (response.status()) {
                case 200, 202 -> followAll(jobs(JSON.readTree(response.body()), inputs.size()), sentAt);
                case 429 -> inputs.forEach(input -> stats.rejected(nanoClock.getAsLong()));
                default -> inputs.forEach(input -> stats.error(nanoClock.getAsLong()));
            }
        } catch (IOException | JacksonException e) {
            if (!deadline.abandoned()) {
                inputs.forEach(input -> stats.error(nanoClock.getAsLong()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String body(List<Input> inputs) {
        if (inputs.size() == 1) {
            return JSON.writeValueAsString(Map.of("input", inputs.getFirst().text(), "model_id", options.model()));
        }
        return JSON.writeValueAsString(Map.of("inputs", inputs.stream().map(Input::text).toList(),
                "model_id", options.model()));
    }

    /** The answer's jobs: the answer itself for one input, else its {@code jobs}, one per input. */
    private static List<JsonNode> jobs(JsonNode answer, int inputs) throws IOException {
        if (inputs == 1) {
            return List.of(answer);
        }
        List<JsonNode> jobs = answer.path("jobs").valueStream().toList();
        if (jobs.size() != inputs) {
            throw new IOException("asked for " + inputs + " jobs, answered " + jobs.size());
        }
        return jobs;
    }

    /**
     * Follows each job on a thread of its own, so that one slow job neither holds back the time
     * another is seen to finish nor keeps it from being followed at all; returns when all are
     * followed.
     */
    private void followAll(List<JsonNode> jobs, long sentAt) throws InterruptedException {
        if (jobs.size() == 1) {
            accepted(jobs.getFirst(), sentAt);
            return;
        }
        try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
            for (JsonNode job : jobs) {
                each.submit(() -> {
                    accepted(job, sentAt);
                    return null;
                });
            }
        }
    }

    private void accepted(JsonNode answer, long sentAt) throws InterruptedException {
        stats.accepted(answer.path("cached").asBoolean(), answer.path("joined").asBoolean(), nanoClock.getAsLong());
        String id = answer.path("request_id").asString();
        JsonNode job = answer;
        while (!isTerminal(job)) {
            Duration wait = deadline.cap(options.resultWait());
            if (wait.isZero()) {
                return;
            }
            long asked = nanoClock.getAsLong();
            job = poll(id, wait).orElse(job);
            if (!isTerminal(job) && nanoClock.getAsLong() - asked < wait.toNanos() / 2) {
                // an early answer without a result (the API's waiters are full, or an error): don't spin
                Thread.sleep(deadline.cap(PAUSE));
            }
        }
        stats.finished(job.path("status").asString().equals("done"), sentAt, nanoClock.getAsLong());
    }

    private Optional<JsonNode> poll(String id, Duration wait) throws InterruptedException {
        try {
            Answer response = http.get("/result/" + id + "?wait=" + wait.toMillis() + "ms", wait.plus(TIMEOUT_MARGIN));
            if (response.status() == 200) {
                return Optional.of(JSON.readTree(response.body()));
            }
        } catch (IOException | JacksonException e) {
            // counted below, like a non-200 answer
        }
        if (!deadline.abandoned()) {
            stats.pollError();
        }
        return Optional.empty();
    }

    private static boolean isTerminal(JsonNode job) {
        String status = job.path("status").asString();
        return status.equals("done") || status.equals("failed");
    }

    @Override
    public void close() {
        http.close();
    }
}

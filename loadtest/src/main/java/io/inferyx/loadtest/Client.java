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
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Sends one request and follows it to its terminal state, recording the outcome. Every sent
 * request ends in exactly one of rejected, error, done or failed, or in none of them when it is
 * still unanswered or unfinished at the end of the drain (never finished).
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

    /** @param sentAt when the request was meant to be sent (open loop) or was sent (closed loop) */
    void send(Input input, long sentAt) {
        stats.sent(input.kind(), nanoClock.getAsLong());
        try {
            Duration wait = deadline.cap(options.resultWait());
            String body = JSON.writeValueAsString(Map.of("input", input.text(), "model_id", options.model()));
            Answer response = http.postJson("/infer?wait=" + wait.toMillis() + "ms", body, wait.plus(TIMEOUT_MARGIN));
            switch (response.status()) {
                case 200, 202 -> accepted(JSON.readTree(response.body()), sentAt);
                case 429 -> stats.rejected(nanoClock.getAsLong());
                default -> stats.error(nanoClock.getAsLong());
            }
        } catch (IOException | JacksonException e) {
            if (!deadline.abandoned()) {
                stats.error(nanoClock.getAsLong());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

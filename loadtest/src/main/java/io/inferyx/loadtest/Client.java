package io.inferyx.loadtest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Sends one request and follows it to its terminal state, recording the outcome. */
final class Client {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final LoadOptions options;
    private final Stats stats;

    Client(LoadOptions options, Stats stats) {
        this.options = options;
        this.stats = stats;
    }

    /** @param startNanos when the request was meant to be sent (open loop) or was sent (closed loop) */
    void send(String input, long startNanos) {
        stats.sent.increment();
        try {
            HttpResponse<String> response = http.send(infer(input), HttpResponse.BodyHandlers.ofString());
            handle(response, startNanos);
        } catch (IOException e) {
            stats.errors.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpResponse<String> response, long startNanos) throws IOException, InterruptedException {
        switch (response.statusCode()) {
            case 200, 202 -> {
                stats.accepted.increment();
                JsonNode body = JSON.readTree(response.body());
                if (body.path("cached").asBoolean()) {
                    stats.cached.increment();
                }
                follow(body, startNanos);
            }
            case 429 -> stats.rejected.increment();
            default -> stats.errors.increment();
        }
    }

    private void follow(JsonNode job, long startNanos) throws IOException, InterruptedException {
        long deadline = startNanos + options.resultWait().multipliedBy(4).toNanos();
        while (!isTerminal(job) && System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(result(job.get("request_id").asText()),
                    HttpResponse.BodyHandlers.ofString());
            job = JSON.readTree(response.body());
        }
        if (isTerminal(job)) {
            stats.finished(job.get("status").asText(), (System.nanoTime() - startNanos) / 1000);
        } else {
            stats.unfinished.increment();
        }
    }

    private static boolean isTerminal(JsonNode job) {
        String status = job.path("status").asText();
        return status.equals("done") || status.equals("failed");
    }

    private HttpRequest infer(String input) {
        String body = JSON.writeValueAsString(Map.of("input", input, "model_id", options.model()));
        return authorized(options.url().resolve("/infer?wait=" + options.resultWait().toMillis() + "ms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest result(String id) {
        return authorized(options.url().resolve("/result/" + id + "?wait=" + options.resultWait().toMillis() + "ms")).GET().build();
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(options.resultWait().plusSeconds(10))
                .header("Authorization", "Bearer " + options.key());
    }
}

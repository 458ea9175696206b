package io.inferyx.launcher.faults;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/** The API as a client sees it: {@code POST /infer} and {@code GET /result/{id}}, over loopback. */
final class InferyxApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    InferyxApi(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    /** Submits {@code input} to the mock model; a failed connection is an answer too, never an exception. */
    Answer submit(String input) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/infer")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("input", input, "model_id", "mock"))))
                .build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            String id = null;
            boolean cached = false;
            boolean joined = false;
            if (response.statusCode() / 100 == 2) {
                JsonNode body = JSON.readTree(response.body());
                id = body.path("request_id").asString(null);
                cached = body.path("cached").asBoolean(false);
                joined = body.path("joined").asBoolean(false);
            }
            return new Answer(response.statusCode(), id, cached, joined,
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null), sent, answered,
                    response.statusCode() / 100 == 2 ? null : response.body());
        } catch (IOException e) {
            return new Answer(Answer.NO_ANSWER, null, false, false, null, null, sent, System.nanoTime(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.NO_ANSWER, null, false, false, null, null, sent, System.nanoTime(), e.toString());
        }
    }

    /** {@code GET /result/{id}}: the job as the API shows it, or empty on a 404. */
    Optional<JsonNode> result(String id) {
        return result(id, Duration.ZERO);
    }

    /** {@code GET /result/{id}?wait=}: a long poll that answers once the job is finished or {@code wait} ends. */
    Optional<JsonNode> result(String id, Duration wait) {
        String query = wait.isZero() ? "" : "?wait=" + wait.toMillis() + "ms";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/result/" + id + query))
                .timeout(REQUEST_TIMEOUT.plus(wait)).header("Authorization", "Bearer " + key).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /result/" + id + " answered " + response.statusCode() + ": " + response.body());
            }
            return Optional.of(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError("GET /result/" + id + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

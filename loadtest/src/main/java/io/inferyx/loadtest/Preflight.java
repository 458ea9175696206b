package io.inferyx.loadtest;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code GET /models} before the load: a wrong URL, key or model then stops the run with one
 * clear message instead of a report full of errors, and the first measured requests do not pay
 * for loading the HTTP client's classes.
 */
final class Preflight {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Preflight() {
    }

    /** What stops the run, if anything. */
    static Optional<String> problem(LoadOptions options) throws InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            HttpRequest request = HttpRequest.newBuilder(options.url().resolve("/models")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + options.key()).GET().build();
            return problem(http.send(request, HttpResponse.BodyHandlers.ofString()), options.model());
        } catch (IOException e) {
            return Optional.of("cannot reach " + options.url() + ": " + e);
        }
    }

    private static Optional<String> problem(HttpResponse<String> response, String model) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return Optional.of("the API refused the key (" + response.statusCode() + "): check --key or INFERYX_API_KEY");
        }
        if (response.statusCode() != 200) {
            return Optional.of("GET /models answered " + response.statusCode());
        }
        List<String> served = served(response.body());
        return served.contains(model) ? Optional.empty()
                : Optional.of("model '" + model + "' is not served; the API serves " + served);
    }

    private static List<String> served(String body) {
        List<String> served = new ArrayList<>();
        try {
            JsonMapper.shared().readTree(body).forEach(model -> served.add(model.path("model_id").asString()));
        } catch (JacksonException e) {
            // not a model list: reported as serving nothing
        }
        return served;
    }
}

package io.inferyx.loadtest;

import io.inferyx.loadtest.report.Report;
import io.inferyx.loadtest.traffic.OriginalInputs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to send and what to write. Exactly one load shape: {@code --concurrency N} (closed loop),
 * {@code --rate R} (open loop) or {@code --profile original} (the original script's traffic).
 * Then {@code --url} (loopback only unless env {@code INFERYX_LOADTEST_ANY_HOST} is set),
 * {@code --key} (or env {@code INFERYX_API_KEY}), {@code --model}, {@code --duration} and
 * optionally {@code --requests} (whichever ends first), {@code --repeat-share} (closed and open
 * loop), {@code --seed}, {@code --wait} (how long one request waits for its result per call),
 * {@code --drain} (how long in-flight requests may still finish after the load), {@code
 * --max-input-chars} (the API's input limit, for the profile's long inputs), {@code
 * --max-connections} (requests in flight at once; more wait for a connection, the wait counted in
 * their latency), {@code --inputs} (inputs per request, sent as {@code "inputs"} when more than one;
 * counts, rates and latencies are then per input), {@code --report-json} and {@code --report-html}.
 */
public record LoadOptions(URI url, String key, String model, LoadShape shape, Duration duration, long requests,
                          int concurrency, double rate, double repeatShare, long seed, Duration resultWait,
                          Duration drain, int maxInputChars, int maxConnections, int inputsPerRequest,
                          Optional<Path> reportJson, Optional<Path> reportHtml) {

    /** The profiles {@code --profile} knows. */
    public static final List<String> PROFILES = List.of("original");

    /**
     * Below the API's own connection limit (server.tomcat.max-connections, 1,024): connections past
     * that wait unserved in the server's accept queue until an idle one times out.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 512;

    /** The API's own ceiling on {@code inferyx.api.max-inputs}. */
    public static final int MAX_INPUTS = 1024;

    private static final List<String> NAMES = List.of("url", "key", "model", "duration", "requests", "concurrency",
            "rate", "profile", "repeat-share", "seed", "wait", "drain", "max-input-chars", "max-connections", "inputs", "report-json", "report-html");

    /** Reads the options; an {@link IllegalArgumentException} says what is wrong with them. */
    public static LoadOptions parse(String[] args, Map<String, String> env) {
        Args a = Args.parse(args, NAMES);
        String key = a.text("key").orElse(env.get("INFERYX_API_KEY"));
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an API key is needed: --key or INFERYX_API_KEY");
        }
        LoadOptions options = new LoadOptions(URI.create(a.text("url").orElse("http://127.0.0.1:8000")), key,
                a.text("model").orElse("mock"), shape(a), a.duration("duration", Duration.ofSeconds(10)),
                a.integer("requests", 0), (int) a.integer("concurrency", 0), a.decimal("rate", 0),
                a.decimal("repeat-share", 0), a.integer("seed", ThreadLocalRandom.current().nextLong()),
                a.duration("wait", Duration.ofSeconds(30)), a.duration("drain", Duration.ofSeconds(30)),
                (int) a.integer("max-input-chars", 10_000), (int) a.integer("max-connections", DEFAULT_MAX_CONNECTIONS),
                (int) a.integer("inputs", 1), a.path("report-json"), a.path("report-html"));
        options.validate(env);
        return options;
    }

    private static LoadShape shape(Args a) {
        List<LoadShape> given = new ArrayList<>();
        if (a.has("concurrency")) {
            given.add(LoadShape.CLOSED_LOOP);
        }
        if (a.has("rate")) {
            given.add(LoadShape.OPEN_LOOP);
        }
        if (a.has("profile")) {
            given.add(LoadShape.PROFILE);
        }
        if (given.size() != 1) {
            throw new IllegalArgumentException("give exactly one of --concurrency N (closed loop), --rate R (open loop) "
                    + "or --profile original");
        }
        if (given.getFirst() == LoadShape.PROFILE && a.has("repeat-share")) {
            throw new IllegalArgumentException("--repeat-share does not apply to --profile, whose input mix is fixed");
        }
        if (given.getFirst() == LoadShape.PROFILE && a.has("inputs")) {
            throw new IllegalArgumentException("--inputs does not apply to --profile, whose requests are the original's");
        }
        a.text("profile").filter(p -> !PROFILES.contains(p)).ifPresent(p -> {
            throw new IllegalArgumentException("unknown --profile " + p + "; known: " + PROFILES);
        });
        return given.getFirst();
    }

    private void validate(Map<String, String> env) {
        require(shape != LoadShape.CLOSED_LOOP || concurrency > 0, "--concurrency must be positive");
        require(shape != LoadShape.OPEN_LOOP || rate > 0, "--rate must be positive");
        require(duration.isPositive(), "--duration must be positive");
        require(requests >= 0, "--requests must not be negative");
        require(repeatShare >= 0 && repeatShare <= 1, "--repeat-share must be within [0, 1]");
        require(!resultWait.isNegative() && !drain.isNegative(), "--wait and --drain must not be negative");
        require(maxInputChars >= OriginalInputs.MIN_MAX_CHARS,
                "--max-input-chars must be at least " + OriginalInputs.MIN_MAX_CHARS);
        require(maxConnections > 0, "--max-connections must be positive");
        require(inputsPerRequest >= 1 && inputsPerRequest <= MAX_INPUTS, "--inputs must be 1 to " + MAX_INPUTS);
        require("http".equals(url.getScheme()) && url.getHost() != null, "--url must look like http://127.0.0.1:8000");
        require(isLoopback() || env.containsKey("INFERYX_LOADTEST_ANY_HOST"),
                "refusing to load " + url.getHost() + ": only loopback unless INFERYX_LOADTEST_ANY_HOST is set");
    }

    private boolean isLoopback() {
        return List.of("127.0.0.1", "localhost", "[::1]").contains(url.getHost());
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public boolean closedLoop() {
        return shape == LoadShape.CLOSED_LOOP;
    }

    /** The options as the report shows them: everything but the key. */
    public Report.Settings settings() {
        return new Report.Settings(shape.label(), shape == LoadShape.PROFILE ? PROFILES.getFirst() : null,
                url.toString(), model, duration.toMillis() / 1000.0, requests, concurrency, rate, repeatShare, seed,
                resultWait.toMillis(), drain.toMillis(), maxInputChars, maxConnections, inputsPerRequest);
    }

    /** Never shows the key: options end up in logs. */
    @Override
    public String toString() {
        return "LoadOptions" + settings();
    }
}

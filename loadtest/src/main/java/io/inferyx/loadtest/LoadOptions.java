package io.inferyx.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to send: {@code --url}, {@code --key} (or env {@code INFERYX_API_KEY}), {@code --model},
 * {@code --duration} or {@code --requests}, and either {@code --concurrency N} (closed loop: N
 * clients, each sends its next request when the last one finished) or {@code --rate R} (open
 * loop: R requests per second whatever the answers). {@code --repeat-share} is the share of
 * requests that repeat an earlier input (cache hits and joins).
 */
public record LoadOptions(URI url, String key, String model, Duration duration, long requests,
                          int concurrency, double rate, double repeatShare, Duration resultWait) {

    private static final List<String> NAMES = List.of("url", "key", "model", "duration", "requests",
            "concurrency", "rate", "repeat-share", "wait");

    public static LoadOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String name = args[i].replaceFirst("^--", "");
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + NAMES);
            }
            given.put(name, args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("every option needs a value: " + String.join(" ", args));
        }
        return fromMap(given, env);
    }

    private static LoadOptions fromMap(Map<String, String> o, Map<String, String> env) {
        String key = o.getOrDefault("key", env.get("INFERYX_API_KEY"));
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("an API key is needed: --key or INFERYX_API_KEY");
        }
        LoadOptions options = new LoadOptions(URI.create(o.getOrDefault("url", "http://127.0.0.1:8000")), key,
                o.getOrDefault("model", "mock"), Duration.parse("PT" + o.getOrDefault("duration", "10s").toUpperCase()),
                Long.parseLong(o.getOrDefault("requests", "0")), Integer.parseInt(o.getOrDefault("concurrency", "0")),
                Double.parseDouble(o.getOrDefault("rate", "0")), Double.parseDouble(o.getOrDefault("repeat-share", "0")),
                Duration.parse("PT" + o.getOrDefault("wait", "30s").toUpperCase()));
        options.validate();
        return options;
    }

    private void validate() {
        if ((concurrency > 0) == (rate > 0)) {
            throw new IllegalArgumentException("give exactly one of --concurrency (closed loop) or --rate (open loop)");
        }
        if (!url.getHost().equals("127.0.0.1") && !url.getHost().equals("localhost") && !url.getHost().equals("[::1]")
                && System.getenv("INFERYX_LOADTEST_ANY_HOST") == null) {
            throw new IllegalArgumentException("refusing to load " + url.getHost()
                    + ": only loopback unless INFERYX_LOADTEST_ANY_HOST is set");
        }
        if (repeatShare < 0 || repeatShare > 1) {
            throw new IllegalArgumentException("--repeat-share must be within [0, 1]");
        }
    }

    public boolean closedLoop() {
        return concurrency > 0;
    }
}

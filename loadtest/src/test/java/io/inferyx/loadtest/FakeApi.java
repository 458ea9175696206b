package io.inferyx.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers like the Inferyx API, with an outcome fixed by each submit's arrival number, so that a
 * test knows exactly how many requests of a run end which way ({@link #outcome(int)}).
 */
final class FakeApi implements AutoCloseable {

    static final String KEY = "fake-key";
    private static final Pattern WAIT = Pattern.compile("wait=(\\d+)ms");
    private static final Pattern JOB = Pattern.compile("/result/job-(\\d+)");

    /** How the n-th submit ends. */
    enum Outcome { REJECTED, ERROR, CACHED, NEVER_FINISHES, FAILED, DONE }

    private final HttpServer server;
    private final AtomicInteger submits = new AtomicInteger();
    private final AtomicInteger manyInputJobs = new AtomicInteger();
    private final AtomicInteger invalid = new AtomicInteger();
    private final Map<Integer, AtomicInteger> polls = new ConcurrentHashMap<>();

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/infer", this::infer);
        server.createContext("/result/", this::result);
        server.createContext("/models", this::models);
        server.start();
    }

    static Outcome outcome(int n) {
        if (n % 5 == 0) {
            return Outcome.REJECTED;
        }
        if (n % 13 == 0) {
            return Outcome.ERROR;
        }
        if (n % 7 == 0) {
            return Outcome.CACHED;
        }
        if (n % 11 == 0) {
            return Outcome.NEVER_FINISHES;
        }
        return n % 3 == 0 ? Outcome.FAILED : Outcome.DONE;
    }

    /** Whether the first result poll of the n-th submit fails (503) before later polls answer. */
    static boolean firstPollFails(int n) {
        return n % 4 == 1 && (outcome(n) == Outcome.DONE || outcome(n) == Outcome.FAILED);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int submits() {
        return submits.get();
    }

    /** Submits a real API would have refused: no key, no JSON object, a blank or too long input. */
    int invalid() {
        return invalid.get();
    }

    private void infer(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        if (!valid(exchange, body)) {
            invalid.incrementAndGet();
            answer(exchange, 400, "{\"title\":\"bad request\"}");
            return;
        }
        if (body.has("inputs")) {
            manyInputs(exchange, body.get("inputs").size());
            return;
        }
        int n = submits.incrementAndGet();
        switch (outcome(n)) {
            case REJECTED -> answer(exchange, 429, "{\"title\":\"queue full\"}");
            case ERROR -> answer(exchange, 500, "{\"title\":\"boom\"}");
            case CACHED -> answer(exchange, 200, "{\"request_id\":\"job-" + n + "\",\"status\":\"done\",\"cached\":true}");
            default -> answer(exchange, 202, "{\"request_id\":\"job-" + n + "\",\"status\":\"queued\"}");
        }
    }

    /**
     * A request of several inputs is refused or fails as a whole, by the request's number; else
     * each input is a job numbered in a sequence of its own, which ends as a job of that number
     * ends in {@link #result}: failed, never finished, or done.
     */
    private void manyInputs(HttpExchange exchange, int inputs) throws IOException {
        int n = submits.incrementAndGet();
        switch (outcome(n)) {
            case REJECTED -> answer(exchange, 429, "{\"title\":\"queue full\"}");
            case ERROR -> answer(exchange, 500, "{\"title\":\"boom\"}");
            default -> {
                List<String> jobs = new ArrayList<>();
                for (int i = 0; i < inputs; i++) {
                    jobs.add("{\"request_id\":\"job-" + manyInputJobs.incrementAndGet() + "\",\"status\":\"queued\"}");
                }
                answer(exchange, 202, "{\"jobs\":[" + String.join(",", jobs) + "]}");
            }
        }
    }

    private static JsonNode body(HttpExchange exchange) {
        try {
            return JsonMapper.shared().readTree(exchange.getRequestBody());
        } catch (RuntimeException e) {
            return JsonMapper.shared().createObjectNode();
        }
    }

    /** One {@code input}, or {@code inputs} of 1 to 64, each non-blank, 10,000 characters in all. */
    private static boolean valid(HttpExchange exchange, JsonNode body) {
        List<JsonNode> inputs = body.has("inputs") ? body.get("inputs").valueStream().toList() : List.of(body.path("input"));
        List<String> texts = inputs.stream().map(input -> input.asString("")).toList();
        return ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                && !texts.isEmpty() && texts.size() <= 64 && texts.stream().noneMatch(String::isBlank)
                && texts.stream().mapToInt(text -> text.codePointCount(0, text.length())).sum() <= 10_000
                && body.path("model_id").asString("").equals("mock");
    }

    private void models(HttpExchange exchange) throws IOException {
        boolean authorized = ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
        answer(exchange, authorized ? 200 : 401, authorized ? "[{\"model_id\":\"mock\",\"ready\":true}]" : "{}");
    }

    private void result(HttpExchange exchange) throws IOException {
        Matcher job = JOB.matcher(exchange.getRequestURI().getPath());
        if (!job.matches()) {
            answer(exchange, 404, "{}");
            return;
        }
        int n = Integer.parseInt(job.group(1));
        int poll = polls.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
        if (outcome(n) == Outcome.NEVER_FINISHES) {
            holdFor(exchange);
            answer(exchange, 200, status(n, "running"));
        } else if (poll == 1 && firstPollFails(n)) {
            answer(exchange, 503, "{}");
        } else if (poll == 1) {
            answer(exchange, 200, status(n, "running"));
        } else {
            answer(exchange, 200, status(n, outcome(n) == Outcome.FAILED ? "failed" : "done"));
        }
    }

    /** Long-polls like the API: a job that does not finish is answered when the wait ends. */
    private static void holdFor(HttpExchange exchange) {
        Matcher wait = WAIT.matcher(String.valueOf(exchange.getRequestURI().getQuery()));
        try {
            Thread.sleep(wait.find() ? Long.parseLong(wait.group(1)) : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String status(int n, String status) {
        return "{\"request_id\":\"job-" + n + "\",\"status\":\"" + status + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

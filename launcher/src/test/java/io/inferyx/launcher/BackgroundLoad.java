package io.inferyx.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady, light open-loop load on the API until closed: a request every {@code period}, at most
 * {@code maxInFlight} at once. One in four repeats an earlier input (a cache hit or a join), one in
 * fifty asks for a model nobody serves (a 404); the rest are new inputs.
 */
final class BackgroundLoad implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("background-load").factory());
    private final URI infer;
    private final String key;
    private final int maxInFlight;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

    BackgroundLoad(int apiPort, String key, Duration period, int maxInFlight) {
        this.infer = URI.create("http://127.0.0.1:" + apiPort + "/infer");
        this.key = key;
        this.maxInFlight = maxInFlight;
        ticker.scheduleAtFixedRate(this::send, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void send() {
        if (inFlight.get() >= maxInFlight) {
            return;
        }
        long n = sent.getAndIncrement();
        String model = n % 50 == 49 ? "nobody-serves-this" : "mock";
        // a repeat names the new input of about a second ago: done by now (a cache hit) or still running (a join)
        String input = "load " + (n % 4 == 3 ? Math.max(0, n - 39) : n);
        HttpRequest request = HttpRequest.newBuilder(infer).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"input\": \"" + input + "\", \"model_id\": \"" + model + "\"}"))
                .build();
        inFlight.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            inFlight.decrementAndGet();
            int status = failure == null ? response.statusCode() : -1;
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        });
    }

    /** How many answers of each HTTP status came back (-1: no answer). */
    Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new java.util.TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        http.shutdownNow();
    }
}

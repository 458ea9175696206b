package io.inferyx.loadtest.report;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Everything one load-test run measured; written as JSON ({@link JsonReport}, snake_case names),
 * as an HTML page ({@link HtmlReport}) and as the terminal summary ({@link SummaryTable}).
 *
 * @param options   how the run was configured (never the API key)
 * @param totals    counts and rates over the whole run
 * @param latencyMs submit-to-done latency of the requests that finished
 * @param inputs    how many requests of each {@code InputKind} were sent, by lower-case kind name
 * @param series    one row per second since the start, drain included
 */
public record Report(Settings options, Totals totals, Latency latencyMs, Map<String, Long> inputs,
                     List<Second> series) {

    public Report {
        inputs = Map.copyOf(inputs);
        series = List.copyOf(series);
    }

    /**
     * @param mode        {@code closed-loop}, {@code open-loop} or {@code profile}
     * @param profile     the traffic profile of {@code profile} mode, else null
     * @param repeatShare the share of repeated inputs of the closed and open loops
     */
    public record Settings(String mode, String profile, String url, String model, double durationS, long requests,
                           int concurrency, double rate, double repeatShare, long seed, long waitMs, long drainMs,
                           int maxInputChars, int maxConnections, int inputsPerRequest) {
    }

    /**
     * {@code sent = rejected + errors + done + failed + neverFinished}: a request sent but not
     * answered, or accepted but not finished, by the end of the drain is never finished.
     *
     * @param cached           accepted requests answered from the result cache
     * @param joined           accepted requests that joined an identical job already in flight
     * @param resultPollErrors result polls that failed (connection error, non-200); the request is
     *                         polled again until the drain ends
     * @param cacheHitShare    {@code cached / accepted}, 0 when nothing was accepted
     */
    public record Totals(double durationS, long sent, long accepted, long cached, long joined, long rejected,
                         long errors, long done, long failed, long neverFinished, long resultPollErrors,
                         double acceptedPerS, double completedPerS, double cacheHitShare) {
    }

    /** Milliseconds over the {@code count} finished requests (done or failed); zeros when none finished. */
    public record Latency(long count, double p50, double p90, double p99, @JsonProperty("p99_9") double p999,
                          double max) {
    }

    /**
     * One second of the run: requests sent in it, submit answers (accepted, 429, errors) that
     * arrived in it, and requests that reached done or failed in it, with the latency percentiles
     * of those (null when none completed).
     */
    public record Second(int second, long sent, long accepted, long rejected, long errors, long completed,
                         Double p50Ms, Double p90Ms, Double p99Ms) {
    }
}

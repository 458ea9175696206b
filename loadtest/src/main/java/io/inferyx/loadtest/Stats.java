package io.inferyx.loadtest;

import io.inferyx.loadtest.report.Report;
import io.inferyx.loadtest.traffic.InputKind;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What happened to the requests of one run, in total and per second; safe to update from many
 * threads. Every event carries its own {@code System.nanoTime()}-style timestamp.
 */
final class Stats {

    private final long startNanos;
    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder cached = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder done = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder pollErrors = new LongAdder();
    private final Map<InputKind, LongAdder> kinds = counterPerKind();
    /** Submit-to-done latency of finished jobs, in microseconds. */
    private final Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final PerSecond perSecond = new PerSecond();

    Stats(long startNanos) {
        this.startNanos = startNanos;
    }

    private static Map<InputKind, LongAdder> counterPerKind() {
        Map<InputKind, LongAdder> counters = new EnumMap<>(InputKind.class);
        Arrays.stream(InputKind.values()).forEach(kind -> counters.put(kind, new LongAdder()));
        return counters;
    }

    void sent(InputKind kind, long now) {
        sent.increment();
        kinds.get(kind).increment();
        second(now).sent.increment();
    }

    void accepted(boolean fromCache, boolean joinedInFlight, long now) {
        accepted.increment();
        if (fromCache) {
            cached.increment();
        }
        if (joinedInFlight) {
            joined.increment();
        }
        second(now).accepted.increment();
    }

    void rejected(long now) {
        rejected.increment();
        second(now).rejected.increment();
    }

    void error(long now) {
        errors.increment();
        second(now).errors.increment();
    }

    void pollError() {
        pollErrors.increment();
    }

    /** A request reached {@code done} or {@code failed} at {@code now}, having been (meant to be) sent at {@code sentAt}. */
    void finished(boolean succeeded, long sentAt, long now) {
        (succeeded ? done : failed).increment();
        long micros = Math.min(Math.max(0, (now - sentAt) / 1000), latency.getHighestTrackableValue());
        latency.recordValue(micros);
        PerSecond.Bucket bucket = second(now);
        bucket.completed.increment();
        bucket.latencyMicros.recordValue(micros);
    }

    private PerSecond.Bucket second(long now) {
        return perSecond.at((int) Math.max(0, (now - startNanos) / 1_000_000_000L));
    }

    String progress(long now) {
        return String.format(Locale.ROOT, "t=%5.1fs sent=%d accepted=%d rejected=%d errors=%d done=%d failed=%d "
                        + "p50=%.1fms p99=%.1fms", (now - startNanos) / 1e9, sent.sum(), accepted.sum(), rejected.sum(),
                errors.sum(), done.sum(), failed.sum(), millis(50), millis(99));
    }

    /** The report as of {@code now}; call it once nothing is in flight any more, or counts may move while it reads. */
    Report report(Report.Settings settings, long now) {
        return new Report(settings, totals((now - startNanos) / 1e9), latency(), inputs(), perSecond.rows());
    }

    private Report.Totals totals(double seconds) {
        long acceptedCount = accepted.sum();
        long settled = rejected.sum() + errors.sum() + done.sum() + failed.sum();
        return new Report.Totals(seconds, sent.sum(), acceptedCount, cached.sum(), joined.sum(), rejected.sum(),
                errors.sum(), done.sum(), failed.sum(), Math.max(0, sent.sum() - settled), pollErrors.sum(),
                acceptedCount / seconds, (done.sum() + failed.sum()) / seconds,
                acceptedCount == 0 ? 0 : (double) cached.sum() / acceptedCount);
    }

    private Report.Latency latency() {
        return new Report.Latency(latency.getTotalCount(), millis(50), millis(90), millis(99), millis(99.9),
                latency.getMaxValue() / 1000.0);
    }

    private Map<String, Long> inputs() {
        return kinds.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name().toLowerCase(Locale.ROOT), e -> e.getValue().sum()));
    }

    private double millis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }
}

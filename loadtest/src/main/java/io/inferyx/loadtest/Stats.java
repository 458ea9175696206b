package io.inferyx.loadtest;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/** What happened to the requests of one run; safe to update from many threads. */
public final class Stats {

    final LongAdder sent = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder cached = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder done = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder unfinished = new LongAdder();
    /** Submit-to-done latency of finished jobs, in microseconds. */
    final Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

    void finished(String status, long micros) {
        (status.equals("done") ? done : failed).increment();
        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
    }

    double percentileMillis(double percentile) {
        return latency.getValueAtPercentile(percentile) / 1000.0;
    }

    String progress(double seconds) {
        return String.format("t=%5.1fs sent=%d accepted=%d rejected=%d errors=%d done=%d failed=%d p50=%.1fms p99=%.1fms",
                seconds, sent.sum(), accepted.sum(), rejected.sum(), errors.sum(), done.sum(), failed.sum(),
                percentileMillis(50), percentileMillis(99));
    }

    String summary(double seconds) {
        long finished = done.sum() + failed.sum();
        return String.join(System.lineSeparator(),
                "| metric | value |",
                "|---|---|",
                row("duration (s)", "%.1f", seconds),
                row("sent", "%d", sent.sum()),
                row("accepted (incl. cached)", "%d", accepted.sum()),
                row("served from cache", "%d", cached.sum()),
                row("rejected (429)", "%d", rejected.sum()),
                row("errors", "%d", errors.sum()),
                row("done", "%d", done.sum()),
                row("failed", "%d", failed.sum()),
                row("never finished", "%d", unfinished.sum()),
                row("accepted/s", "%.0f", accepted.sum() / seconds),
                row("completed/s", "%.0f", finished / seconds),
                row("latency p50 (ms)", "%.2f", percentileMillis(50)),
                row("latency p90 (ms)", "%.2f", percentileMillis(90)),
                row("latency p99 (ms)", "%.2f", percentileMillis(99)),
                row("latency p99.9 (ms)", "%.2f", percentileMillis(99.9)),
                row("latency max (ms)", "%.2f", latency.getMaxValue() / 1000.0));
    }

    private static String row(String name, String format, Object value) {
        return "| " + name + " | " + String.format(format, value) + " |";
    }
}

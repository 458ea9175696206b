package io.inferyx.loadtest;

import io.inferyx.loadtest.report.Report;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/** Counts and latencies per second of the run, safe to update from many threads. */
final class PerSecond {

    /** What happened in one second. */
    static final class Bucket {
        final LongAdder sent = new LongAdder();
        final LongAdder accepted = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder completed = new LongAdder();
        // two significant digits and auto-resizing keep a long run's many histograms small
        final Histogram latencyMicros = new SynchronizedHistogram(2);
    }

    private final ConcurrentHashMap<Integer, Bucket> buckets = new ConcurrentHashMap<>();

    Bucket at(int second) {
        return buckets.computeIfAbsent(second, s -> new Bucket());
    }

    /** One row per second from 0 to the last second anything happened in; quiet seconds are zeros. */
    List<Report.Second> rows() {
        int last = buckets.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        return IntStream.rangeClosed(0, last).mapToObj(s -> row(s, buckets.getOrDefault(s, new Bucket()))).toList();
    }

    private static Report.Second row(int second, Bucket b) {
        boolean any = b.latencyMicros.getTotalCount() > 0;
        return new Report.Second(second, b.sent.sum(), b.accepted.sum(), b.rejected.sum(), b.errors.sum(),
                b.completed.sum(), any ? millis(b.latencyMicros, 50) : null, any ? millis(b.latencyMicros, 90) : null,
                any ? millis(b.latencyMicros, 99) : null);
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}

package io.inferyx.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The summary as a markdown table. Scripts read it by row name ({@code bench/pipeline.sh} reads
 * {@code done}, {@code completed/s} and the latency rows), so the names stay stable.
 */
public final class SummaryTable {

    /** One row of the table. */
    public record Row(String name, String value) {
    }

    private SummaryTable() {
    }

    public static List<Row> rows(Report report) {
        Report.Totals t = report.totals();
        Report.Latency l = report.latencyMs();
        return List.of(
                row("mode", report.options().profile() == null ? report.options().mode()
                        : report.options().mode() + " " + report.options().profile()),
                row("seed", Long.toString(report.options().seed())),
                row("duration (s)", format("%.1f", t.durationS())),
                row("sent", t.sent()), row("accepted (incl. cached)", t.accepted()),
                row("served from cache", t.cached()), row("joined a job in flight", t.joined()),
                row("rejected (429)", t.rejected()), row("errors", t.errors()),
                row("done", t.done()), row("failed", t.failed()), row("never finished", t.neverFinished()),
                row("result poll errors", t.resultPollErrors()),
                row("accepted/s", format("%.1f", t.acceptedPerS())),
                row("completed/s", format("%.1f", t.completedPerS())),
                row("cache hit share (%)", format("%.1f", 100 * t.cacheHitShare())),
                row("latency p50 (ms)", format("%.2f", l.p50())), row("latency p90 (ms)", format("%.2f", l.p90())),
                row("latency p99 (ms)", format("%.2f", l.p99())), row("latency p99.9 (ms)", format("%.2f", l.p999())),
                row("latency max (ms)", format("%.2f", l.max())));
    }

    public static String markdown(Report report) {
        return rows(report).stream().map(r -> "| " + r.name() + " | " + r.value() + " |")
                .collect(Collectors.joining(System.lineSeparator(),
                        "| metric | value |" + System.lineSeparator() + "|---|---|" + System.lineSeparator(), ""));
    }

    private static Row row(String name, long value) {
        return new Row(name, Long.toString(value));
    }

    private static Row row(String name, String value) {
        return new Row(name, value);
    }

    // a fixed locale, so scripts can parse the numbers whatever the machine's locale
    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}

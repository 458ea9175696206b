package io.inferyx.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The run as one self-contained HTML page: throughput and latency over time as inline SVG, and
 * the summary table. No scripts, stylesheets, fonts or images from anywhere else, so the page
 * opens offline and can be attached to a CI run as it is.
 */
public final class HtmlReport {

    private static final String STYLE = """
            body{font:14px sans-serif;margin:24px;color:#222}
            table{border-collapse:collapse}td{border:1px solid #ccc;padding:2px 8px}td+td{text-align:right}
            .chart text{font:11px sans-serif;fill:#444}.chart .y{text-anchor:end}.chart .x{text-anchor:middle}.chart .unit{text-anchor:end}
            .chart .title{font-weight:bold;fill:#222}.chart .grid{stroke:#e4e4e4}""";

    private HtmlReport() {
    }

    public static String render(Report report) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Inferyx load test</title>\n"
                + "<style>\n" + STYLE + "\n</style>\n</head>\n<body>\n<h1>Inferyx load test</h1>\n"
                + "<p>" + Html.escape(description(report.options())) + "</p>\n"
                + throughput(report.series()) + latency(report.series())
                + "<h2>Summary</h2>\n" + table(report) + "</body>\n</html>\n";
    }

    /** Writes the page to {@code file}, creating its folder when needed. */
    public static void write(Report report, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(report));
    }

    private static String description(Report.Settings o) {
        String shape = switch (o.mode()) {
            case "closed-loop" -> o.concurrency() + " clients";
            case "open-loop" -> o.rate() + " requests/s";
            default -> o.profile() + " profile";
        };
        String inputs = o.inputsPerRequest() > 1 ? ", " + o.inputsPerRequest() + " inputs per request" : "";
        return String.format(Locale.ROOT, "%s, %s%s, model %s, %.0f s, seed %d", o.mode(), shape, inputs, o.model(),
                o.durationS(), o.seed());
    }

    private static String throughput(List<Report.Second> series) {
        return new SvgChart("Requests per second", List.of(
                line("sent", "#1f77b4", series, s -> (double) s.sent()),
                line("accepted", "#2ca02c", series, s -> (double) s.accepted()),
                line("completed", "#9467bd", series, s -> (double) s.completed()),
                line("rejected", "#d62728", series, s -> (double) s.rejected()))).render();
    }

    private static String latency(List<Report.Second> series) {
        return new SvgChart("Submit-to-done latency (ms) of the requests completed in each second", List.of(
                line("p50", "#2ca02c", series, Report.Second::p50Ms),
                line("p90", "#ff7f0e", series, Report.Second::p90Ms),
                line("p99", "#d62728", series, Report.Second::p99Ms))).render();
    }

    private static SvgChart.Line line(String name, String color, List<Report.Second> series,
                                      Function<Report.Second, Double> value) {
        return new SvgChart.Line(name, color, series.stream().map(value).toList());
    }

    private static String table(Report report) {
        return SummaryTable.rows(report).stream()
                .map(row -> "<tr><td>" + Html.escape(row.name()) + "</td><td>" + Html.escape(row.value()) + "</td></tr>")
                .collect(Collectors.joining("\n", "<table>\n", "\n</table>\n"));
    }
}

package io.inferyx.loadtest.report;

import java.util.List;
import java.util.Map;

/** A small report with known numbers, as a finished run would produce. */
final class SampleReport {

    private SampleReport() {
    }

    static Report of() {
        Report.Settings settings = new Report.Settings("profile", "original", "http://127.0.0.1:8000", "mock", 3, 0,
                0, 0, 0, 42, 30_000, 5_000, 10_000, 512, 1);
        Report.Totals totals = new Report.Totals(4.0, 60, 50, 30, 2, 6, 1, 45, 4, 3, 1, 12.5, 12.25, 0.6);
        Report.Latency latency = new Report.Latency(49, 120.5, 250, 480, 950, 1_200);
        List<Report.Second> series = List.of(
                new Report.Second(0, 15, 13, 2, 0, 10, 100.0, 150.0, 200.0),
                new Report.Second(1, 30, 25, 3, 1, 24, 130.0, 260.0, 480.0),
                new Report.Second(2, 15, 12, 1, 0, 12, 110.0, 200.0, 1_200.0),
                new Report.Second(3, 0, 0, 0, 0, 3, null, null, null));
        return new Report(settings, totals, latency, Map.of("repeat", 42L, "mutated", 12L, "odd", 6L, "fresh", 0L),
                series);
    }
}

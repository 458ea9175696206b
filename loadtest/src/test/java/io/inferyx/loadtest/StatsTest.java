package io.inferyx.loadtest;

import io.inferyx.loadtest.report.Report;
import io.inferyx.loadtest.traffic.InputKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatsTest {

    private static final long START = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    static Stats sample() {
        Stats stats = new Stats(START);
        for (int i = 0; i < 4; i++) {
            stats.sent(i == 0 ? InputKind.ODD : InputKind.REPEAT, START + 100 * MS);
        }
        stats.accepted(false, false, START + 150 * MS);
        stats.accepted(true, false, START + 160 * MS);
        stats.accepted(false, true, START + 1_100 * MS);
        stats.rejected(START + 120 * MS);
        stats.finished(true, START + 100 * MS, START + 160 * MS);
        stats.finished(false, START + 100 * MS, START + 2_100 * MS);
        stats.pollError();
        return stats;
    }

    @Test
    void countsNeverFinishedAsSentMinusEverySettledOutcome() {
        Report.Totals totals = sample().report(settings(), START + 4_000 * MS).totals();

        assertThat(totals.sent()).isEqualTo(4);
        assertThat(totals.accepted()).isEqualTo(3);
        assertThat(totals.done()).isEqualTo(1);
        assertThat(totals.failed()).isEqualTo(1);
        assertThat(totals.rejected()).isEqualTo(1);
        assertThat(totals.neverFinished()).isEqualTo(1);
        assertThat(totals.cacheHitShare()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(totals.acceptedPerS()).isCloseTo(0.75, within(1e-9));
        assertThat(totals.completedPerS()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void putsEachEventInTheSecondItHappenedIn() {
        var series = sample().report(settings(), START + 4_000 * MS).series();

        assertThat(series).hasSize(3);
        assertThat(series.get(0)).extracting(Report.Second::sent, Report.Second::accepted, Report.Second::rejected,
                Report.Second::completed).containsExactly(4L, 2L, 1L, 1L);
        assertThat(series.get(0).p50Ms()).isCloseTo(60, within(1.0));
        assertThat(series.get(1).completed()).isZero();
        assertThat(series.get(1).p50Ms()).isNull();
        assertThat(series.get(2).p99Ms()).isCloseTo(2_000, within(20.0));
    }

    @Test
    void reportsLatencyPercentilesInMilliseconds() {
        Report.Latency latency = sample().report(settings(), START + 4_000 * MS).latencyMs();

        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.p50()).isCloseTo(60, within(0.1));
        assertThat(latency.max()).isCloseTo(2_000, within(2.0));
    }

    static Report.Settings settings() {
        return new Report.Settings("profile", "original", "http://127.0.0.1:8000", "mock", 2, 0, 0, 0, 0, 42,
                30_000, 30_000, 10_000, 512, 1);
    }
}

package io.inferyx.loadtest.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    private final Report report = SampleReport.of();

    @Test
    void writesOptionsTotalsPercentilesInputsAndSeriesWithSnakeCaseNames(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/report.json");
        JsonReport.write(report, file);

        JsonNode json = JsonReport.MAPPER.readTree(file.toFile());
        assertThat(names(json)).containsExactlyInAnyOrder("options", "totals", "latency_ms", "inputs", "series");
        assertThat(json.at("/options/mode").asString()).isEqualTo("profile");
        assertThat(json.at("/options/seed").asLong()).isEqualTo(42);
        assertThat(json.at("/options/drain_ms").asLong()).isEqualTo(5_000);
        assertThat(json.at("/totals/never_finished").asLong()).isEqualTo(3);
        assertThat(json.at("/totals/cache_hit_share").asDouble()).isEqualTo(0.6);
        assertThat(json.at("/totals/completed_per_s").asDouble()).isEqualTo(12.25);
        assertThat(names(json.get("latency_ms"))).containsExactlyInAnyOrder("count", "p50", "p90", "p99", "p99_9", "max");
        assertThat(json.at("/latency_ms/p99_9").asDouble()).isEqualTo(950);
        assertThat(json.at("/inputs/mutated").asLong()).isEqualTo(12);
    }

    @Test
    void writesOneSeriesRowPerSecondWithNullLatencyWhenNothingCompleted() {
        JsonNode series = JsonReport.MAPPER.readTree(JsonReport.render(report)).get("series");

        assertThat(series.size()).isEqualTo(4);
        assertThat(names(series.get(1))).containsExactlyInAnyOrder("second", "sent", "accepted", "rejected", "errors",
                "completed", "p50_ms", "p90_ms", "p99_ms");
        assertThat(series.get(1).get("p99_ms").asDouble()).isEqualTo(480);
        assertThat(series.get(3).get("p50_ms").isNull()).isTrue();
    }

    @Test
    void readsBackIntoAnEqualReport() {
        Report read = JsonReport.MAPPER.readValue(JsonReport.render(report), Report.class);

        assertThat(read).isEqualTo(report);
    }

    private static List<String> names(JsonNode node) {
        return StreamSupport.stream(node.propertyNames().spliterator(), false).toList();
    }
}

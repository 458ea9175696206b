package io.inferyx.loadtest.report;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    private static final Pattern POLYLINE = Pattern.compile("<polyline [^>]*data-series=\"([^\"]+)\"[^>]*points=\"([^\"]*)\"");

    private final String html = HtmlReport.render(SampleReport.of());

    @Test
    void drawsThroughputAndLatencyAsInlineSvgLines() {
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg");
        assertThat(polylines().stream().map(p -> p.get(0)))
                .containsExactly("sent", "accepted", "completed", "rejected", "p50", "p90", "p99");
    }

    @Test
    void plotsOnePointPerSecondAndSkipsSecondsWithoutLatency() {
        List<List<String>> lines = polylines();

        assertThat(points(lines.get(0))).isEqualTo(4);
        assertThat(points(lines.get(6))).isEqualTo(3);
    }

    @Test
    void placesValuesOnAnAxisRoundedUpFromTheLargestOne() {
        // the plot spans y 220 (zero) to 48 (top); the largest value, 30 sent, gives grid lines 10 apart up to 40
        String[] sent = polylines().get(0).get(1).split(" ");

        assertThat(html).contains(">10</text>", ">40</text>").doesNotContain(">50</text>");
        assertThat(sent[1]).endsWith(",91.0");
        assertThat(sent[3]).endsWith(",220.0");
    }

    @Test
    void showsTheSummaryTable() {
        assertThat(html).contains("<td>never finished</td><td>3</td>").contains("<td>seed</td><td>42</td>");
    }

    @Test
    void needsNothingFromOutsideThePage() {
        assertThat(html.toLowerCase()).doesNotContain("http", "<script", "src=", "href=", "url(", "@import", "<link");
    }

    private List<List<String>> polylines() {
        Matcher m = POLYLINE.matcher(html);
        List<List<String>> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(List.of(m.group(1), m.group(2)));
        }
        return found;
    }

    private static int points(List<String> polyline) {
        return polyline.get(1).isBlank() ? 0 : polyline.get(1).split(" ").length;
    }
}

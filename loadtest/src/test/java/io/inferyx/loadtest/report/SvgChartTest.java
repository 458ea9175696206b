package io.inferyx.loadtest.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {

    @Test
    void roundsTheAxisUpToOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(SvgChart.niceCeiling(30)).isEqualTo(50);
        assertThat(SvgChart.niceCeiling(50)).isEqualTo(50);
        assertThat(SvgChart.niceCeiling(51)).isEqualTo(100);
        assertThat(SvgChart.niceCeiling(1_200)).isEqualTo(2_000);
    }

    @Test
    void escapesTextAndDrawsAnEmptyRunWithoutFailing() {
        String svg = new SvgChart("a < b & c", List.of(new SvgChart.Line("x", "#000", List.of()))).render();

        assertThat(svg).contains("a &lt; b &amp; c").contains("points=\"\"");
    }
}

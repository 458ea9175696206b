package io.inferyx.loadtest.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** A plain inline-SVG line chart over seconds: a y grid, x ticks, one polyline per line, a legend. */
final class SvgChart {

    /** One line; a null value is a second without data, skipped rather than drawn as zero. */
    record Line(String name, String color, List<Double> values) {
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 48;
    private static final int BOTTOM = 40;
    private static final int LEGEND_ITEM = 100;
    private static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    private static final int Y_STEPS = 4;

    private final String title;
    private final List<Line> lines;
    private final int points;
    private final double yMax;

    SvgChart(String title, List<Line> lines) {
        this.title = title;
        this.lines = List.copyOf(lines);
        this.points = lines.stream().mapToInt(l -> l.values().size()).max().orElse(0);
        // a round step between grid lines rather than a round maximum: labels read 0, 10, 20, 30, 40
        this.yMax = Y_STEPS * niceCeiling(lines.stream().flatMap(l -> l.values().stream())
                .filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(0) / Y_STEPS);
    }

    String render() {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "role=\"img\" aria-label=\"%s\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title)));
        svg.append(text(LEFT, 16, "title", title));
        yGrid(svg);
        xTicks(svg);
        lines.forEach(line -> svg.append(polyline(line)));
        legend(svg);
        return svg.append("</svg>\n").toString();
    }

    private void yGrid(StringBuilder svg) {
        for (int step = 0; step <= Y_STEPS; step++) {
            double value = yMax * step / Y_STEPS;
            double y = y(value);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>%n",
                    LEFT, y, LEFT + PLOT_WIDTH, y));
            svg.append(text(LEFT - 6, y + 4, "y", number(value)));
        }
    }

    private void xTicks(StringBuilder svg) {
        int every = (int) Math.max(1, niceCeiling(points / 10.0));
        for (int i = 0; i < points; i += every) {
            svg.append(text(x(i), TOP + PLOT_HEIGHT + 16, "x", Integer.toString(i)));
        }
        svg.append(text(LEFT + PLOT_WIDTH, HEIGHT - 6, "unit", "seconds"));
    }

    private String polyline(Line line) {
        List<String> coordinates = new ArrayList<>();
        IntStream.range(0, line.values().size()).filter(i -> line.values().get(i) != null).forEach(i ->
                coordinates.add(String.format(Locale.ROOT, "%.1f,%.1f", x(i), y(line.values().get(i)))));
        return String.format("<polyline class=\"series\" data-series=\"%s\" fill=\"none\" stroke=\"%s\" "
                + "stroke-width=\"1.5\" points=\"%s\"/>%n", Html.escape(line.name()), line.color(), String.join(" ", coordinates));
    }

    private void legend(StringBuilder svg) {
        int x = LEFT;
        for (Line line : lines) {
            svg.append(String.format("<rect x=\"%d\" y=\"27\" width=\"14\" height=\"4\" fill=\"%s\"/>%n", x, line.color()));
            svg.append(text(x + 18, 33, "legend", line.name()));
            x += LEGEND_ITEM;
        }
    }

    private double x(int index) {
        return LEFT + (points <= 1 ? 0 : (double) index * PLOT_WIDTH / (points - 1));
    }

    private double y(double value) {
        return TOP + PLOT_HEIGHT - value / yMax * PLOT_HEIGHT;
    }

    private static String text(double x, double y, String kind, String content) {
        return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">%s</text>%n", kind, x, y,
                Html.escape(content));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}; 1 for nothing to show. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[]{1, 2, 5, 10}) {
            if (factor * power >= value) {
                return factor * power;
            }
        }
        return 10 * power;
    }
}

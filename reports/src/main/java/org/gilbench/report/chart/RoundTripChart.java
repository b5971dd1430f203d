package org.gilbench.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.report.analysis.Estimate;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * Lesson 5's second chart, drawing only (numbers from {@code ProcessesTalkLesson}): one round trip of a
 * message per channel — the median over measurement iterations with its 95% interval, and the latency
 * distribution's p50 and p99 over every timed round trip — on a log axis, since a relay through the
 * parent and a thread hand-off differ by several times.
 */
public final class RoundTripChart {

    /** One channel: its name, the per-iteration estimate (µs), and p50 / p99 of all round trips (µs, NaN if absent). */
    public record Channel(String name, Estimate micros, double p50, double p99) {
    }

    private static final Color MEDIAN = new Color(0x00, 0x72, 0xB2);
    private static final Color P50 = new Color(0x56, 0xB4, 0xE9);
    private static final Color P99 = new Color(0xD5, 0x5E, 0x00);

    private RoundTripChart() {
    }

    public static CategoryChart create(String title, List<Channel> channels) {
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("channel (both parties add one to a counter and send it back)")
                .yAxisTitle("one round trip (µs, log scale)").build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setAvailableSpaceFill(0.7);
        List<String> names = channels.stream().map(Channel::name).toList();
        List<Double> med = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        double max = 1;
        double min = Double.POSITIVE_INFINITY;
        for (Channel c : channels) {
            med.add(c.micros().value());
            err.add(ChartStyle.bar(c.micros()));
            p50.add(Double.isFinite(c.p50()) ? c.p50() : null);
            p99.add(Double.isFinite(c.p99()) ? c.p99() : null);
            max = Math.max(max, Math.max(ChartStyle.top(c.micros()), Double.isFinite(c.p99()) ? c.p99() : 0));
            min = Math.min(min, Math.min(c.micros().value(), Double.isFinite(c.p50()) ? c.p50() : Double.MAX_VALUE));
        }
        CategorySeries m = chart.addSeries("typical: median per iteration, 95% CI", names, med, err);
        m.setFillColor(MEDIAN);
        if (p50.stream().anyMatch(java.util.Objects::nonNull)) {
            chart.addSeries("p50 of all round trips", names, p50).setFillColor(P50);
            chart.addSeries("p99 of all round trips", names, p99).setFillColor(P99);
        }
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(Math.max(0.1, min / 2)))));
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 1.5))));
        return chart;
    }
}

package org.gilbench.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

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

    /**
     * An XY chart with the channels at x = 1, 2, 3 (named under their points): XChart's category error
     * bars are drawn wrongly on a log axis, so each interval is its own vertical segment, as elsewhere.
     */
    public static XYChart create(String title, List<Channel> channels) {
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("channel (both parties add one to a counter and send it back)")
                .yAxisTitle("one round trip (µs, log scale)").build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setXAxisMin(0.4);
        chart.getStyler().setXAxisMax(channels.size() + 0.6);
        double max = 1;
        double min = Double.POSITIVE_INFINITY;
        for (Channel c : channels) {
            max = Math.max(max, Math.max(c.micros().hasError() ? c.micros().high() : c.micros().value(),
                    Double.isFinite(c.p99()) ? c.p99() : 0));
            min = Math.min(min, Math.min(c.micros().hasError() ? c.micros().low() : c.micros().value(),
                    Double.isFinite(c.p50()) ? c.p50() : Double.MAX_VALUE));
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(0.1, min / 3))));
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(max * 2))));
        List<Double> x = new ArrayList<>();
        List<Double> typical = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int i = 0; i < channels.size(); i++) {
            Channel c = channels.get(i);
            double at = i + 1;
            x.add(at - OFFSET);
            typical.add(c.micros().value());
            if (c.micros().hasError()) {
                XYSeries bar = chart.addSeries("interval " + i, List.of(at - OFFSET, at - OFFSET),
                        List.of(c.micros().low(), c.micros().high()));
                bar.setShowInLegend(false);
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineColor(MEDIAN);
                bar.setLineStyle(ChartStyle.INTERVAL);
            }
            if (Double.isFinite(c.p50()) && Double.isFinite(c.p99())) {
                px.add(at + OFFSET);
                p50.add(c.p50());
                p99.add(c.p99());
            }
            chart.addAnnotation(new AnnotationText(c.name(), at, yMin * 1.4, false));
        }
        XYSeries m = chart.addSeries("typical: median per iteration, 95% CI", x, typical);
        m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        m.setMarker(SeriesMarkers.CIRCLE);
        m.setMarkerColor(MEDIAN);
        if (!px.isEmpty()) {
            XYSeries a = chart.addSeries("p50 of all round trips", px, p50);
            a.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            a.setMarker(SeriesMarkers.DIAMOND);
            a.setMarkerColor(P50);
            XYSeries b = chart.addSeries("p99 of all round trips", px, p99);
            b.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            b.setMarker(SeriesMarkers.TRIANGLE_UP);
            b.setMarkerColor(P99);
        }
        return chart;
    }

    /** The typical round trip sits left of its channel, the percentiles right. */
    private static final double OFFSET = 0.12;
}

package org.gilbench.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The process lessons' charts (issue 21), drawing only (the numbers come from the lessons): named cells
 * with their 95% intervals on a log axis (message costs, start-up costs, the pools' times, which differ
 * by orders of magnitude), and exact counts as grouped bars (steps counted, updates lost, waves).
 */
public final class ProcessCellsChart {

    /** One point: its label under the axis, its estimate, and whether it is a process (orange) or not (blue). */
    public record Point(String label, Estimate value, boolean process) {
    }

    private static final Color THREADS = new Color(0x00, 0x72, 0xB2);  // Okabe–Ito blue
    private static final Color PROCESSES = new Color(0xD5, 0x5E, 0x00); // Okabe–Ito vermillion

    private ProcessCellsChart() {
    }

    /**
     * The points at x = 1, 2, ... (labelled under them), each interval its own vertical segment: XChart's
     * category error bars are drawn wrongly on a log axis.
     */
    public static XYChart intervals(String title, String xTitle, String yTitle, List<Point> all) {
        // A log axis holds positive values only: a cell without its figure (NaN) is left to the table.
        List<Point> points = all.stream().filter(p -> Double.isFinite(p.value().value()) && p.value().value() > 0).toList();
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle + " (log scale)").build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setXAxisMin(0.4);
        chart.getStyler().setXAxisMax(points.size() + 0.6);
        double max = Double.MIN_VALUE;
        double min = Double.POSITIVE_INFINITY;
        for (Point p : points) {
            Estimate e = p.value();
            max = Math.max(max, e.hasError() ? e.high() : e.value());
            min = Math.min(min, e.hasError() ? e.low() : e.value());
        }
        if (points.isEmpty()) {
            min = 1;
            max = 10;
        }
        double yMin = Math.pow(10, Math.floor(Math.log10(Math.max(1e-6, min / 3))));
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(Math.max(max, yMin) * 2))));
        List<Double> tx = new ArrayList<>();
        List<Double> ty = new ArrayList<>();
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double at = i + 1;
            Color colour = p.process() ? PROCESSES : THREADS;
            if (p.value().hasError()) {
                XYSeries bar = chart.addSeries("interval " + i, List.of(at, at), List.of(p.value().low(), p.value().high()));
                bar.setShowInLegend(false);
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineColor(colour);
                bar.setLineStyle(ChartStyle.INTERVAL);
            }
            (p.process() ? px : tx).add(at);
            (p.process() ? py : ty).add(p.value().value());
            chart.addAnnotation(new AnnotationText(p.label(), at, yMin * 1.4, false));
        }
        if (!tx.isEmpty()) {
            XYSeries s = chart.addSeries("in one JVM (median, 95% CI)", tx, ty);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(THREADS);
        }
        if (!px.isEmpty()) {
            XYSeries s = chart.addSeries("across processes (median, 95% CI)", px, py);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.DIAMOND);
            s.setMarkerColor(PROCESSES);
        }
        return chart;
    }

    /**
     * Exact counts as bars: one category per cell, one series per quantity (e.g. "measured" and "the
     * seed's"), so a model that copies where it should share stands out by its bar's height.
     */
    public static CategoryChart counts(String title, String yTitle, List<String> categories, List<String> series,
                                       List<List<Double>> values) {
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("cell").yAxisTitle(yTitle).build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setSeriesColors(new Color[] {PROCESSES, ChartStyle.LIGHT_GREY, THREADS});
        for (int i = 0; i < series.size(); i++) {
            chart.addSeries(series.get(i), categories, values.get(i));
        }
        return chart;
    }
}

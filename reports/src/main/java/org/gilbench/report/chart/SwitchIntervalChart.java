package org.gilbench.report.chart;

import org.gilbench.report.read.ModelNames;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The switch-interval sweep ({@code sys.setswitchinterval}), two panels against the interval (log x):
 * left, the CPU throughput of 2 GIL threads relative to 1 (1 = switching costs nothing); right, how late a
 * thread sleeping 1 ms wakes beside one CPU-bound thread (log y; the dashed line is "one interval late").
 * Measured gil-emulated points with their intervals, CPython 3.11's measured points as grey references.
 * Drawing only: the numbers come from {@code SwitchIntervalLesson}.
 */
public final class SwitchIntervalChart {

    /** One measured point: the interval (ms) and the value with its interval. */
    public record Point(double intervalMs, Estimate value) {
    }

    private SwitchIntervalChart() {
    }

    /**
     * @param cpythonIntervalsMs the intervals of CPython's reference points, with {@code cpythonThroughput}
     *                           and {@code cpythonLatenessMs} at the same index
     */
    public static List<XYChart> create(List<Point> throughput, List<Point> lateness, double[] cpythonIntervalsMs,
                                       double[] cpythonThroughput, double[] cpythonLatenessMs) {
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        for (double x : cpythonIntervalsMs) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
        }
        for (Point p : throughput) {
            minX = Math.min(minX, p.intervalMs());
            maxX = Math.max(maxX, p.intervalMs());
        }
        for (Point p : lateness) {
            minX = Math.min(minX, p.intervalMs());
            maxX = Math.max(maxX, p.intervalMs());
        }
        double xMin = Math.pow(10, Math.floor(Math.log10(minX)));
        double xMax = Math.pow(10, Math.ceil(Math.log10(maxX)));

        // Left panel: throughput of 2 threads / 1 thread.
        XYChart left = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title("CPU-bound: 2 GIL threads' throughput / 1 thread's")
                .xAxisTitle("switch interval (ms, log scale)").yAxisTitle("throughput relative to 1 thread").build();
        ChartStyle.base(left.getStyler());
        axis(left, xMin, xMax);
        double top = 1.3;
        for (Point p : throughput) {
            top = Math.max(top, Math.min(2, p.value().hasError() ? p.value().high() : p.value().value()) * 1.1);
        }
        left.getStyler().setYAxisMin(0.0);
        left.getStyler().setYAxisMax(Math.ceil(top * 10) / 10);
        XYSeries one = left.addSeries("1 = switching costs nothing", new double[] {xMin, xMax}, new double[] {1, 1});
        one.setMarker(SeriesMarkers.NONE);
        one.setLineColor(ChartStyle.GREY);
        one.setLineStyle(ChartStyle.THIN_DASHED);
        reference(left, cpythonIntervalsMs, cpythonThroughput);
        measured(left, throughput);

        // Right panel: wake-up lateness.
        XYChart right = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title("A 1 ms sleep beside 1 CPU-bound thread: wake-up delay")
                .xAxisTitle("switch interval (ms, log scale)").yAxisTitle("wake-up delay (ms, log scale)").build();
        ChartStyle.base(right.getStyler());
        axis(right, xMin, xMax);
        right.getStyler().setYAxisLogarithmic(true);
        right.getStyler().setYAxisTickLabelsFormattingFunction(ChartStyle::count);
        XYSeries diagonal = right.addSeries("delay = one interval", new double[] {xMin, xMax}, new double[] {xMin, xMax});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(ChartStyle.GREY);
        diagonal.setLineStyle(ChartStyle.THIN_DASHED);
        reference(right, cpythonIntervalsMs, cpythonLatenessMs);
        // A delay interval that reaches 0 or below cannot be drawn on a log axis: the point is drawn hollow
        // (no interval), the table gives the interval.
        measured(right, lateness.stream().filter(p -> p.value().value() > 0)
                .map(p -> p.value().hasError() && p.value().low() <= 0
                        ? new Point(p.intervalMs(), Estimate.none(p.value().value(), p.value().basis())) : p).toList());
        right.getStyler().setYAxisMin(xMin);
        right.getStyler().setYAxisMax(xMax);
        return List.of(left, right);
    }

    private static void axis(XYChart chart, double xMin, double xMax) {
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(xMin);
        chart.getStyler().setXAxisMax(xMax);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(ChartStyle::count);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }

    private static void reference(XYChart chart, double[] x, double[] y) {
        XYSeries ref = chart.addSeries("CPython 3.11 (measured, notes/gil.md)", x, y);
        ref.setMarker(SeriesMarkers.DIAMOND);
        ref.setMarkerColor(Color.GRAY);
        ref.setLineColor(ChartStyle.LIGHT_GREY);
        ref.setLineStyle(ChartStyle.THIN_DASHED);
    }

    private static void measured(XYChart chart, List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        List<Double> x = new ArrayList<>();
        List<Estimate> y = new ArrayList<>();
        for (Point p : points) {
            x.add(p.intervalMs());
            y.add(p.value());
        }
        ChartStyle.measured(chart, "gil-emulated (this run)", ModelNames.GIL_EMULATED, x, y, v -> v);
    }
}

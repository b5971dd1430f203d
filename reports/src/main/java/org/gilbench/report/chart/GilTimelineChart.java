package org.gilbench.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.report.read.GilTimelineFile;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The GIL timeline, Beazley's picture: one lane per thread over the first milliseconds of a scenario,
 * a thick dark bar while it holds the GIL (running), a thick light bar while it waits for it, a thin grey
 * line while it is blocked (it released the GIL to sleep), and a mark where a waiter asked the holder to
 * drop it. The three states differ in lightness and width, so they survive grayscale print. Drawing
 * only: the data is {@link GilTimelineFile}.
 */
public final class GilTimelineChart {

    /** The states, drawn in this order (blocked beneath). */
    private static final List<String> STATES = List.of("blocked", "waiting", "running");

    /** Okabe-Ito blue (dark in grayscale), orange (light), and a light grey. */
    public static final Color RUNNING = new Color(0x00, 0x5A, 0x8F);
    public static final Color WAITING = new Color(0xE6, 0x9F, 0x00);
    public static final Color BLOCKED = new Color(0xC8, 0xC8, 0xC8);
    public static final Color DROP = new Color(0xD5, 0x5E, 0x00);

    /** A lane is this many pixels thick while running or waiting; blocked is a third of it. */
    private static final float BAR = 18f;

    /** Height of the chart: lanes are few (2), so it is shorter than the others. */
    public static final int HEIGHT = 300;

    private GilTimelineChart() {
    }

    /**
     * @param windowMs the time shown, from 0: a window of the scenario, so that 5 ms slices stay readable
     */
    public static XYChart create(String title, GilTimelineFile t, double windowMs) {
        // Create
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("time (ms from the first GIL event)").yAxisTitle("thread").build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(windowMs);
        int lanes = t.threads().size();
        chart.getStyler().setYAxisMin(0.3);
        chart.getStyler().setYAxisMax(lanes + 0.9);
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setPlotGridHorizontalLinesVisible(false);
        chart.getStyler().setXAxisDecimalPattern("#0");

        // Series: per state one series over every lane, spans separated by gaps (null y).
        for (String state : STATES) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < lanes; i++) {
                double lane = lane(i, lanes);
                for (GilTimelineFile.Span s : t.threads().get(i).spans()) {
                    if (!s.state().equals(state) || s.startMs() >= windowMs) {
                        continue;
                    }
                    x.add(s.startMs());
                    y.add(lane);
                    x.add(Math.min(s.endMs(), windowMs));
                    y.add(lane);
                    x.add(Math.min(s.endMs(), windowMs));
                    y.add(null);
                }
            }
            if (x.isEmpty()) {
                x.add(0.0);
                y.add(null);
            }
            XYSeries series = chart.addSeries(label(state), x, y);
            series.setMarker(SeriesMarkers.NONE);
            Color c = state.equals("running") ? RUNNING : state.equals("waiting") ? WAITING : BLOCKED;
            series.setLineColor(c);
            series.setFillColor(c);
            series.setLineStyle(new BasicStroke(state.equals("blocked") ? BAR / 3 : BAR, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER));
        }
        List<Double> dx = new ArrayList<>();
        List<Double> dy = new ArrayList<>();
        for (GilTimelineFile.DropRequest d : t.dropRequests()) {
            int i = indexOf(t, d.thread());
            if (i >= 0 && d.ms() <= windowMs) {
                dx.add(d.ms());
                dy.add(lane(i, lanes) + 0.42);
            }
        }
        if (!dx.isEmpty()) {
            XYSeries drops = chart.addSeries("drop request", dx, dy);
            drops.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            drops.setMarker(SeriesMarkers.TRIANGLE_DOWN);
            drops.setMarkerColor(DROP);
        }
        for (int i = 0; i < lanes; i++) {
            chart.addAnnotation(new AnnotationText(t.threads().get(i).name(), windowMs * 0.012, lane(i, lanes) + 0.33, false));
        }
        chart.getStyler().setYAxisTickLabelsFormattingFunction(v -> " ");
        return chart;
    }

    /** The first thread on top. */
    private static double lane(int i, int lanes) {
        return lanes - i;
    }

    private static int indexOf(GilTimelineFile t, String thread) {
        for (int i = 0; i < t.threads().size(); i++) {
            if (t.threads().get(i).name().equals(thread)) {
                return i;
            }
        }
        return -1;
    }

    private static String label(String state) {
        return switch (state) {
            case "running" -> "running (holds the GIL)";
            case "waiting" -> "waiting for it";
            default -> "blocked (GIL released)";
        };
    }
}

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
 * Lesson 4's chart, the convoy: how late a thread that sleeps 1 ms wakes up (it must take the GIL
 * back) with 0, 1 and 2 CPU-bound competitors, measured under gil-emulated, beside CPython 3.11's
 * published numbers as grey reference points. Drawing only: the numbers come from
 * {@code SwitchingCostLesson}.
 */
public final class ConvoyChart {

    /** One measured point: the competitor count and the lateness (ms) with its interval. */
    public record Point(int competitors, Estimate lateness) {
    }

    /** Real CPython's points in this run (issue 12): a grey line per interpreter. */
    public record Line(String label, String model, List<Point> points) {
    }

    private ConvoyChart() {
    }

    public static XYChart create(String title, List<Point> measured, double[] reference) {
        return create(title, measured, reference, List.of());
    }

    /**
     * @param reference CPython's lateness (ms) for 0, 1, 2 competitors
     */
    public static XYChart create(String title, List<Point> measured, double[] reference, List<Line> cpython) {
        // Create
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("CPU-bound threads competing for the GIL").yAxisTitle("wake-up lateness after sleep(1 ms) (ms)")
                .build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("#0");
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setXAxisMin(-0.3);
        chart.getStyler().setXAxisMax(reference.length - 0.7);

        // Series: the reference first (beneath), then the measured points.
        List<Double> rx = new ArrayList<>();
        List<Double> ry = new ArrayList<>();
        for (int i = 0; i < reference.length; i++) {
            rx.add((double) i);
            ry.add(reference[i]);
        }
        XYSeries ref = chart.addSeries("CPython 3.11 (measured, notes/gil.md)", rx, ry);
        ref.setMarker(SeriesMarkers.DIAMOND);
        ref.setMarkerColor(Color.GRAY);
        ref.setLineColor(ChartStyle.LIGHT_GREY);
        ref.setLineStyle(ChartStyle.THIN_DASHED);

        double maxY = 0;
        for (double r : reference) {
            maxY = Math.max(maxY, r);
        }
        List<Double> x = new ArrayList<>();
        List<Estimate> y = new ArrayList<>();
        for (Point p : measured) {
            x.add((double) p.competitors());
            y.add(p.lateness());
            maxY = Math.max(maxY, p.lateness().hasError() ? p.lateness().high() : p.lateness().value());
        }
        if (!x.isEmpty()) {
            ChartStyle.measured(chart, "gil-emulated (this run)", ModelNames.GIL_EMULATED, x, y, v -> v);
        }
        for (Line l : cpython) {
            List<Double> cx = new ArrayList<>();
            List<Estimate> cy = new ArrayList<>();
            for (Point p : l.points()) {
                cx.add((double) p.competitors());
                cy.add(p.lateness());
                // The top of the axis follows the medians: a p99-driven interval may be clipped.
                maxY = Math.max(maxY, p.lateness().value());
            }
            ChartStyle.measured(chart, l.label(), l.model(), cx, cy, v -> v);
        }
        chart.getStyler().setYAxisMax(Math.ceil(maxY * 1.3 + 0.5));
        return chart;
    }
}

package org.gilbench.report.chart;

import org.gilbench.contract.Estimate;

import org.gilbench.report.analysis.IoAnalysis;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart 2, I/O-bound scaling: wall time vs number of concurrent sleeping tasks, log-log, per model,
 * with the one-sleep floor. Seed lesson 3 (blocked threads release the GIL, so sleeps overlap in
 * threads as well as in processes) and lesson 4 (a fixed pool sleeps in waves; thousands of tasks
 * need cheap threads).
 */
public final class IoScalingChart {

    private IoScalingChart() {
    }

    /**
     * @param insight the sentence the lesson's verdict allows (e.g. "gil-emulated = thread-pool: sleep
     *                releases the GIL"), or null for none: the chart never judges by itself
     */
    public static XYChart create(String title, IoAnalysis.Sweep sweep, String insight) {
        // Create
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("concurrent tasks (log scale)").yAxisTitle("wall time per batch (ms, log scale)").build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisTickLabelsFormattingFunction(ChartStyle::count);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(ChartStyle::count);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);

        // Series
        double minX = Double.MAX_VALUE;
        double maxX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 1;
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (IoAnalysis.Line line : sweep.lines()) {
            List<Double> x = new ArrayList<>();
            List<Estimate> y = new ArrayList<>();
            for (IoAnalysis.Point p : line.points()) {
                x.add((double) p.tasks());
                y.add(p.time());
                minX = Math.min(minX, p.tasks());
                maxX = Math.max(maxX, p.tasks());
                minY = Math.min(minY, p.time().value());
                maxY = Math.max(maxY, p.time().value());
            }
            XYSeries s = ChartStyle.measured(chart, line.label(), line.series().model(), x, y, v -> v);
            // A second pool size of the same model: same marker and dash, lighter colour, thinner line.
            int nth = seen.merge(line.series().model(), 1, Integer::sum);
            if (nth > 1) {
                java.awt.Color light = ChartStyle.lighter(ChartStyle.look(line.series().model()).colour(), 0.45 * (nth - 1));
                s.setLineColor(light);
                s.setMarkerColor(light);
                s.setLineWidth(1.3f);
            }
        }
        if (sweep.sleepMillis() > 0 && minX <= maxX) {
            XYSeries floor = chart.addSeries("floor: one sleep (" + ChartStyle.millis(sweep.sleepMillis()) + ")",
                    new double[] {minX, maxX}, new double[] {sweep.sleepMillis(), sweep.sleepMillis()});
            floor.setMarker(SeriesMarkers.NONE);
            floor.setLineColor(ChartStyle.GREY);
            floor.setLineStyle(ChartStyle.THIN_DASHED);
            minY = Math.min(minY, sweep.sleepMillis());
        }
        if (minY < Double.MAX_VALUE) {
            // Room below the floor (nothing finishes faster than one sleep) for the notes.
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(minY * 0.3))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(maxY * 1.1))));
        }
        if (minX < Double.MAX_VALUE && minX < maxX) {
            chart.getStyler().setXAxisMin(Math.pow(10, Math.floor(Math.log10(minX))));
            chart.getStyler().setXAxisMax(Math.pow(10, Math.ceil(Math.log10(maxX) - 1e-9)));
        }
        // Outside: inside, every corner of a log-log sweep can hold data (serial climbs top left, the
        // largest sweeps end bottom or top right).
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        if (insight != null && sweep.sleepMillis() > 0 && minX < maxX) {
            // The one insight of this chart, stated where the lines coincide; the lesson decides it.
            chart.addAnnotation(new AnnotationText(insight, minX * Math.pow(maxX / minX, 0.35),
                    sweep.sleepMillis() * 0.4, false));
        }
        if (sweep.sleepMillis() > 0 && minX < maxX) {
            chart.addAnnotation(new AnnotationText("tasks that overlap finish in one sleep",
                    minX * Math.pow(maxX / minX, 0.22), sweep.sleepMillis() * 0.8, false));
        }
        return chart;
    }
}

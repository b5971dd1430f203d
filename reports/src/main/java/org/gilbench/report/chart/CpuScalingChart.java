package org.gilbench.report.chart;

import org.gilbench.report.analysis.LoadBalance;

import org.gilbench.contract.Estimate;

import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.ScalingFit;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Chart 1, CPU-bound scaling: speedup over serial vs workers (log2 axis) per model, with 95% error
 * bars, the ideal min(workers, cores, W / L), the core count marked, and the fitted laws where there
 * were enough points. Seed lessons 1 and 2: threads under a GIL stay at 1x, processes (and free
 * threads) climb to the core count.
 */
public final class CpuScalingChart {

    /**
     * How far right (in log2 units) each CPython model's points are drawn from the Java points at the
     * same workers (threads 1x, processes 2x ...), so no point hides another.
     */
    static final double CPYTHON_OFFSET = 0.045;

    private CpuScalingChart() {
    }

    /**
     * @param curves one experiment's curves (one workload, one view), serial included
     * @param cores  physical cores, 0 when unknown
     */
    /** A cell that did not finish within its limit: its speedup is below {@code below}. */
    public record Limit(String model, int workers, double below, double limitSeconds) {
    }

    public static XYChart create(String title, List<ScalingAnalysis.Curve> curves, int cores) {
        return create(title, curves, cores, List.of(), 0);
    }

    /**
     * @param logicalCpus hardware threads; marked with their own line when more than the cores (0 = unknown)
     * @param limits cells that timed out, drawn as hollow down-triangles at the speedup they stayed
     *               below ("did not finish within T"), never as measured points
     */
    public static XYChart create(String title, List<ScalingAnalysis.Curve> curves, int cores, List<Limit> limits,
                                 int logicalCpus) {
        // Create
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title(title).xAxisTitle("workers (log2 scale)").yAxisTitle("speedup over serial (x)").build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setXAxisTickLabelsFormattingFunction(ChartStyle::log2Label);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);

        int maxWorkers = 1;
        double maxY = 1;
        for (ScalingAnalysis.Curve c : curves) {
            for (ScalingAnalysis.Point p : c.points()) {
                maxWorkers = Math.max(maxWorkers, p.workers());
                maxY = Math.max(maxY, p.speedup().hasError() ? p.speedup().high() : p.speedup().value());
            }
        }
        for (Limit l : limits) {
            maxWorkers = Math.max(maxWorkers, l.workers());
        }
        // When the sweep ends at the core count, the ideal runs one octave further so the core line
        // is not on the plot's edge (an explicit axis range would break XChart's tick labels).
        double maxLog = Math.max(1, Math.ceil(log2(maxWorkers)) + (cores > 0 && cores >= maxWorkers ? 1 : 0));

        // Series: the ideal first (drawn beneath), then each model's points, then the fits.
        LoadBalance.Bound balance = curves.isEmpty() ? null : curves.get(0).balance();
        // The ideal is defined at whole worker counts and steps where the tasks do; XChart puts a tick
        // at every x value, the formatter blanks the non-powers of two.
        java.util.TreeSet<Double> grid = new java.util.TreeSet<>();
        for (int i = 0; i <= (int) maxLog; i++) {
            grid.add((double) i);
        }
        List<Double> ix = new ArrayList<>();
        List<Double> iy = new ArrayList<>();
        for (int n = 1; n <= Math.pow(2, maxLog); n++) {
            int usable = cores > 0 ? Math.min(n, cores) : n;
            double ideal = balance == null ? usable : balance.ideal(usable);
            ix.add(log2(n));
            iy.add(ideal);
            maxY = Math.max(maxY, ideal);
        }
        XYSeries ideal = chart.addSeries(idealLabel(cores, balance == null ? Double.POSITIVE_INFINITY : balance.value()), ix, iy);
        ideal.setMarker(SeriesMarkers.NONE);
        ideal.setLineColor(ChartStyle.GREY);
        ideal.setLineStyle(ChartStyle.THIN_DASHED);

        for (ScalingAnalysis.Curve c : curves) {
            List<Double> x = new ArrayList<>();
            List<Estimate> y = new ArrayList<>();
            // CPython's points sit a little right of the Java ones at the same worker count, so neither hides the other.
            double dx = org.gilbench.report.analysis.Series.isCpython(c.series().model())
                    ? CPYTHON_OFFSET * (1 + ChartStyle.cpythonRank(c.series().model())) : 0;
            for (ScalingAnalysis.Point p : c.points()) {
                x.add(log2(p.workers()) + dx);
                y.add(p.speedup());
            }
            ChartStyle.measured(chart, c.series().label(), c.series().model(), x, y, v -> v);
        }
        boolean first = true;
        for (Limit l : limits) {
            XYSeries t = chart.addSeries(first ? "did not finish within " + Math.round(l.limitSeconds()) + " s (speedup below)"
                    : l.model() + " limit " + l.workers(), List.of(log2(l.workers())), List.of(l.below()));
            t.setShowInLegend(first);
            t.setMarker(new HollowMarker(SeriesMarkers.TRIANGLE_DOWN));
            t.setMarkerColor(ChartStyle.look(l.model()).colour());
            t.setLineColor(ChartStyle.look(l.model()).colour());
            first = false;
        }
        for (ScalingAnalysis.Curve c : curves) {
            ScalingFit fit = c.usl() != null ? c.usl() : c.amdahl();
            if (fit == null) {
                continue;
            }
            List<Double> fx = new ArrayList<>();
            List<Double> fy = new ArrayList<>();
            // Only over the fitted range: beyond the cores the law describes nothing measured.
            for (double x : grid) {
                if (x > log2(cores) + 1e-9) {
                    break;
                }
                fx.add(x);
                fy.add(fit.predict(Math.pow(2, x)));
            }
            XYSeries s = chart.addSeries(c.series().label() + " " + fit.law().label + " fit", fx, fy);
            s.setShowInLegend(false);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(ChartStyle.look(c.series().model()).colour());
            s.setLineStyle(ChartStyle.THIN_DASHED);
            s.setLineWidth(1.2f);
        }

        // No x min/max: with them set, XChart 4.0.3 passes only the two ends to the tick formatter.
        chart.getStyler().setYAxisMin(0.0);
        // Head room for the legend in the top-left corner. An interval reaching far above every median and
        // the ideal (two forks of a noisy cell: Student-t with 1 degree of freedom) is clipped at the top
        // rather than squashing every curve to the bottom; the tables give it whole.
        double maxMedian = 1;
        for (ScalingAnalysis.Curve c : curves) {
            for (ScalingAnalysis.Point p : c.points()) {
                maxMedian = Math.max(maxMedian, p.speedup().value());
            }
        }
        maxMedian = Math.max(maxMedian, iy.stream().mapToDouble(Double::doubleValue).max().orElse(1));
        maxY = Math.min(maxY, 2 * maxMedian);
        chart.getStyler().setYAxisMax(Math.ceil(maxY * 1.5 * 2) / 2);
        if (curves.stream().anyMatch(c -> c.usl() != null || c.amdahl() != null)) {
            chart.addAnnotation(new AnnotationText("thin dashed: USL fits (n <= cores)", maxLog * 0.72, maxY * 1.38, false));
        }
        if (cores > 0) {
            chart.addAnnotation(new AnnotationLine(log2(cores), true, false));
            chart.addAnnotation(new AnnotationText(cores + " cores", log2(cores) + 0.08 * maxLog, maxY * 1.08, false));
        }
        if (logicalCpus > cores && cores > 0 && log2(logicalCpus) <= maxLog) {
            // Hyper-threads share a core's execution units: past the physical cores, expect little more.
            chart.addAnnotation(new AnnotationLine(log2(logicalCpus), true, false));
            chart.addAnnotation(new AnnotationText(logicalCpus + " logical CPUs", log2(logicalCpus) + 0.08 * maxLog,
                    maxY * 0.95, false));
        }
        if (curves.stream().allMatch(c -> c.amdahl() == null && c.usl() == null) && !curves.isEmpty()) {
            String note = curves.stream().filter(c -> !org.gilbench.report.analysis.Series.isBaseline(c.series().model()))
                    .map(ScalingAnalysis.Curve::fitNote).findFirst().orElse("");
            if (note.startsWith("not fitted: only")) {
                chart.addAnnotation(new AnnotationText("no Amdahl/USL fit: too few worker counts <= cores",
                        maxLog * 0.75, maxY * 0.12, false));
            }
        }
        return chart;
    }

    /** "ideal: the task list on min(n, 2 cores)" — the legend names what bounds the line. */
    public static String idealLabel(int cores, double balance) {
        String on = cores > 0 ? "min(n, " + cores + " cores)" : "n workers";
        return (Double.isFinite(balance) ? "ideal: the task list on " : "ideal: ") + on;
    }

    public static double log2(double n) {
        return Math.log(n) / Math.log(2);
    }
}

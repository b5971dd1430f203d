package org.gilbench.report.chart;

import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.contract.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Chart 4, CPU utilisation per model and worker count ({@code cpu.util}: process CPU time, children
 * included, over wall time; 100% = one core busy), the seed's {@code time} output: "101% CPU" for
 * CPython threads, "389%" for processes on 4 cores. Reference lines at one core and at all cores.
 */
public final class CpuUtilisationChart {

    public static final String METRIC = "cpu.util";

    private CpuUtilisationChart() {
    }

    /** True when at least one point of {@code curves} carries the metric. */
    public static boolean hasData(List<ScalingAnalysis.Curve> curves) {
        return curves.stream().flatMap(c -> c.points().stream())
                .anyMatch(p -> Double.isFinite(p.measurement().secondaryScore(METRIC)));
    }

    public static CategoryChart create(String title, List<ScalingAnalysis.Curve> curves, int cores) {
        // Create
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title(title).xAxisTitle("workers").yAxisTitle("CPU utilisation (%; 100 = one core busy)").build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.85);
        chart.getStyler().setYAxisDecimalPattern("#0");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);

        // Series: one per model, one category per worker count.
        TreeSet<Integer> workers = new TreeSet<>();
        for (ScalingAnalysis.Curve c : curves) {
            c.points().forEach(p -> workers.add(p.workers()));
        }
        List<String> categories = new ArrayList<>();
        for (int w : workers) {
            categories.add(w == 1 ? "1 worker" : w + " workers");
        }
        double maxY = cores > 0 ? cores * 100 : 100;
        for (ScalingAnalysis.Curve c : curves) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (int w : workers) {
                ScalingAnalysis.Point p = c.points().stream().filter(q -> q.workers() == w).findFirst().orElse(null);
                Metric m = p == null ? null : p.measurement().secondary().get(METRIC);
                if (m == null || !Double.isFinite(m.score())) {
                    y.add(null);  // no bar (serial has no 2-worker cell), not a zero bar
                    err.add(null);
                    continue;
                }
                Estimate e = Estimate.of(m);
                y.add(e.value());
                err.add(ChartStyle.bar(e));
                maxY = Math.max(maxY, ChartStyle.top(e));
            }
            CategorySeries s = chart.addSeries(c.series().label(), categories, y, err);
            ChartStyle.apply(s, c.series().model());
        }
        chart.getStyler().setYAxisMin(0.0);
        double axisMax = Math.ceil(maxY * 1.2 / 50) * 50;
        chart.getStyler().setYAxisMax(axisMax);
        chart.addAnnotation(new AnnotationLine(100, false, false));
        chart.addAnnotation(new AnnotationText("one core", categories.size() - 0.5, 100 + 0.03 * axisMax, false));
        if (cores > 1) {
            chart.addAnnotation(new AnnotationLine(cores * 100, false, false));
            chart.addAnnotation(new AnnotationText("all " + cores + " cores", categories.size() - 0.5,
                    cores * 100 + 0.03 * axisMax, false));
        }
        return chart;
    }
}

package org.gilbench.report.chart;

import org.gilbench.report.read.ModelNames;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Series;
import org.gilbench.report.read.Measurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Chart 5, what processes pay: the range-sum (seed 001's 1..100,000,000) measured compute-only and end
 * to end, per model, at the largest worker count that fits the cores. The gap between the two views
 * is creating the data and shipping slices to the workers: free for threads (they share the heap), a
 * copy through a pipe for child JVMs. Seed lesson 2's price tag.
 */
public final class ProcessCostChart {

    private ProcessCostChart() {
    }

    /** The point each model shows: the most workers not above the cores (all points when cores unknown). */
    public static ScalingAnalysis.Point shown(ScalingAnalysis.Curve c, int cores) {
        ScalingAnalysis.Point best = null;
        for (ScalingAnalysis.Point p : c.points()) {
            if ((cores <= 0 || p.workers() <= cores) && (best == null || p.workers() > best.workers())) {
                best = p;
            }
        }
        return best != null ? best : c.points().get(0);
    }

    /**
     * One panel per view (compute only, end to end, streamed), each with its own linear axis, side by
     * side, and a last panel with the price of starting one child JVM when it was measured.
     */
    public static List<CategoryChart> create(String title, List<ScalingAnalysis.Curve> curves, List<Measurement> starts,
                                      int cores) {
        List<CategoryChart> panels = create(title, curves, cores);
        if (!starts.isEmpty()) {
            panels = new ArrayList<>(panels);
            panels.add(startPanel(starts, panels.size() + 1));
        }
        return panels;
    }

    /** The label of a process-start measurement: its {@code child} parameter (or all its parameters). */
    public static String startLabel(Measurement m) {
        return m.params().getOrDefault("child", m.params().toString());
    }

    /** Start a child JVM, one round trip, exit, per start-up setting; the warm pool as the floor. */
    private static CategoryChart startPanel(List<Measurement> starts, int panels) {
        CategoryChart chart = new CategoryChartBuilder().width(panels > 1 ? ChartStyle.WIDTH * 3 / 4 : ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT).title("one child JVM: start + task + exit").xAxisTitle("")
                .yAxisTitle("time per process (ms)").build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.9);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        double maxY = 0;
        int i = 0;
        for (Measurement m : starts) {
            Estimate t = Estimate.of(m.time());
            maxY = Math.max(maxY, ChartStyle.top(t));
            CategorySeries s = chart.addSeries(startLabel(m), List.of(" "), List.of(t.value()),
                    List.of(ChartStyle.bar(t)));
            // All are forked-process: its colour and marker, lighter for each setting.
            ChartStyle.apply(s, ModelNames.FORKED_PROCESS);
            java.awt.Color c = ChartStyle.lighter(ChartStyle.look(ModelNames.FORKED_PROCESS).colour(), 0.22 * i++);
            s.setFillColor(c);
            s.setLineColor(c);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(maxY * (1.1 + 0.12 * starts.size()));
        return chart;
    }

    /** One panel per view (compute only, end to end), each with its own linear axis, side by side. */
    public static List<CategoryChart> create(String title, List<ScalingAnalysis.Curve> curves, int cores) {
        List<String> views = new ArrayList<>();
        for (ScalingAnalysis.Curve c : curves) {
            if (!views.contains(c.view())) {
                views.add(c.view());
            }
        }
        List<CategoryChart> panels = new ArrayList<>();
        for (String view : views) {
            panels.add(panel(title + ": " + view, curves.stream().filter(c -> c.view().equals(view)).toList(), cores,
                    views.size()));
        }
        return panels;
    }

    private static CategoryChart panel(String title, List<ScalingAnalysis.Curve> curves, int cores, int panels) {
        // Create
        CategoryChart chart = new CategoryChartBuilder().width(panels > 1 ? ChartStyle.WIDTH * 3 / 4 : ChartStyle.WIDTH)
                .height(ChartStyle.HEIGHT).title(title).xAxisTitle("").yAxisTitle("time per run (ms)").build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.9);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");

        // Series: one bar per model at the most workers that fit the cores.
        Map<Series, ScalingAnalysis.Point> byModel = new java.util.TreeMap<>();
        for (ScalingAnalysis.Curve c : curves) {
            byModel.put(c.series(), shown(c, cores));
        }
        double maxY = 0;
        for (Map.Entry<Series, ScalingAnalysis.Point> e : byModel.entrySet()) {
            ScalingAnalysis.Point p = e.getValue();
            maxY = Math.max(maxY, ChartStyle.top(p.time()));
            String label = e.getKey().model().equals(ModelNames.SERIAL) ? e.getKey().label()
                    : e.getKey().label() + " ×" + p.workers();
            CategorySeries s = chart.addSeries(label, List.of(" "), List.of(p.time().value()),
                    List.of(ChartStyle.bar(p.time())));
            ChartStyle.apply(s, e.getKey().model());
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(maxY * (1.1 + 0.12 * byModel.size()));
        return chart;
    }
}

package org.gilbench.report.chart;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.contract.Estimate;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Bars side by side per category with their 95% intervals, one series per thing compared (issue 22's
 * lessons): sleep-io against socket-io per model, the seeds' downloads serial against three threads, the
 * event loop's final balances with the sleep between or after the write. Series take greys of rising
 * darkness (the comparison is the series, not a model), so they survive grayscale printing; a missing
 * value is drawn as 0 with no interval and the category's label says "(not measured)".
 */
public final class PairedBarChart {

    private PairedBarChart() {
    }

    /** Series greys, lightest first. */
    private static final List<Color> GREYS = List.of(new Color(0xB0, 0xB0, 0xB0), new Color(0x60, 0x60, 0x60),
            new Color(0x30, 0x30, 0x30));

    /**
     * @param categories the x-axis labels
     * @param series     per series (in legend order), one estimate per category, null where not measured
     */
    public static CategoryChart create(String title, String yAxis, List<String> categories,
                                       Map<String, List<Estimate>> series) {
        if (series.isEmpty() || series.size() > GREYS.size()) {
            throw new IllegalArgumentException("series: need 1.." + GREYS.size() + ", got " + series.size());
        }
        // Create
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
                .title(title).xAxisTitle("").yAxisTitle(yAxis).build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        // Long labels ("virtual-thread 1000000 workers, 1000 x 100 ms") overlap side by side from three on.
        chart.getStyler().setXAxisLabelRotation(categories.size() > 2 ? 15 : 0);

        // Series
        double maxY = 0;
        int i = 0;
        for (Map.Entry<String, List<Estimate>> e : new LinkedHashMap<>(series).entrySet()) {
            if (e.getValue().size() != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "': " + e.getValue().size()
                        + " values for " + categories.size() + " categories");
            }
            List<Double> values = new ArrayList<>();
            List<Double> bars = new ArrayList<>();
            for (Estimate est : e.getValue()) {
                values.add(est == null ? 0.0 : est.value());
                bars.add(est == null ? 0.0 : ChartStyle.bar(est));
                maxY = Math.max(maxY, est == null ? 0 : ChartStyle.top(est));
            }
            CategorySeries s = chart.addSeries(e.getKey(), categories, values, bars);
            s.setFillColor(GREYS.get(i));
            s.setLineColor(GREYS.get(i));
            i++;
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(maxY > 0 ? maxY * 1.25 : 1.0);
        return chart;
    }
}

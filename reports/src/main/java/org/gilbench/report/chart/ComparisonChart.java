package org.gilbench.report.chart;

import org.gilbench.report.read.ModelNames;
import org.gilbench.report.analysis.MachineComparison;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Chart 6, the same cells on several machines: time on each machine / time on the reference machine,
 * with 95% intervals; below 1 = faster than the reference. Bars here are machines, not models, so
 * they take neutral greys and hatch-free fills that survive grayscale printing.
 */
public final class ComparisonChart {

    /** More cells than this make unreadable labels; the table lists all of them. */
    public static final int MAX_CELLS = 16;

    private static final Color[] MACHINE_COLOURS = {
        new Color(0x44, 0x44, 0x44), new Color(0x99, 0x99, 0x99), new Color(0x00, 0x72, 0xB2),
        new Color(0xE6, 0x9F, 0x00),
    };

    private ComparisonChart() {
    }

    /** The cells shown: those present in every pair, first {@link #MAX_CELLS} in report order. */
    public static List<String> cells(List<MachineComparison.Pair> pairs) {
        Set<String> cells = new LinkedHashSet<>();
        for (MachineComparison.Row r : pairs.get(0).rows()) {
            cells.add(label(r));
        }
        for (MachineComparison.Pair p : pairs.subList(1, pairs.size())) {
            Set<String> here = new LinkedHashSet<>();
            p.rows().forEach(r -> here.add(label(r)));
            cells.retainAll(here);
        }
        return new ArrayList<>(cells).subList(0, Math.min(MAX_CELLS, cells.size()));
    }

    /**
     * "sleep-io (tasks=100) thread-pool ×16": the benchmark method when it is not the workload's only
     * one, and every parameter besides the model's, so two cells never share a label (sleep-io's task
     * counts must not collapse into one bar).
     */
    public static String label(MachineComparison.Row r) {
        String cell = r.cell();
        int space = cell.indexOf(' ');
        String method = space < 0 ? cell : cell.substring(0, space);
        int open = cell.indexOf(" (");
        int close = cell.lastIndexOf(')');
        String params = open >= 0 && close > open ? " " + cell.substring(open + 1, close + 1) : "";
        boolean plainMethod = method.replaceAll("[^a-z]", "").equalsIgnoreCase(r.workload().replaceAll("[^a-z]", ""));
        return r.workload() + (plainMethod ? "" : " " + method) + params + " " + r.series().label()
                + (r.series().model().equals(ModelNames.SERIAL) ? "" : " ×" + r.workers());
    }

    public static CategoryChart create(String title, List<MachineComparison.Pair> pairs) {
        // Create
        CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH + 200).height(ChartStyle.HEIGHT + 80)
                .title(title).xAxisTitle("").yAxisTitle("time ratio: machine / " + pairs.get(0).reference().machine().host()
                        + " (lower = faster)").build();

        // Customise
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setXAxisLabelRotation(90);
        // Rotated labels need little room; the default spacing hint would drop every other one.
        chart.getStyler().setXAxisTickMarkSpacingHint(16);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);

        // Series: one per other machine.
        List<String> cells = cells(pairs);
        double maxY = 1.2;
        int i = 0;
        for (MachineComparison.Pair pair : pairs) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String cell : cells) {
                MachineComparison.Row row = pair.rows().stream().filter(r -> label(r).equals(cell)).findFirst().orElseThrow();
                y.add(row.ratio().value());
                err.add(ChartStyle.bar(row.ratio()));
                maxY = Math.max(maxY, ChartStyle.top(row.ratio()));
            }
            CategorySeries s = chart.addSeries(pair.other().machine().host() + " (" + pair.other().dir().getFileName() + ")",
                    cells, y, err);
            Color c = MACHINE_COLOURS[i++ % MACHINE_COLOURS.length];
            s.setFillColor(c);
            s.setLineColor(c);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.ceil(maxY * 1.15 * 4) / 4);
        chart.addAnnotation(new AnnotationLine(1.0, false, false));
        return chart;
    }
}

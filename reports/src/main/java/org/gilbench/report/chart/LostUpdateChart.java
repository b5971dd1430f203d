package org.gilbench.report.chart;

import org.gilbench.report.read.ModelNames;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Lesson 5's charts, drawing only (the numbers come from {@code SharedStateLesson}): the bank account's
 * final balances, one dot per run, per model without and with the lock, against the true balance; and
 * change_it's share of runs that did not end at 0, per model and GIL setting, beside CPython's.
 */
public final class LostUpdateChart {

    /** One bank cell: its model, whether it locked, and every run's final balance. */
    public record Strip(String model, boolean lock, long[] balances) {
    }

    /** One change_it bar: a label, the runs that did not end at 0, the runs, and whether it is CPython's. */
    public record Share(String label, int nonZero, int runs, boolean cpython) {
        public double percent() {
            return runs == 0 ? 0 : 100.0 * nonZero / runs;
        }
    }

    /** How far apart the no-lock and lock columns of one model sit, in x units (a model is 1 wide). */
    private static final double OFFSET = 0.2;

    /** Dots of equal balance are spread sideways by up to this much, so 5 runs of 100 show as 5 dots. */
    private static final double JITTER = 0.06;

    /** Room under 0 for the model names, as a share of the true balance. */
    private static final double LABEL_ROOM = 0.12;

    private static final Color NO_LOCK = new Color(0xD5, 0x5E, 0x00);  // Okabe–Ito vermillion
    private static final Color LOCK = new Color(0x00, 0x72, 0xB2);     // Okabe–Ito blue

    private LostUpdateChart() {
    }

    /**
     * The bank: x = model (no lock left, lock right), y = final balance of each run; a dashed line at
     * the true balance. forked-process's parent balance is drawn too (0: the children changed copies).
     */
    public static XYChart bank(String title, List<Strip> strips, long trueBalance) {
        List<String> models = new ArrayList<>();
        strips.stream().map(Strip::model).distinct()
                .sorted(java.util.Comparator.comparingInt(m -> ChartStyle.order(m.replace("forked (parent)", ModelNames.FORKED_PROCESS)))).forEach(models::add);
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("model (each dot is one run; left: no lock, right: with the lock)")
                .yAxisTitle("final balance after " + trueBalance + " deposits of 1").build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisMin(0.4);
        chart.getStyler().setXAxisMax(models.size() + 0.6);
        // XChart places x ticks where it likes: the model names are drawn as text under the dots instead.
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setYAxisMin(-LABEL_ROOM * trueBalance);
        chart.getStyler().setYAxisMax(trueBalance * 1.15);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(y -> y < -1e-9 ? " " : String.format(java.util.Locale.ROOT, "%.0f", y));
        for (boolean lock : new boolean[] {false, true}) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Strip s : strips) {
                if (s.lock() != lock) {
                    continue;
                }
                double centre = models.indexOf(s.model()) + 1 + (lock ? OFFSET : -OFFSET);
                for (int i = 0; i < s.balances().length; i++) {
                    double spread = s.balances().length == 1 ? 0 : (2.0 * i / (s.balances().length - 1) - 1) * JITTER;
                    x.add(centre + spread);
                    y.add((double) s.balances()[i]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(lock ? "with the lock" : "without a lock", x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(lock ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
            series.setMarkerColor(lock ? LOCK : NO_LOCK);
        }
        for (int i = 0; i < models.size(); i++) {
            chart.addAnnotation(new AnnotationText(models.get(i), i + 1, -LABEL_ROOM * trueBalance / 2, false));
        }
        chart.addAnnotation(new AnnotationLine(0, false, false));
        chart.addAnnotation(new AnnotationLine(trueBalance, false, false));
        chart.addAnnotation(new AnnotationText("no update lost: " + trueBalance, 1.0, trueBalance * 1.08, false));
        return chart;
    }

    /**
     * change_it: % of runs whose final balance was not 0, one row per model and GIL setting (a dot with
     * its 95% Wilson interval; the label above it); CPython's rows in grey.
     */
    public static XYChart changeIt(String title, List<Share> shares) {
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH - 140).height(ChartStyle.HEIGHT).title(title)
                .xAxisTitle("runs whose final balance is not 0 (%), 95% interval").yAxisTitle("").build();
        ChartStyle.base(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setXAxisMin(-2.0);
        chart.getStyler().setXAxisMax(102.0);
        chart.getStyler().setXAxisDecimalPattern("#0");
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setYAxisMin(0.3);
        chart.getStyler().setYAxisMax(shares.size() + 0.8);
        for (boolean cpython : new boolean[] {false, true}) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                Share s = shares.get(i);
                if (s.cpython() != cpython) {
                    continue;
                }
                double row = shares.size() - i;
                x.add(s.percent());
                y.add(row);
                double[] w = wilson(s.nonZero(), s.runs());
                XYSeries bar = chart.addSeries((cpython ? "c" : "h") + " interval " + i, List.of(w[0], w[1]),
                        List.of(row, row));
                bar.setShowInLegend(false);
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineColor(cpython ? ChartStyle.GREY : NO_LOCK);
                bar.setLineStyle(ChartStyle.INTERVAL);
                chart.addAnnotation(new AnnotationText(s.label() + "  (" + s.nonZero() + " of " + s.runs() + ")", 50,
                        row + 0.35, false));
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries dots = chart.addSeries(cpython ? "CPython" : "this run", x, y);
            dots.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            dots.setMarker(cpython ? SeriesMarkers.SQUARE : SeriesMarkers.DIAMOND);
            dots.setMarkerColor(cpython ? ChartStyle.GREY : NO_LOCK);
        }
        return chart;
    }

    /** The 95% Wilson score interval of k successes in n trials, in percent. */
    public static double[] wilson(int k, int n) {
        if (n == 0) {
            return new double[] {0, 100};
        }
        double z = 1.959964;
        double p = (double) k / n;
        double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / (1 + z * z / n);
        return new double[] {100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)};
    }
}

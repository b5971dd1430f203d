package org.gilbench.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import org.gilbench.model.Model;
import java.util.ArrayList;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.read.Units;
import java.util.Locale;
import org.knowm.xchart.internal.series.AxesChartSeries;
import org.knowm.xchart.internal.series.MarkerSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The look every chart shares: one fixed colour + marker + dash per execution model (Okabe-Ito
 * without yellow, so colour-blind safe; in grayscale four of its colours look alike, so the marker and
 * the dash tell the models apart), fonts, and the axis helpers (log2 ticks, "1k" labels).
 */
public final class ChartStyle {

    /** Logical chart size in pixels; PNGs are written at 2x. */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 520;

    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    public static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    public static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    public static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    public static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    public static final Font FOOTER = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    public static final Color GREY = new Color(0x66, 0x66, 0x66);
    public static final Color LIGHT_GREY = new Color(0xBB, 0xBB, 0xBB);

    /** A model's look. */
    public record Look(Color colour, Marker marker, BasicStroke dash) {
    }

    /** Models in the order legends and tables list them: the workloads module's {@link Model} order. */
    public static final List<String> MODELS = ModelNames.JAVA;

    private static final float W = 2.0f;
    public static final BasicStroke SOLID = new BasicStroke(W);
    public static final BasicStroke THIN_DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10, new float[] {6, 4}, 0);

    private static BasicStroke dash(float... pattern) {
        return new BasicStroke(W, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, pattern, 0);
    }

    /**
     * The Java models' looks, keyed by name so inserting a model into {@link Model} recolours no other:
     * Okabe-Ito colours (colour-blind safe, yellow left out: unreadable on white), markers and dashes
     * that differ in grayscale print, no triangle-up beside triangle-down. serial is black and solid. A
     * new model gets its look here (one line); until then it takes a spare one ({@link #SPARE}).
     */
    private static final Map<String, Look> LOOKS = Map.of(
            ModelNames.SERIAL, new Look(Color.BLACK, SeriesMarkers.SQUARE, SOLID),
            ModelNames.THREAD_POOL, new Look(new Color(0x00, 0x72, 0xB2), SeriesMarkers.CIRCLE, dash(9, 4)),
            ModelNames.VIRTUAL_THREAD, new Look(new Color(0x00, 0x9E, 0x73), SeriesMarkers.DIAMOND, dash(2, 3)),
            ModelNames.FORKED_PROCESS, new Look(new Color(0xCC, 0x79, 0xA7), SeriesMarkers.TRIANGLE_UP, dash(10, 3, 2, 3)),
            ModelNames.GIL_EMULATED, new Look(new Color(0xD5, 0x5E, 0x00), SeriesMarkers.CROSS, dash(4, 4)),
            ModelNames.EVENT_LOOP, new Look(new Color(0x56, 0xB4, 0xE9), SeriesMarkers.PLUS, dash(1, 5)),
            // Beyond Okabe-Ito's seven: Tol's wine, dark enough on white and apart from forked-process's purple.
            Model.DISTRIBUTED_NAME, new Look(new Color(0x88, 0x22, 0x55), SeriesMarkers.RECTANGLE, dash(14, 4)));

    /** The looks no named model has taken: a model without an entry in {@link #LOOKS} gets one by its name's hash. */
    private static final List<Look> SPARE = List.of(
            new Look(new Color(0xE6, 0x9F, 0x00), SeriesMarkers.RECTANGLE, dash(6, 2, 1, 2)));

    /**
     * CPython's models (names starting {@value ModelNames#CPYTHON}), keyed by name: greys with their own
     * markers, so a real interpreter reads as the reference beside the coloured Java models
     * ({@code cpython-serial} is a baseline, drawn only as speedup 1, and takes a grey by hash).
     */
    private static final Map<String, Look> CPYTHON_LOOKS = Map.of(
            ModelNames.CPYTHON_THREADS, new Look(new Color(0x44, 0x44, 0x44), SeriesMarkers.TRIANGLE_DOWN, dash(8, 3)),
            ModelNames.CPYTHON_PROCESSES, new Look(new Color(0x88, 0x88, 0x88), SeriesMarkers.OVAL, dash(3, 3)),
            ModelNames.CPYTHON_FREE_THREADED, new Look(new Color(0x66, 0x66, 0x66), SeriesMarkers.TRAPEZOID, dash(12, 3, 3, 3)),
            ModelNames.CPYTHON2_THREADS, new Look(new Color(0xAA, 0xAA, 0xAA), SeriesMarkers.RECTANGLE, dash(2, 2)));

    /** CPython's looks in {@link ModelNames#CPYTHON_DRAWN} order, for a CPython model without an entry. */
    private static final List<Look> CPYTHON_SPARE = ModelNames.CPYTHON_DRAWN.stream().map(CPYTHON_LOOKS::get).toList();

    /** A CPython model's place among CPython's drawn models (0 = threads), for side-by-side offsets. */
    public static int cpythonRank(String model) {
        return ModelNames.cpythonRank(model);
    }

    /** The prefix of CPython cells' model names (issue 12: cpython-threads, cpython-processes ...). */
    public static final String CPYTHON = ModelNames.CPYTHON;

    /** A model's colour, marker and dash, fixed by its name; any name gets one (unknown names: a stable pick by hash). */
    public static Look look(String model) {
        Look known = LOOKS.get(model);
        if (known != null) {
            return known;
        }
        if (ModelNames.cpython(model)) {
            Look real = CPYTHON_LOOKS.get(model);
            return real != null ? real : CPYTHON_SPARE.get(Math.floorMod(model.hashCode(), CPYTHON_SPARE.size()));
        }
        return SPARE.get(Math.floorMod(model.hashCode(), SPARE.size()));
    }

    /** {@code c} mixed with white: 0 = unchanged, 1 = white. */
    public static Color lighter(Color c, double amount) {
        double a = Math.min(0.8, amount);
        return new Color((int) (c.getRed() + (255 - c.getRed()) * a), (int) (c.getGreen() + (255 - c.getGreen()) * a),
                (int) (c.getBlue() + (255 - c.getBlue()) * a));
    }

    /** A model's place in legends; unknown models go last. */
    public static int order(String model) {
        return ModelNames.order(model);
    }

    /** Gives a series its model's colour, marker and dash (error bars take the line colour). */
    public static void apply(AxesChartSeries series, String model) {
        Look look = look(model);
        if (series instanceof MarkerSeries ms) {
            ms.setMarker(look.marker());
            ms.setMarkerColor(look.colour());
        }
        series.setLineColor(look.colour());
        series.setLineStyle(look.dash());
        series.setFillColor(look.colour());
    }

    /**
     * Adds one model's measured points to {@code chart}: a line through the medians (in the legend),
     * each 95% interval as its own vertical segment (XChart's error bars are symmetric only, and these
     * intervals are not), and the points that have no interval, rest on disturbed attempts or are
     * irregular drawn again with a hollow marker.
     *
     * @param y maps a value to the chart's y units (identity, or a log for log-drawn axes)
     */
    public static XYSeries measured(XYChart chart, String label, String model, List<Double> x,
                                    List<org.gilbench.contract.Estimate> values, java.util.function.DoubleUnaryOperator y) {
        List<Double> ys = new ArrayList<>();
        for (org.gilbench.contract.Estimate e : values) {
            ys.add(y.applyAsDouble(e.value()));
        }
        XYSeries line = chart.addSeries(label, x, ys);
        apply(line, model);
        Look look = look(model);
        List<Double> hx = new ArrayList<>();
        List<Double> hy = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            org.gilbench.contract.Estimate e = values.get(i);
            if (e.hasError() && e.low() > 0) {
                XYSeries bar = chart.addSeries(label + " interval " + i, List.of(x.get(i), x.get(i)),
                        List.of(y.applyAsDouble(e.low()), y.applyAsDouble(e.high())));
                bar.setShowInLegend(false);
                bar.setMarker(SeriesMarkers.NONE);
                bar.setLineColor(look.colour());
                bar.setLineStyle(INTERVAL);
            }
            if (!e.hasError() || e.fallback() || e.shape().irregular()) {
                hx.add(x.get(i));
                hy.add(ys.get(i));
            }
        }
        if (!hx.isEmpty()) {
            XYSeries open = chart.addSeries(label + " open", hx, hy);
            open.setShowInLegend(false);
            open.setLineStyle(new BasicStroke(0f));
            open.setLineColor(new Color(0, 0, 0, 0));
            open.setMarker(new HollowMarker(look.marker()));
            open.setMarkerColor(look.colour());
        }
        return line;
    }

    /**
     * The half-width of a symmetric error bar that covers {@code e}'s whole (asymmetric) interval, for
     * XChart's category charts; 0 when there is no interval (the tables say "no interval").
     */
    public static double bar(org.gilbench.contract.Estimate e) {
        double hw = e.halfWidth();
        return Double.isFinite(hw) ? hw : 0;
    }

    /** The top of {@code e}'s bar: its interval's upper end, or the value without one (for axis ranges). */
    public static double top(org.gilbench.contract.Estimate e) {
        return e.value() + bar(e);
    }

    /** The interval segments: solid and thinner than the model's line. */
    public static final BasicStroke INTERVAL = new BasicStroke(1.4f);

    /** The shared fonts, colours and legend placement. */
    public static void base(Styler styler) {
        styler.setChartTitleFont(TITLE);
        styler.setLegendFont(LEGEND);
        styler.setBaseFont(TICKS);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(LIGHT_GREY);
        styler.setLegendBorderColor(LIGHT_GREY);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setLegendSeriesLineLength(36);
        styler.setMarkerSize(9);
        styler.setAnnotationTextFont(NOTE);
        styler.setAnnotationTextFontColor(GREY);
        styler.setAnnotationLineColor(GREY);
        styler.setAnnotationLineStroke(THIN_DASHED);
        styler.setAnnotationTextPanelFont(NOTE);
        styler.setAnnotationTextPanelBorderColor(LIGHT_GREY);
        styler.setChartPadding(10);
        if (styler instanceof AxesChartStyler axes) {
            axes.setAxisTitleFont(AXIS_TITLE);
            axes.setAxisTickLabelsFont(TICKS);
            axes.setPlotGridLinesColor(new Color(0xEA, 0xEA, 0xEA));
            // Solid hairlines: dashed grid lines (the default) cost most of the rendering time on log axes.
            axes.setPlotGridLinesStroke(new BasicStroke(0.8f));
            axes.setErrorBarsColorSeriesColor(true);
        }
    }

    /** Tick labels for an axis drawn in log2 units: "1, 2, 4 ..." at integers, blank elsewhere. */
    public static String log2Label(double x) {
        double r = Math.rint(x);
        if (Math.abs(x - r) > 1e-6 || r < 0) {
            return " ";
        }
        return count(Math.pow(2, r));
    }

    /** 1, 10, 100, 1k, 10k, 100k, 1M. */
    public static String count(double v) {
        return Units.count(v);
    }

    /** A time in ms as "12 ms", "1.5 s", "250 µs". */
    public static String millis(double ms) {
        if (ms >= 1000) {
            return trim(ms / 1000) + " s";
        }
        if (ms >= 1) {
            return trim(ms) + " ms";
        }
        return trim(ms * 1000) + " µs";
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}

package org.gilbench.report;

import java.util.Locale;

/** Number formatting for tables and text: fixed locale, "–" for unknown values. */
final class Fmt {

    static final String NONE = "–";

    private Fmt() {
    }

    static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : NONE;
    }

    /** Three significant digits, no exponent for ordinary sizes. */
    static String sig(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 0.01 || a == 0) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** "12.3 ± 0.4" with the 95% half-width, or just the value when the error is unknown. */
    static String pm(Estimate e) {
        double hw = e.halfWidth();
        return Double.isFinite(hw) ? sig(e.value()) + " ± " + sig(hw) : sig(e.value()) + " (no error)";
    }

    /** "1.93 [1.85, 2.01]" with the 95% interval. */
    static String ci(Estimate e) {
        double hw = e.halfWidth();
        return Double.isFinite(hw)
                ? num(e.value(), 2) + " [" + num(e.value() - hw, 2) + ", " + num(e.value() + hw, 2) + "]"
                : num(e.value(), 2) + " [no interval]";
    }

    /** "1 worker", "2 workers". */
    static String workers(int n) {
        return n == 1 ? "1 worker" : n + " workers";
    }

    /** A counter in readable units: bytes as kB/MB/GB, nanoseconds as ms, counts as numbers. */
    static String counter(String name, double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        if (name.contains("bytes")) {
            return v >= 1e9 ? num(v / 1e9, 2) + " GB" : v >= 1e6 ? num(v / 1e6, 1) + " MB"
                    : v >= 1e3 ? num(v / 1e3, 1) + " kB" : num(v, 0) + " B";
        }
        if (name.endsWith("-ns")) {
            return sig(v / 1e6) + " ms";
        }
        return sig(v);
    }

    /** Markdown table cells must not contain pipes. */
    static String cell(String s) {
        return s.replace("|", "/");
    }
}

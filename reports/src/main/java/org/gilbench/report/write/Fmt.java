package org.gilbench.report.write;

import org.gilbench.contract.Estimate;

import java.util.Locale;

/** Number formatting for tables and text: fixed locale, "–" for unknown values. */
public final class Fmt {

    public static final String NONE = "–";

    private Fmt() {
    }

    public static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : NONE;
    }

    /** Three significant digits, no exponent for ordinary sizes. */
    public static String sig(double v) {
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

    /** "12.3 [11.9, 12.8]" with the 95% interval, or "12.3 (no interval)". */
    public static String pm(Estimate e) {
        return e.hasError() ? sig(e.value()) + " [" + sig(e.low()) + ", " + sig(e.high()) + "]"
                : sig(e.value()) + " (no interval)";
    }

    /** "1.93 [1.85, 2.01]" with the 95% interval. */
    public static String ci(Estimate e) {
        if (Math.abs(e.value()) >= 100 || (Math.abs(e.value()) < 0.1 && e.value() != 0)) {
            return pm(e);
        }
        return e.hasError() ? num(e.value(), 2) + " [" + num(e.low(), 2) + ", " + num(e.high(), 2) + "]"
                : num(e.value(), 2) + " [no interval]";
    }

    /** The table column for outlier operations and two-cluster cells; "" for a regular cell. */
    public static String irregular(Estimate e) {
        return e.shape().describe() + (e.fallback() ? (e.shape().irregular() ? ", " : "") + "disturbed only" : "");
    }

    /** A file-name-safe slug: lower case, runs of other characters as one dash. */
    public static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** "1 worker", "2 workers". */
    public static String workers(int n) {
        return n == 1 ? "1 worker" : n + " workers";
    }

    /** A counter in readable units: bytes as kB/MB/GB, nanoseconds as ms, counts as numbers. */
    public static String counter(String name, double v) {
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
    public static String cell(String s) {
        return s.replace("|", "/");
    }
}

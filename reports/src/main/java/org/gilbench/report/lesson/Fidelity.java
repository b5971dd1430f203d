package org.gilbench.report.lesson;

import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.write.Fmt;

/**
 * The emulation beside the real interpreter (issue 12): one number measured both ways, e.g.
 * gil-emulated's speedup at 2 workers and CPython 3.11 threads' at 2 workers, each over its own serial
 * baseline.
 *
 * <p>They <em>agree</em> when the interval of emulated / CPython (log variances add, as for every ratio
 * in this report) contains 1 — the run cannot tell them apart — or lies wholly within
 * {@link #SAME_WITHIN} of 1: the difference is real but smaller than what a reader of the chart could
 * see. Without an interval on either side they do not agree (nothing shows that they do).
 *
 * @param lesson   the seed lesson (summary.json's "lesson")
 * @param cell     what was compared, in words: "prime-check, 2 workers: gil-emulated vs CPython 3.11 threads"
 * @param measure  the ratio both sides give: "speedup over serial", "time / one sleep" ...
 */
public record Fidelity(int lesson, String cell, String measure, Estimate emulated, Estimate cpython) {

    /** emulated / CPython with its interval. */
    public Estimate ratio() {
        return emulated.dividedBy(cpython);
    }

    /**
     * Practically the same: emulated / CPython wholly within ±5%. Two tight intervals (100 sleeps on 16
     * threads: 7.03 against 7.07 sleeps, each within 0.2%) can exclude 1 for a difference of half a percent,
     * which no chart shows and no lesson depends on.
     */
    public static final double SAME_WITHIN = 1.05;

    /** The interval of emulated / CPython contains 1, or lies wholly within {@link #SAME_WITHIN} of it. */
    public boolean agree() {
        Estimate r = ratio();
        return r.hasError() && ((r.low() <= 1 && r.high() >= 1) || (r.low() >= 1 / SAME_WITHIN && r.high() <= SAME_WITHIN));
    }

    /**
     * Agreement means little when the ratio's interval spans more than this (high / low): 4x = the
     * {@link Rules#TOO_WIDE} band on each side. Such rows say "yes, but too wide to mean much".
     */
    public static final double DECISIVE_WIDTH = Rules.TOO_WIDE * Rules.TOO_WIDE;

    /** The interval of emulated / CPython is narrow enough for "agree" or "disagree" to say something. */
    public boolean decisive() {
        return ratio().widthRatio() <= DECISIVE_WIDTH;
    }

    /** When the two agree, in words, from {@link #SAME_WITHIN} (the table's caption and the methods section). */
    public static String agreement() {
        return "the interval of emulated / CPython contains 1, or lies within ±" + Math.round((SAME_WITHIN - 1) * 100)
                + "% of it";
    }

    /** The Markdown table of a lesson's comparisons, or "" for none. */
    public static String table(List<Fidelity> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("Fidelity: the emulation beside real CPython on this machine, each over its own"
                + " serial baseline (agree = " + agreement() + ").\n\n"
                + "| cell | measure | emulated [95% CI] | CPython [95% CI] | emulated / CPython [95% CI] | agree |\n"
                + "|---|---|---:|---:|---:|---|\n");
        for (Fidelity f : rows) {
            Estimate r = f.ratio();
            t.append("| ").append(Fmt.cell(f.cell())).append(" | ").append(f.measure()).append(" | ")
                    .append(Fmt.ci(f.emulated())).append(" | ").append(Fmt.ci(f.cpython())).append(" | ")
                    .append(Fmt.ci(r)).append(" | ")
                    .append(!r.hasError() ? "cannot tell (no interval)"
                            : !f.agree() ? "**no**" : f.decisive() ? "yes" : "yes, but the interval is too wide to mean much")
                    .append(" |\n");
        }
        return t.append('\n').toString();
    }
}

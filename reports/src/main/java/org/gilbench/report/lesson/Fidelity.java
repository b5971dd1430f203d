package org.gilbench.report.lesson;

import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.write.Fmt;

/**
 * The emulation beside the real interpreter (issue 12): one number measured both ways, e.g.
 * gil-emulated's speedup at 2 workers and CPython 3.11 threads' at 2 workers, each over its own serial
 * baseline.
 *
 * <p>On equal terms (issue 18): both sides over their own serial baseline on their own task list, and where the
 * lists differ (CPython's prime-check runs the seed list ×1, the Java side ×5) as a fraction of each side's own
 * ideal. They <em>agree</em> only when both sides are decisive — each interval on at least {@link Rules#MIN_FORKS}
 * forks, not disturbed-only, no wider than {@link Rules#TOO_WIDE} — and the interval of emulated / CPython lies
 * wholly within {@link #AGREE_BAND} of 1; they <em>differ</em> when both are decisive and it lies wholly
 * outside; otherwise the run cannot tell (an interval wide enough to contain 1 is not agreement).
 *
 * @param lesson   the seed lesson (summary.json's "lesson")
 * @param cell     what was compared, in words: "prime-check, 2 workers: gil-emulated vs CPython 3.11 threads"
 * @param measure  the ratio both sides give: "speedup / own ideal", "time / one sleep" ...
 */
public record Fidelity(int lesson, String cell, String measure, Estimate emulated, Estimate cpython) {

    /** emulated / CPython with its interval. */
    public Estimate ratio() {
        return emulated.dividedBy(cpython);
    }

    /**
     * The same within ±20 %: CPython's own ratios on this 2-core machine are good to about ±20 % from run to run
     * (../shared/notes/gil.md, "noisy; ratios good to about ±20%"), so a closer match cannot be asked of the
     * emulation, and a 20 % difference is what a reader of the charts can just see.
     */
    public static final double AGREE_BAND = 1.2;

    /** Both sides' intervals can decide: on 2+ forks, not disturbed-only, no wider than {@link Rules#TOO_WIDE}. */
    public boolean decisive() {
        return Rules.undecidable(emulated, 1) == null && Rules.undecidable(cpython, 1) == null;
    }

    /** Both decisive, and emulated / CPython wholly within {@link #AGREE_BAND} of 1. */
    public boolean agree() {
        Estimate r = ratio();
        return decisive() && r.hasError() && r.low() >= 1 / AGREE_BAND && r.high() <= AGREE_BAND;
    }

    /** Both decisive, and emulated / CPython wholly outside {@link #AGREE_BAND}. */
    public boolean differ() {
        Estimate r = ratio();
        return decisive() && r.hasError() && (r.low() > AGREE_BAND || r.high() < 1 / AGREE_BAND);
    }

    /** When the two agree, in words, from {@link #AGREE_BAND} (the table's caption and the methods section). */
    public static String agreement() {
        return "both intervals decisive (on ≥ " + Rules.MIN_FORKS + " forks, not disturbed-only, no wider than "
                + Fmt.num(Rules.TOO_WIDE, 0) + "×) and emulated / CPython wholly within ±"
                + Math.round((AGREE_BAND - 1) * 100) + "% of 1; wholly outside = differ; else cannot tell";
    }

    /** The Markdown table of a lesson's comparisons, or "" for none. */
    public static String table(List<Fidelity> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("Fidelity: the emulation beside real CPython on this machine, each over its own"
                + " serial baseline on its own task list (agree = " + agreement() + ").\n\n"
                + "| cell | measure | emulated [95% CI] | CPython [95% CI] | emulated / CPython [95% CI] | agree |\n"
                + "|---|---|---:|---:|---:|---|\n");
        for (Fidelity f : rows) {
            Estimate r = f.ratio();
            t.append("| ").append(Fmt.cell(f.cell())).append(" | ").append(f.measure()).append(" | ")
                    .append(Fmt.ci(f.emulated())).append(" | ").append(Fmt.ci(f.cpython())).append(" | ")
                    .append(Fmt.ci(r)).append(" | ")
                    .append(f.agree() ? "yes" : f.differ() ? "**no**"
                            : !f.decisive() ? "cannot tell (an interval is not decisive)" : "cannot tell (straddles the band)")
                    .append(" |\n");
        }
        return t.append('\n').toString();
    }
}

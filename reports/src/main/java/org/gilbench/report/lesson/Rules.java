package org.gilbench.report.lesson;

import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.write.Fmt;

/**
 * The interval rules lessons share. Each returns a {@link Verdict} for the claim it names and a reason
 * in words, so the report can quote it.
 *
 * <p>Three guards hold for every rule here (issue 18): an interval must rest on at least {@link #MIN_FORKS}
 * independent forks of every cell behind it (operations of one JVM share its JIT decisions and its moment:
 * they are not independent, so a within-one-fork interval decides nothing); an interval resting on disturbed
 * attempts only decides nothing in <em>either</em> direction (other work on the cores can make a model look
 * flat as easily as it can hide a speedup); and a cell that failed or timed out is a result, not a hole:
 * the lesson says so and is {@link Verdict#NOT_MEASURED} ({@link #unfinished}), never confirmed from the
 * cells that did finish.
 */
public final class Rules {

    /**
     * An interval whose high / low exceeds this cannot tell 1x from 2x (the whole range on a 2-core
     * machine), so it decides nothing: too noisy.
     */
    public static final double TOO_WIDE = 2.0;

    /**
     * A verdict rests on at least 2 forks of every cell it reads: the fork is the independent unit (a fresh
     * JVM, its own JIT decisions and moment), and 2 is the fewest that give a between-fork spread at all.
     */
    public static final int MIN_FORKS = 2;

    /**
     * About one core, in {@code cpu.util} %: a model with one thread of control (a GIL, an event loop) must
     * stay wholly below this. CPython 3.11's threads on the prime list use 101–105 % here and the seed's 16
     * threads 101 % (../shared/notes/gil.md: "CPU ≈ 1.0 core", the emulation's prototype 1.00–1.03 cores); a
     * GIL whose waiter spins instead of parking burns a second core, ~195 %. 150 % is halfway between one
     * busy core and two.
     */
    public static final double ONE_CORE_PERCENT = 150;

    /** A verdict and the sentence that justifies it. */
    public record Outcome(Verdict verdict, String reason) {
        public boolean confirms() {
            return verdict == Verdict.CONFIRMS;
        }
    }

    private Rules() {
    }

    /**
     * Why {@code e} cannot decide anything, or null when it can: no interval, fewer than {@link #MIN_FORKS}
     * forks behind it, wider than {@link #TOO_WIDE} × {@code widthAllowance}, or disturbed attempts only.
     */
    public static String undecidable(Estimate e, double widthAllowance) {
        if (!e.hasError()) {
            return "no interval, so no verdict";
        }
        if (!e.restsOnForks(MIN_FORKS)) {
            return "it rests on fewer than " + MIN_FORKS + " independent forks of a cell (operations within one fork"
                    + " are not independent)";
        }
        if (e.fallback()) {
            return "it rests on disturbed attempts only, which decide nothing either way";
        }
        if (e.widthRatio() > TOO_WIDE * widthAllowance) {
            return "the interval spans more than " + Fmt.num(TOO_WIDE * widthAllowance, 0) + "× from end to end";
        }
        return null;
    }

    /**
     * Where a speedup interval lies against the geometric midpoint between 1x and the ideal, sqrt(ideal):
     * wholly below it is "flat" (no real scaling), wholly above it "scales". The midpoint splits the
     * distance fairly on the log scale speedups live on (on 2 cores: 1.41x).
     *
     * @param claimScales true when the lesson says the model should scale (lesson 2), false when it
     *                    says it should stay flat (lesson 1)
     */
    public static Outcome scaling(Estimate speedup, double ideal, boolean claimScales, String who) {
        double mid = Math.sqrt(Math.max(1, ideal));
        String shown = who + " " + Fmt.ci(speedup) + " (" + speedup.basis() + ") against the midpoint "
                + Fmt.num(mid, 2) + "× between 1× and the ideal " + Fmt.num(ideal, 2) + "×";
        if (!(ideal > 1)) {
            return new Outcome(Verdict.NOT_MEASURED, who + ": the ideal is 1× (one core or one task), so scaling cannot show");
        }
        String why = undecidable(speedup, 1);
        if (why != null) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": " + why);
        }
        boolean flat = speedup.high() < mid;
        boolean scales = speedup.low() > mid;
        if (!flat && !scales) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": the interval straddles the midpoint");
        }
        return new Outcome(claimScales == scales ? Verdict.CONFIRMS : Verdict.CONTRADICTS,
                shown + (scales ? ": wholly above it (scales)" : ": wholly below it (flat)"));
    }

    /**
     * Whether {@code value}'s interval lies wholly above {@code limit} ({@code claimAbove}: confirms) or wholly
     * below it, with the {@link #undecidable} guards; {@code yes} and {@code no} say what each side means.
     */
    public static Outcome bound(Estimate value, double limit, boolean claimAbove, String shown, String yes, String no) {
        return bound(value, limit, claimAbove, shown, yes, no, 1);
    }

    /** {@link #bound} with an interval allowed {@code widthAllowance} × {@link #TOO_WIDE} wide. */
    public static Outcome bound(Estimate value, double limit, boolean claimAbove, String shown, String yes, String no,
                                double widthAllowance) {
        String why = undecidable(value, widthAllowance);
        if (why != null) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": " + why);
        }
        boolean above = value.low() > limit;
        boolean below = value.high() < limit;
        if (!above && !below) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": the interval straddles " + Fmt.sig(limit));
        }
        boolean agrees = claimAbove == above;
        return new Outcome(agrees ? Verdict.CONFIRMS : Verdict.CONTRADICTS,
                shown + ": wholly " + (above ? "above " : "below ") + Fmt.sig(limit) + ", " + (agrees ? yes : no));
    }

    /**
     * A model with one thread of control uses about one core: its {@code cpu.util} interval wholly below
     * {@link #ONE_CORE_PERCENT} (confirms), wholly above (contradicts: it burns a second core).
     */
    public static Outcome oneCore(Estimate cpu, String who) {
        return bound(cpu, ONE_CORE_PERCENT, false, who + " used " + Fmt.ci(cpu) + " % CPU (" + cpu.basis() + ")",
                "about one core, as CPython's GIL threads (101–105 %)",
                "more than one core: its waiters do not wait parked (a spinning GIL) — CPython's GIL threads use"
                        + " 101–105 %");
    }

    /**
     * Whether a ratio's interval lies wholly inside [1 / band, band] (the same), wholly outside it
     * (different), or neither; too noisy under the {@link #undecidable} guards.
     */
    public static Verdict same(Estimate ratio, double band) {
        if (undecidable(ratio, 1) != null) {
            return Verdict.TOO_NOISY;
        }
        if (ratio.low() >= 1 / band && ratio.high() <= band) {
            return Verdict.CONFIRMS;
        }
        if (ratio.low() > band || ratio.high() < 1 / band) {
            return Verdict.CONTRADICTS;
        }
        return Verdict.TOO_NOISY;
    }

    /**
     * The outcome for cells of the models a lesson judges that failed or timed out: not measured, naming
     * them and their first error line. Never a confirmation from the cells that did finish, and not
     * "too-noisy" either: more forks of the finished cells cannot stand in for one that gave no answer.
     * Null when there are none.
     */
    public static Outcome unfinished(List<Evidence.Unfinished> cells) {
        if (cells.isEmpty()) {
            return null;
        }
        Evidence.Unfinished first = cells.get(0);
        return new Outcome(Verdict.NOT_MEASURED, first.describe() + (cells.size() > 1 ? " (and " + (cells.size() - 1)
                + " more)" : "") + ": a cell that gave no verified answer is a result, so this lesson is not measured"
                + " and never confirmed from the cells that did finish");
    }
}

package org.gilbench.report.lesson;

import org.gilbench.contract.Estimate;
import org.gilbench.report.write.Fmt;

/**
 * The interval rules lessons share. Each returns a {@link Verdict} for the claim it names and a reason
 * in words, so the report can quote it.
 */
public final class Rules {

    /**
     * An interval whose high / low exceeds this cannot tell 1x from 2x (the whole range on a 2-core
     * machine), so it decides nothing: too noisy.
     */
    public static final double TOO_WIDE = 2.0;

    /** A verdict and the sentence that justifies it. */
    public record Outcome(Verdict verdict, String reason) {
    }

    private Rules() {
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
        if (!speedup.hasError()) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": no interval, so no verdict");
        }
        if (speedup.widthRatio() > TOO_WIDE) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": the interval spans more than " + Fmt.num(TOO_WIDE, 0)
                    + "× from end to end");
        }
        boolean flat = speedup.high() < mid;
        boolean scales = speedup.low() > mid;
        if (!flat && !scales) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": the interval straddles the midpoint");
        }
        boolean agrees = claimScales == scales;
        if (agrees && speedup.fallback()) {
            return new Outcome(Verdict.TOO_NOISY, shown + ": would confirm, but rests on disturbed attempts only");
        }
        return new Outcome(agrees ? Verdict.CONFIRMS : Verdict.CONTRADICTS,
                shown + (scales ? ": wholly above it (scales)" : ": wholly below it (flat)"));
    }

    /**
     * Whether a ratio's interval lies wholly inside [1 / band, band] (the same), wholly outside it
     * (different), or neither.
     */
    public static Verdict same(Estimate ratio, double band) {
        if (!ratio.hasError() || ratio.widthRatio() > TOO_WIDE) {
            return Verdict.TOO_NOISY;
        }
        if (ratio.low() >= 1 / band && ratio.high() <= band) {
            return ratio.fallback() ? Verdict.TOO_NOISY : Verdict.CONFIRMS;
        }
        if (ratio.low() > band || ratio.high() < 1 / band) {
            return Verdict.CONTRADICTS;
        }
        return Verdict.TOO_NOISY;
    }
}

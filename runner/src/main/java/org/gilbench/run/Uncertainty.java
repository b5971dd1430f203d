package org.gilbench.run;

import java.util.ArrayList;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How sure a cell's result is after its rounds, and which cells get extra forks first.
 *
 * <p>The interval: the fork scores' median with a distribution-free interval from order statistics (the
 * k-th smallest and largest scores, k from the binomial distribution; with 5 forks or fewer that is
 * [min, max]). A cell is unsure when that interval is wider than {@link #MAX_RELATIVE_WIDTH} of the median,
 * or when its operations fall into two clusters: sorted, two neighbours lie more than {@link #MAX_GAP} of
 * the median apart (e.g. one 4,877 ms operation among ~85 ms ones; 1,599 ms among ~800 ms ones).
 *
 * @param forks   undisturbed forks with a score (disturbed ones count only when there is nothing else)
 * @param width   interval width / median
 * @param gap     the largest gap between neighbouring sorted operations / median
 */
record Uncertainty(String id, int forks, double median, double width, double gap) {

    /** ±5 % around the median: two runs whose headline ratios must agree within ±7 % need at least that. */
    static final double MAX_RELATIVE_WIDTH = 0.10;
    /** Two clusters: a jump of 35 % of the median between neighbouring operations. */
    static final double MAX_GAP = 0.35;
    /** The interval's confidence where enough forks exist for order statistics to reach it. */
    static final double CONFIDENCE = 0.90;
    /** Extra forks per cell at most: a cell that stays bimodal must not eat the whole budget. */
    static final int MAX_EXTRA_FORKS = 3;

    boolean unsure() {
        return forks < 2 || width > MAX_RELATIVE_WIDTH || gap > MAX_GAP;
    }

    /** How far past the thresholds; cells with fewer than 2 forks first. */
    double priority() {
        return forks < 2 ? Double.MAX_VALUE : Math.max(width / MAX_RELATIVE_WIDTH, gap / MAX_GAP);
    }

    /** The cell's uncertainty from its attempts, or null when it has no score (all failed or timed out). */
    static Uncertainty of(String id, List<Attempt> attempts) {
        List<Attempt> scored = attempts.stream()
                .filter(a -> a.score() != null && a.is(AttemptStatus.OK)).toList();
        if (scored.isEmpty()) {
            scored = attempts.stream().filter(a -> a.score() != null).toList();
        }
        if (scored.isEmpty()) {
            return null;
        }
        List<Double> scores = scored.stream().map(Attempt::score).sorted().toList();
        List<Double> ops = new ArrayList<>();
        scored.forEach(a -> ops.addAll(a.operations() == null ? List.of(a.score()) : a.operations()));
        ops.sort(null);
        double median = median(scores);
        if (median <= 0) {
            return new Uncertainty(id, scores.size(), median, 0, 0);
        }
        double[] interval = medianInterval(scores, CONFIDENCE);
        double gap = 0;
        for (int i = 1; i < ops.size(); i++) {
            gap = Math.max(gap, ops.get(i) - ops.get(i - 1));
        }
        return new Uncertainty(id, scores.size(), median, (interval[1] - interval[0]) / median, gap / median(ops));
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * [x(k), x(n+1-k)] (1-based order statistics) with the largest k whose coverage 1 - 2 P(Bin(n, 1/2) < k)
     * is still at least the confidence; [min, max] when no k reaches it.
     */
    static double[] medianInterval(List<Double> sorted, double confidence) {
        int n = sorted.size();
        int best = 1;
        double below = 0; // P(Bin(n, 1/2) <= k - 1)
        for (int k = 1; k <= n / 2; k++) {
            below += binomialHalf(n, k - 1);
            if (1 - 2 * below >= confidence) {
                best = k;
            } else {
                break;
            }
        }
        return new double[] {sorted.get(best - 1), sorted.get(n - best)};
    }

    private static double binomialHalf(int n, int k) {
        double c = 1;
        for (int i = 0; i < k; i++) {
            c = c * (n - i) / (i + 1);
        }
        return c * Math.pow(0.5, n);
    }

    /**
     * The cells to measure again, most uncertain first: unsure, with fewer than {@link #MAX_EXTRA_FORKS}
     * extra forks so far, and not a cell that only ever timed out (it would again).
     */
    static List<Uncertainty> queue(List<Cell> cells, Function<String, List<Attempt>> attempts,
                                   Map<String, Integer> extrasSoFar) {
        List<Uncertainty> out = new ArrayList<>();
        for (Cell c : cells) {
            if (extrasSoFar.getOrDefault(c.id(), 0) >= MAX_EXTRA_FORKS) {
                continue;
            }
            Uncertainty u = of(c.id(), attempts.apply(c.id()));
            if (u != null && u.unsure()) {
                out.add(u);
            }
        }
        out.sort(Comparator.comparingDouble(Uncertainty::priority).reversed().thenComparing(Uncertainty::id));
        return out;
    }
}

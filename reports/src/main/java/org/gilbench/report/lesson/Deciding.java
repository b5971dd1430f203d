package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.contract.Estimate;
import org.gilbench.report.read.Measurement;

/**
 * The shared policy of {@link Lesson#deciding}: which of the cells behind an undecided verdict the runner
 * should give extra forks, most decisive first.
 *
 * <ol>
 *   <li>Cells with fewer than {@link Rules#MIN_FORKS} forks first: no verdict may rest on them at all, so
 *       until they have two, more forks elsewhere cannot decide anything.</li>
 *   <li>Then by their share of the deciding interval: the variance of the cell's log mean over its forks
 *       ({@link Estimate#logVar()}, s² / n), largest first. A ratio's log variance is the sum of its two cells',
 *       so the wider cell is the one whose next fork narrows the ratio most.</li>
 *   <li>Disturbed-only cells are listed (a fresh, quiet fork is what they need); cells that failed or timed
 *       out are never listed: more forks of a wrong answer do not make it right.</li>
 * </ol>
 */
final class Deciding {

    private Deciding() {
    }

    /** The keys of {@code cells} in the order above, without repeats and without unfinished cells. */
    static List<String> order(Evidence e, List<Measurement> cells) {
        Map<String, Estimate> byKey = new LinkedHashMap<>();
        for (Measurement m : cells) {
            if (m != null) {
                byKey.putIfAbsent(Evidence.key(m), Estimate.of(m.time()));
            }
        }
        List<Map.Entry<String, Estimate>> entries = new ArrayList<>(byKey.entrySet());
        entries.removeIf(x -> e.folder().cells().failedOrTimedOut(x.getKey()));
        entries.sort(Comparator.<Map.Entry<String, Estimate>>comparingInt(x -> x.getValue().forks() >= Rules.MIN_FORKS ? 1 : 0)
                .thenComparing(x -> -share(x.getValue())));
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    /**
     * {@link #order} of {@code cells}, but only while the verdict {@code decide} writes is too-noisy: the shape
     * of every lesson's {@link Lesson#deciding} (a decided lesson lists nothing).
     */
    static List<String> whileTooNoisy(Evidence e, java.util.function.Consumer<Section> decide,
                                      java.util.function.Supplier<List<Measurement>> cells) {
        Section s = new Section();
        decide.accept(s);
        return s.verdict() == Verdict.TOO_NOISY ? order(e, cells.get()) : List.of();
    }

    /** A cell's share of a ratio's log variance; unknown (no fork statistics) counts as the largest. */
    private static double share(Estimate e) {
        double v = e.logVar();
        return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
    }
}

package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.contract.Metric;
import org.gilbench.report.read.Cells;
import org.gilbench.report.read.Measurement;

/**
 * What the process lessons (issue 21) share: finding a cell by its benchmark and params, its failed
 * attempts, the per-operation values of a secondary metric (the exact answers: counts, waves), and the
 * verdict rules' preconditions (two forks, not disturbed-only, no failed cell).
 */
final class ProcessCells {

    /** A verdict confirms only on cells measured in at least this many forks (issue 18). */
    static final int MIN_FORKS = 2;

    private ProcessCells() {
    }

    /** The measured cell of {@code shortName} whose params include every {@code name, value} pair. */
    static Optional<Measurement> cell(Evidence e, String shortName, String... nameValue) {
        return e.benchmark(shortName).stream().filter(m -> matches(m.params(), nameValue)).findFirst();
    }

    /** The failed cells (every attempt failed or timed out) of {@code shortName} matching the pairs, as "params: error". */
    static List<String> failed(Evidence e, String shortName, String... nameValue) {
        List<String> out = new ArrayList<>();
        for (Cells.Failed f : e.folder().cells().failed()) {
            if (f.benchmark().endsWith("." + shortName) && matches(f.params(), nameValue)) {
                out.add(shortName + " " + f.params() + " failed: " + f.message());
            }
        }
        for (Cells.Timeout t : e.folder().cells().timeouts()) {
            if (t.benchmark().endsWith("." + shortName) && matches(t.params(), nameValue)) {
                out.add(shortName + " " + t.params() + " did not finish within " + t.limitSeconds() + " s");
            }
        }
        return out;
    }

    private static boolean matches(Map<String, String> params, String... nameValue) {
        for (int i = 0; i + 1 < nameValue.length; i += 2) {
            if (!nameValue[i + 1].equals(params.get(nameValue[i]))) {
                return false;
            }
        }
        return true;
    }

    /** Every operation's value of a secondary metric (rawData: one per operation), empty when not recorded. */
    static double[] values(Measurement m, String label) {
        Metric metric = m.secondary().get(label);
        return metric == null ? new double[0] : metric.allValues();
    }

    /** Whether every operation recorded {@code label} and each equals {@code expected}. */
    static boolean every(Measurement m, String label, double expected) {
        double[] v = values(m, label);
        return v.length > 0 && Arrays.stream(v).allMatch(x -> x == expected);
    }

    /** The distinct values of {@code label} over the operations, for the tables ("50", "49, 50"). */
    static String distinct(Measurement m, String label) {
        double[] v = values(m, label);
        if (v.length == 0) {
            return "–";
        }
        return String.join(", ", Arrays.stream(v).distinct().sorted().mapToObj(x -> x == Math.rint(x)
                ? String.valueOf((long) x) : String.valueOf(x)).toList());
    }

    /** The cell's time (ms per operation) with its interval over forks (or within one fork, marked so). */
    static Estimate time(Measurement m) {
        return Estimate.of(m.time());
    }

    /** Forks of the cell (rounds and extra forks: the independent unit). */
    static int forks(Measurement m) {
        return m.time().raw().length;
    }

    /**
     * Why the cells cannot confirm a verdict, or empty: fewer than {@link #MIN_FORKS} forks, or disturbed
     * attempts only.
     */
    static Optional<String> cannotConfirm(List<Measurement> cells) {
        for (Measurement m : cells) {
            if (forks(m) < MIN_FORKS) {
                return Optional.of(m.describe() + " rests on " + forks(m) + " fork(s), fewer than " + MIN_FORKS);
            }
            if (m.time().disturbed()) {
                return Optional.of(m.describe() + " rests on disturbed attempts only");
            }
        }
        return Optional.empty();
    }
}

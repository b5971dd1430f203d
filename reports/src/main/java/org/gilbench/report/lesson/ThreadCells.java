package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.contract.Metric;
import org.gilbench.report.read.Cells;
import org.gilbench.report.read.Measurement;

/** What issue 22's lessons read from their cells: a cell by params, its forks, per-operation counters, failures. */
final class ThreadCells {

    private ThreadCells() {
    }

    /** The first cell whose params include every pair of {@code subset}. */
    static Optional<Measurement> find(List<Measurement> cells, Map<String, String> subset) {
        return cells.stream().filter(m -> subset.entrySet().stream()
                .allMatch(e -> e.getValue().equals(m.params().get(e.getKey())))).findFirst();
    }

    /** Independent forks behind a metric: rawData lists with at least one value. */
    static int forks(Metric m) {
        int n = 0;
        for (double[] f : m.raw()) {
            if (f.length > 0) {
                n++;
            }
        }
        return n;
    }

    /** Every per-operation value of a secondary metric (JMH sums EVENTS counters per iteration: one op each). */
    static double[] values(Measurement m, String secondary) {
        Metric metric = m.secondary().get(secondary);
        return metric == null ? new double[0] : metric.allValues();
    }

    /** The smallest operation time of a cell, ms (NaN without raw data). */
    static double fastest(Measurement m) {
        double min = Double.NaN;
        for (double v : m.time().allValues()) {
            min = Double.isNaN(min) || v < min ? v : min;
        }
        return min;
    }

    /** The cells of these benchmarks (simple "Class.method" names) that failed or timed out, as one line each. */
    static List<String> failed(Evidence e, String... shortNames) {
        List<String> out = new ArrayList<>();
        Cells cells = e.folder().cells();
        for (String name : shortNames) {
            for (Cells.Failed f : cells.failed()) {
                if (f.benchmark().endsWith("." + name)) {
                    out.add(name + " " + f.params() + " failed: " + f.message());
                }
            }
            for (Cells.Timeout t : cells.timeouts()) {
                if (t.benchmark().endsWith("." + name)) {
                    out.add(name + " " + t.params() + " timed out after " + Math.round(t.limitSeconds()) + " s");
                }
            }
        }
        return out;
    }

    /** "1.02× [0.98, 1.07]". */
    static String ratio(Estimate r) {
        return org.gilbench.report.write.Fmt.ci(r) + "×";
    }
}

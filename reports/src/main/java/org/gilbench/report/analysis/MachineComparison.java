package org.gilbench.report.analysis;

import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ResultsFolder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The same benchmark cells measured on two machines (or two runs): the time ratio other / reference
 * with its confidence interval, and Welch's t-test on per-fork means.
 *
 * <p>Forks are the independent unit: iterations inside one JVM share its JIT decisions and memory
 * layout, so pooling them overstates the evidence (../shared/notes/charts-and-stats.md: 51% coverage of
 * a nominal 95% interval when pooled, 96% with per-fork means). With fewer than 2 forks on either side
 * there is no test; the ratio's interval then comes from JMH's iteration errors and is marked as such.
 */
public final class MachineComparison {

    /** Below this p-value a difference is called significant. */
    public static final double ALPHA = 0.05;

    /** One cell present in both folders. */
    public record Row(String workload, String cell, Series series, int workers, Estimate reference, Estimate other,
               Estimate ratio, double pValue, String verdict) {
    }

    /** Reference folder vs one other folder: the rows and the cells found in only one of them. */
    public record Pair(ResultsFolder reference, ResultsFolder other, List<Row> rows, List<String> onlyInOne) {
    }

    private MachineComparison() {
    }

    public static Pair compare(ResultsFolder reference, ResultsFolder other) {
        Map<String, Measurement> ref = index(reference);
        Map<String, Measurement> oth = index(other);
        List<Row> rows = new ArrayList<>();
        List<String> onlyInOne = new ArrayList<>();
        for (Map.Entry<String, Measurement> e : ref.entrySet()) {
            Measurement b = oth.get(e.getKey());
            if (b == null) {
                onlyInOne.add(e.getValue().describe() + ": only in " + reference.dir().getFileName());
                continue;
            }
            rows.add(row(e.getValue(), b));
        }
        for (Map.Entry<String, Measurement> e : oth.entrySet()) {
            if (!ref.containsKey(e.getKey())) {
                onlyInOne.add(e.getValue().describe() + ": only in " + other.dir().getFileName());
            }
        }
        return new Pair(reference, other, rows, onlyInOne);
    }

    public static Row row(Measurement a, Measurement b) {
        double[] forksA = a.time().forkMeans();
        double[] forksB = b.time().forkMeans();
        Estimate ea;
        Estimate eb;
        double p = Double.NaN;
        String verdict;
        if (forksA.length >= 2 && forksB.length >= 2 && finite(forksA) && finite(forksB)) {
            ea = forkEstimate(forksA);
            eb = forkEstimate(forksB);
            if (StatUtils.variance(forksA) == 0 && StatUtils.variance(forksB) == 0) {
                verdict = forksA[0] == forksB[0] ? "not significant" : "significant (no variance)";
            } else {
                p = new TTest().tTest(forksA, forksB);
                verdict = p < ALPHA ? "significant" : "not significant";
            }
        } else {
            ea = Estimate.of(a.time());
            eb = Estimate.of(b.time());
            verdict = "untested (fewer than 2 forks; interval from iterations)";
        }
        Estimate ratio = eb.dividedBy(ea);
        String cell = Workloads.view(a, java.util.Set.of()) + workersLabel(a);
        return new Row(Workloads.of(a), cell, Series.of(a), a.workers(), ea, eb, ratio, p, verdict);
    }

    private static String workersLabel(Measurement m) {
        return m.params().containsKey("workers") ? " workers=" + m.workers() : "";
    }

    /** Mean of the fork means with its standard error, df = forks - 1. */
    public static Estimate forkEstimate(double[] forkMeans) {
        double mean = StatUtils.mean(forkMeans);
        double se = Math.sqrt(StatUtils.variance(forkMeans) / forkMeans.length);
        return Estimate.symmetric(mean, se, forkMeans.length - 1, "95% CI over " + forkMeans.length + " forks (means)");
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Measurement> index(ResultsFolder folder) {
        Map<String, Measurement> map = new LinkedHashMap<>();
        for (Measurement m : folder.measurements()) {
            map.putIfAbsent(m.benchmark() + " " + m.params(), m);
        }
        return map;
    }
}

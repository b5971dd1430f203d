package org.gilbench.report.analysis;

import org.gilbench.contract.Estimate;
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
               Estimate ratio, double pValue, double pHolm, String verdict) {

        Row withHolm(double adjusted) {
            String v = verdict;
            if (Double.isFinite(adjusted)) {
                v = (adjusted < ALPHA ? "significant" : "not significant") + (verdict.contains("within one fork")
                        ? " (within one fork)" : "");
            }
            return new Row(workload, cell, series, workers, reference, other, ratio, pValue, adjusted, v);
        }
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
        return new Pair(reference, other, holm(rows), onlyInOne);
    }

    /**
     * Holm's step-down correction over every tested cell of one comparison: dozens of cells tested at
     * 5% each would otherwise call one or two "significant" by chance. adjusted p(i) = max over j <= i
     * of min(1, (m - j + 1) p(j)), p sorted ascending.
     */
    public static List<Row> holm(List<Row> rows) {
        List<Integer> tested = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (Double.isFinite(rows.get(i).pValue())) {
                tested.add(i);
            }
        }
        tested.sort(java.util.Comparator.comparingDouble(i -> rows.get(i).pValue()));
        List<Row> out = new ArrayList<>(rows);
        double running = 0;
        int m = tested.size();
        for (int k = 0; k < m; k++) {
            int i = tested.get(k);
            running = Math.max(running, Math.min(1, (m - k) * rows.get(i).pValue()));
            out.set(i, rows.get(i).withHolm(running));
        }
        return out;
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
            verdict = "within one fork";
        }
        Estimate ratio = eb.dividedBy(ea);
        if (Double.isNaN(p) && ratio.hasError() && ratio.se() > 0 && verdict.equals("within one fork")) {
            // One fork: a z test on the log ratio from the within-fork intervals (optimistic: the
            // operations of one JVM are not independent, and the verdict says where it came from).
            double z = Math.log(ratio.value()) / ((Math.log(ratio.high()) - Math.log(ratio.low())) / (2 * 1.959964));
            p = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(Math.abs(z)));
        } else if (Double.isNaN(p) && verdict.equals("within one fork")) {
            verdict = "untested (no interval)";
        }
        String cell = Workloads.view(a, java.util.Set.of()) + workersLabel(a);
        return new Row(Workloads.of(a), cell, Series.of(a), a.workers(), ea, eb, ratio, p, p, verdict);
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

package org.gilbench.report;

import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.IoAnalysis;
import org.gilbench.report.analysis.LoadBalance;
import org.gilbench.report.analysis.MachineComparison;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.ScalingFit;
import org.gilbench.report.analysis.Series;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.Measurement;
import org.gilbench.contract.Metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The numbers the report prints, checked against values computed by hand (or with R/scipy). */
class AnalysisTest {

    /** t(0.9995, 3) = 12.923979 (scipy.stats.t.ppf): JMH's factor for 4 samples. */
    private static final double T_9995_3 = 12.923978636687961;

    static Metric metric(double score, double error, long samples) {
        return new Metric(score, error, "ms/op", new double[0][], samples);
    }

    @Test
    void withoutRawDataJmhsErrorIsRescaledTo95Percent() {
        Estimate e = Estimate.of(metric(100, 2 * T_9995_3, 4));
        // se = 2 (JMH's t factor undone); 95% half-width = t(0.975, 3) x 2 = 3.182446 x 2
        assertEquals(2.0, e.se(), 1e-9);
        assertEquals(100 - 6.364892, e.low(), 1e-5);
        assertEquals(100 + 6.364892, e.high(), 1e-5);
        assertEquals("JMH's error", e.basis());
    }

    @Test
    void medianOfOneForkWithAnIntervalFromItsOperations() {
        Estimate e = Estimate.of(new Metric(14, Double.NaN, "ms/op", new double[][] {{10, 11, 12, 10.5, 11.5}}, 5));
        assertEquals(11.0, e.value(), 0);
        assertEquals("within one fork (5 operations)", e.basis());
        assertTrue(e.low() < 11 && e.high() > 11 && e.low() > 9.5 && e.high() < 12.5, e.toString());
        Estimate none = Estimate.of(new Metric(11, Double.NaN, "ms/op", new double[][] {{11}}, 1));
        assertFalse(none.hasError());
        assertTrue(Double.isNaN(none.halfWidth()));
    }

    @Test
    void forksAreTheUnitWhenThereAreSeveral() {
        Estimate e = Estimate.of(new Metric(0, Double.NaN, "ms/op", new double[][] {{10, 10}, {11, 11}, {9, 9}}, 6));
        assertEquals("95% CI over 3 forks", e.basis());
        assertEquals(10.0, e.value(), 0);
        // logs of 10, 11, 9: a t interval with 2 df around their geometric mean 9.967
        double[] logs = {Math.log(10), Math.log(11), Math.log(9)};
        double mean = (logs[0] + logs[1] + logs[2]) / 3;
        double sd = Math.sqrt(((logs[0] - mean) * (logs[0] - mean) + (logs[1] - mean) * (logs[1] - mean)
                + (logs[2] - mean) * (logs[2] - mean)) / 2);
        assertEquals(Math.exp(mean - 4.302653 * sd / Math.sqrt(3)), e.low(), 1e-4);
    }

    @Test
    void outliersAndTwoClustersAreCountedNotAveragedIn() {
        Estimate outlier = Estimate.of(new Metric(0, Double.NaN, "ms/op", new double[][] {{1000, 1050, 33000}}, 3));
        assertEquals(1050, outlier.value(), 0);
        assertEquals(1, outlier.shape().outliers());
        Estimate clusters = Estimate.of(new Metric(0, Double.NaN, "ms/op",
                new double[][] {{100, 101, 102, 200, 201, 203}}, 6));
        assertTrue(clusters.shape().twoClusters());
        Estimate regular = Estimate.of(new Metric(0, Double.NaN, "ms/op", new double[][] {{100, 101, 102, 104}}, 4));
        assertFalse(regular.shape().irregular());
    }

    @Test
    void ratiosGetLogSpaceIntervals() {
        Estimate a = new Estimate(100, 100 / 1.1, 110, 1, "x", Estimate.Shape.NONE, false);
        Estimate b = new Estimate(50, 50 / 1.1, 55, 1, "x", Estimate.Shape.NONE, false);
        Estimate r = a.dividedBy(b);
        assertEquals(2.0, r.value(), 1e-12);
        // symmetric in log around 2, and log variances add: high / low = 1.1^(2 sqrt 2)
        assertEquals(4.0, r.low() * r.high(), 1e-9);
        assertEquals(Math.pow(1.1, 2 * Math.sqrt(2)), r.high() / r.low(), 1e-9);
        assertFalse(a.dividedBy(Estimate.none(50, "none")).hasError());
    }

    @Test
    void theIdealIsTheMakespanOfTheRealTaskList() {
        // 4 equal tasks on 3 workers take 2 rounds: 2x, not 3x; 8 chunks on 6 workers: 4x.
        assertEquals(2.0, new LoadBalance.Bound(4, "4 tasks").ideal(3), 1e-12);
        assertEquals(4.0, new LoadBalance.Bound(8, "8 chunks").ideal(6), 1e-12);
        assertEquals(1.0, new LoadBalance.Bound(8, "8 chunks").ideal(1), 1e-12);
        // In submission order to the first free worker: {3, 1, 1, 1} on 2 workers ends at 3, {1, 1, 1, 3} at 4.
        assertEquals(3.0, LoadBalance.makespan(new double[] {3, 1, 1, 1}, 2), 1e-12);
        assertEquals(4.0, LoadBalance.makespan(new double[] {1, 1, 1, 3}, 2), 1e-12);
    }

    @Test
    void amdahlFitRecoversAKnownParallelFraction() {
        double[] n = {1, 2, 4, 8};
        double[] s = new double[n.length];
        double[] se = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            s[i] = ScalingFit.amdahl(0.9, n[i]);
            se[i] = 0.01;
        }
        ScalingFit fit = ScalingFit.fit(ScalingFit.Law.AMDAHL, n, s, se);
        assertNotNull(fit);
        assertEquals(0.9, fit.params()[0], 1e-6);
        assertEquals(0, fit.chi2(), 1e-6);
        assertEquals(2, fit.dof());  // 4 points, p and T1 fitted
        assertEquals(1.0, fit.scale(), 1e-6);
        assertTrue(fit.errors()[0] > 0 && fit.errors()[0] < 0.05, "se " + fit.errors()[0]);
    }

    @Test
    void t1IsFreeSoAStartUpCostIsNotAMisfit() {
        // A model whose one worker is 25% slower than serial (a pipe, a child JVM), then Amdahl p = 0.9.
        double[] n = {1, 2, 4, 8};
        double[] s = new double[n.length];
        double[] se = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            s[i] = 0.8 * ScalingFit.amdahl(0.9, n[i]);
            se[i] = 0.01;
        }
        ScalingFit fit = ScalingFit.fit(ScalingFit.Law.AMDAHL, n, s, se);
        assertEquals(0.9, fit.params()[0], 1e-6);
        assertEquals(0.8, fit.scale(), 1e-6);
        assertEquals(0, fit.chi2(), 1e-6);
        assertEquals(0.8 * ScalingFit.amdahl(0.9, 16), fit.predict(16), 1e-9);
    }

    @Test
    void uslFitRecoversContentionAndCoherency() {
        double[] n = {1, 2, 4, 8, 16, 32};
        double[] s = new double[n.length];
        double[] se = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            s[i] = ScalingFit.usl(0.05, 0.001, n[i]);
            se[i] = 0.02 * s[i];
        }
        ScalingFit fit = ScalingFit.fit(ScalingFit.Law.USL, n, s, se);
        assertNotNull(fit);
        assertEquals(0.05, fit.params()[0], 1e-6);
        assertEquals(0.001, fit.params()[1], 1e-7);
        assertEquals(Math.sqrt(0.95 / 0.001), fit.peak(), 1e-3);
        assertEquals("contention", fit.dominantLimit(8));   // 0.35 vs 0.056
        assertEquals("coherency", fit.dominantLimit(64));   // 3.15 vs 4.03
    }

    @Test
    void primeListLoadBalanceBoundFromDivisionCounts() {
        // Seed list x 5: 283,616,490 divisions in all, the largest task (115797848077099) 10,760,939;
        // each task also counts one unit of fixed cost.
        Measurement m = measurement("prime-check", "serial", 1);
        LoadBalance.Bound seed = LoadBalance.of(m, Workloads.PRIME_CHECK);
        assertEquals((283_616_490.0 + 65) / (10_760_939.0 + 1), seed.value(), 1e-9);
        // Scheduled in submission order (issue 11's numbers): ~1.95x on 2 workers, 6.6x on 8, 8.9x on 12.
        assertEquals(1.95, seed.ideal(2), 0.01);
        assertEquals(6.6, seed.ideal(8), 0.05);
        assertEquals(8.9, seed.ideal(12), 0.05);
        assertEquals(3_306_090, LoadBalance.divisions(1099726899285419L, false), 0);
        TreeMap<String, String> odd = new TreeMap<>(m.params());
        odd.put("variant", "odd-only");
        Measurement oddOnly = new Measurement(m.file(), m.benchmark(), m.mode(), odd, m.time(), m.secondary());
        LoadBalance.Bound odd6 = LoadBalance.of(oddOnly, Workloads.PRIME_CHECK);
        assertEquals((28_303_062.0 + 6) / (5_380_469.0 + 1), odd6.value(), 1e-9);
        assertEquals(2.65, odd6.ideal(4), 0.01);
    }

    @Test
    void speedupEfficiencyAndIdealPerPoint() {
        List<Measurement> ms = List.of(
                timed("serial", 1, 100, 2 * T_9995_3),
                timed("thread-pool", 1, 100, 2 * T_9995_3),
                timed("thread-pool", 2, 50, T_9995_3),
                timed("thread-pool", 4, 50, T_9995_3));
        ScalingAnalysis a = ScalingAnalysis.of(ms, 2);
        ScalingAnalysis.Curve pool = a.curves().stream().filter(c -> c.series().model().equals("thread-pool"))
                .findFirst().orElseThrow();
        ScalingAnalysis.Point two = pool.points().get(1);
        assertEquals(2.0, two.speedup().value(), 1e-12);
        assertEquals(1.0, two.efficiency().value(), 1e-12);
        // The seed prime list's real tasks on 2 workers: 1.95x, not 2x (load balance).
        assertEquals(1.95, two.ideal(), 0.01);
        assertEquals(ScalingAnalysis.Limiter.LOAD_BALANCE, two.limiter());
        ScalingAnalysis.Point four = pool.points().get(2);
        assertEquals(0.5, four.efficiency().value(), 1e-12);
        assertEquals(ScalingAnalysis.Limiter.LOAD_BALANCE, four.limiter());  // 1.95 on 2 cores
        // workers 1 and 2 only fit under 2 cores: no fit, and the note says why.
        assertNull(pool.amdahl());
        assertNull(pool.usl());
        assertTrue(pool.fitNote().startsWith("not fitted: only 2 worker count(s) <= 2 cores"), pool.fitNote());
    }

    @Test
    void missingSerialBaselineIsAWarningNotAGuess() {
        ScalingAnalysis a = ScalingAnalysis.of(List.of(timed("thread-pool", 2, 50, 1)), 2);
        assertTrue(a.curves().isEmpty());
        assertTrue(a.warnings().get(0).contains("no serial baseline"), a.warnings().toString());
    }

    @Test
    void machineComparisonOnForkMeans() {
        Metric a = new Metric(10, 1, "ms/op", new double[][] {{10, 10}, {11, 11}, {9, 9}}, 6);
        Metric b = new Metric(20, 1, "ms/op", new double[][] {{20, 20}, {21, 21}, {19, 19}}, 6);
        Measurement ma = new Measurement(Path.of("a.json"), "x.PrimeCheckBench.run", "avgt", params("thread-pool", 2), a, Map.of());
        Measurement mb = new Measurement(Path.of("b.json"), "x.PrimeCheckBench.run", "avgt", params("thread-pool", 2), b, Map.of());
        MachineComparison.Row row = MachineComparison.row(ma, mb);
        assertEquals(2.0, row.ratio().value(), 1e-12);
        // Fork means 10, 11, 9 vs 20, 21, 19: Welch t = 10 / sqrt(2/3) = 12.25, df 4: p = 0.000255
        assertEquals(2.5535e-4, row.pValue(), 2e-6);
        assertEquals("significant", row.verdict());
        Measurement mc = new Measurement(Path.of("c.json"), "x.PrimeCheckBench.run", "avgt", params("thread-pool", 2),
                new Metric(10.5, 1, "ms/op", new double[][] {{10.5}, {9.5}, {11.5}}, 3), Map.of());
        assertEquals("not significant", MachineComparison.row(ma, mc).verdict());
    }

    @Test
    void holmCorrectsAcrossCells() {
        // p = 0.01, 0.04, 0.03: Holm gives 0.03, 0.06, 0.06 (step-down, monotone): only the first stays.
        List<MachineComparison.Row> rows = new java.util.ArrayList<>();
        for (double p : new double[] {0.01, 0.04, 0.03}) {
            rows.add(new MachineComparison.Row("w", "c", new Series("serial", ""), 1, null, null, null, p, p,
                    p < 0.05 ? "significant" : "not significant"));
        }
        List<MachineComparison.Row> adjusted = MachineComparison.holm(rows);
        assertEquals(0.03, adjusted.get(0).pHolm(), 1e-12);
        assertEquals(0.06, adjusted.get(1).pHolm(), 1e-12);
        assertEquals(0.06, adjusted.get(2).pHolm(), 1e-12);
        assertEquals("significant", adjusted.get(0).verdict());
        assertEquals("not significant", adjusted.get(2).verdict());
    }

    static TreeMap<String, String> params(String model, int workers) {
        TreeMap<String, String> p = new TreeMap<>();
        p.put("model", model);
        p.put("workers", Integer.toString(workers));
        p.put("options", "");
        return p;
    }

    static Measurement timed(String model, int workers, double ms, double error) {
        return new Measurement(Path.of("prime-check.json"), "org.gilbench.bench.PrimeCheckBench.run", "avgt",
                params(model, workers), metric(ms, error, 4), Map.of());
    }

    static Measurement measurement(String workload, String model, int workers) {
        return timed(model, workers, 100, 1);
    }
}

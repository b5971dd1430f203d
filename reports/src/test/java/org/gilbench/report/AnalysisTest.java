package org.gilbench.report;

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
    void standardErrorUndoesJmhsStudentFactor() {
        Estimate e = Estimate.of(metric(100, 2 * T_9995_3, 4));
        assertEquals(2.0, e.se(), 1e-9);
        assertEquals(3.0, e.df(), 0);
    }

    @Test
    void nanErrorFallsBackToRawDataOrStaysUnknown() {
        Estimate fromRaw = Estimate.of(new Metric(11, Double.NaN, "ms/op", new double[][] {{10, 12}}, 2));
        assertEquals(1.0, fromRaw.se(), 1e-12);  // sd = sqrt(2), se = sd / sqrt(2)
        Estimate none = Estimate.of(new Metric(11, Double.NaN, "ms/op", new double[][] {{11}}, 1));
        assertTrue(Double.isNaN(none.se()));
        assertTrue(Double.isNaN(none.halfWidth()));
    }

    @Test
    void ratioByDeltaMethodWithWelchSatterthwaiteDf() {
        Estimate serial = new Estimate(100, 2, 3);
        Estimate parallel = new Estimate(50, 1, 3);
        Estimate speedup = serial.dividedBy(parallel);
        // relative variances 0.02^2 each: se = 2 * sqrt(0.0008); df = 0.0008^2 / (2 * 0.0004^2 / 3) = 6
        assertEquals(2.0, speedup.value(), 1e-12);
        assertEquals(2 * Math.sqrt(0.0008), speedup.se(), 1e-12);
        assertEquals(6.0, speedup.df(), 1e-9);
        // 95% half-width with t(0.975, 6) = 2.446912
        assertEquals(2.4469118511449786 * 2 * Math.sqrt(0.0008), speedup.halfWidth(), 1e-9);
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
        assertEquals(3, fit.dof());
        assertTrue(fit.errors()[0] > 0 && fit.errors()[0] < 0.01, "se " + fit.errors()[0]);
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
        // Seed list x 5: 283,616,490 divisions in all, the largest task (115797848077099) 10,760,939.
        Measurement m = measurement("prime-check", "serial", 1);
        assertEquals(283_616_490.0 / 10_760_939.0, LoadBalance.of(m, Workloads.PRIME_CHECK).value(), 1e-9);
        assertEquals(3_306_090, LoadBalance.divisions(1099726899285419L, false), 0);
        TreeMap<String, String> odd = new TreeMap<>(m.params());
        odd.put("variant", "odd-only");
        Measurement oddOnly = new Measurement(m.file(), m.benchmark(), m.mode(), odd, m.time(), m.secondary());
        assertEquals(28_303_062.0 / 5_380_469.0, LoadBalance.of(oddOnly, Workloads.PRIME_CHECK).value(), 1e-9);
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
        assertEquals(2.0, two.ideal(), 0);
        assertEquals(ScalingAnalysis.Limiter.WORKERS, two.limiter());
        ScalingAnalysis.Point four = pool.points().get(2);
        assertEquals(0.5, four.efficiency().value(), 1e-12);
        assertEquals(ScalingAnalysis.Limiter.CORES, four.limiter());
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
    void gilVersusPoolJudgesDifferencesAgainstTheirIntervals() {
        Series gil = new Series("gil-emulated", "");
        Series pool = new Series("thread-pool", "");
        IoAnalysis.Sweep close = sweep(gil, pool, new Estimate(105, 1, 10), new Estimate(100, 1, 10));
        assertEquals(0.05, IoAnalysis.gilVersusPool(close).worst(), 1e-12);
        assertTrue(IoAnalysis.gilVersusPool(close).consistent());
        // 50% apart but with huge errors: consistent (within the noise), not a contradiction.
        IoAnalysis.Sweep noisy = sweep(gil, pool, new Estimate(150, 40, 2), new Estimate(100, 30, 2));
        assertTrue(IoAnalysis.gilVersusPool(noisy).consistent());
        // 50% apart with tight errors: a real difference.
        IoAnalysis.Sweep apart = sweep(gil, pool, new Estimate(150, 1, 10), new Estimate(100, 1, 10));
        assertFalse(IoAnalysis.gilVersusPool(apart).consistent());
        assertEquals(0, IoAnalysis.gilVersusPool(new IoAnalysis.Sweep("v", "tasks", 100, List.of())).pairs());
    }

    private static IoAnalysis.Sweep sweep(Series gil, Series pool, Estimate gilTime, Estimate poolTime) {
        IoAnalysis.Line g = new IoAnalysis.Line(gil, 16, true, List.of(new IoAnalysis.Point(null, 100, gilTime)));
        IoAnalysis.Line t = new IoAnalysis.Line(pool, 16, true, List.of(new IoAnalysis.Point(null, 100, poolTime)));
        return new IoAnalysis.Sweep("sleepIo", "tasks", 100, List.of(t, g));
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

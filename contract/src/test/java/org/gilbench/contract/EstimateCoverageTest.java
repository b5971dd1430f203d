package org.gilbench.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ratio interval's coverage on simulated cells with a known ratio: each fork's level is log-normal
 * (fork-to-fork noise: JIT decisions, placement, the machine), its operations scatter a little around it, and
 * the two cells differ in noise. A 95% interval must contain the true ratio in about 95% of the trials at every
 * fork count the runner uses. Seeded, so the test is deterministic.
 */
class EstimateCoverageTest {

    static final int TRIALS = 4000;
    static final double TRUE_RATIO = 2.0;

    /** One simulated cell: {@code forks} forks of 3 operations around a log-normal level. */
    static Metric cell(Random rnd, int forks, double median, double forkSigma) {
        double[][] raw = new double[forks][3];
        for (int f = 0; f < forks; f++) {
            double level = median * Math.exp(forkSigma * rnd.nextGaussian());
            for (int i = 0; i < 3; i++) {
                raw[f][i] = level * Math.exp(0.01 * rnd.nextGaussian());
            }
        }
        return new Metric(median, Double.NaN, "ms/op", raw, forks * 3L, false);
    }

    static double coverage(int forks, long seed) {
        Random rnd = new Random(seed);
        int covered = 0;
        for (int t = 0; t < TRIALS; t++) {
            Estimate a = Estimate.of(cell(rnd, forks, 100 * TRUE_RATIO, 0.10));
            Estimate b = Estimate.of(cell(rnd, forks, 100, 0.20));
            Estimate r = a.dividedBy(b);
            if (r.low() <= TRUE_RATIO && TRUE_RATIO <= r.high()) {
                covered++;
            }
        }
        return covered / (double) TRIALS;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 8})
    void ratioIntervalCoversTheTrueRatioAbout95Percent(int forks) {
        double c = coverage(forks, 42 + forks);
        System.out.printf("ratio interval coverage over %d forks: %.3f%n", forks, c);
        // ± 3 standard errors of a binomial 0.95 over 4,000 trials is ± 0.010; the widening that keeps the
        // medians' ratio inside its interval may only add coverage.
        assertTrue(c >= 0.935 && c <= 0.99, forks + " forks: coverage " + c);
    }

    @Test
    void ratioOverForksCarriesForkCountAndWelchDegreesOfFreedom() {
        Random rnd = new Random(7);
        Estimate r = Estimate.of(cell(rnd, 3, 200, 0.1)).dividedBy(Estimate.of(cell(rnd, 5, 100, 0.1)));
        assertEquals(3, r.forks());
        assertTrue(r.df() >= 2 && r.df() <= 6, "Welch df between the smaller df and the sum: " + r.df());
        assertTrue(r.restsOnForks(2));
    }

    @Test
    void oneForkNeverRestsOnForks() {
        Random rnd = new Random(9);
        Estimate one = Estimate.of(cell(rnd, 1, 100, 0.1));
        assertTrue(one.hasError(), "within-fork interval exists");
        assertFalse(one.restsOnForks(2));
        assertFalse(one.dividedBy(Estimate.of(cell(rnd, 3, 100, 0.1))).restsOnForks(2));
    }
}

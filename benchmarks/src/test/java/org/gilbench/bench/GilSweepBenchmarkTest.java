package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/** Runs both halves of {@link GilSweepBenchmark} once per cell with tiny settings; timing is not checked. */
class GilSweepBenchmarkTest {

    @Test
    void everyCellRunsAndReportsItsParams() throws RunnerException {
        Collection<RunResult> results = new Runner(BenchmarkSmokeTest.timedOnce("^org\\.gilbench\\.bench\\.GilSweepBenchmark\\.")
                .param("intervalUs", "1000")
                .build()).run();
        // cpuBound x threads 1, 2 and wakeUp x 1 interval
        assertEquals(3, results.size());
        for (RunResult r : results) {
            assertEquals("1000", r.getParams().getParam("intervalUs"));
            double score = r.getPrimaryResult().getScore();
            assertTrue(score >= 1.0, r.getParams().getBenchmark() + ": " + score + " ms"); // a 1 ms sleep, or 4 x 10^7 counts
        }
    }
}

package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link ProcessStartBenchmark} once per child setting, in this JVM, with tiny settings: each
 * operation really starts a child JVM (on surefire's class directories, so {@code lean-aot} falls back
 * to no cache and says so) and verifies its answer. Timing is the benchmark's business, not this test's.
 */
class ProcessStartBenchmarkTest {

    @Test
    void everyChildSettingRuns() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("^" + ProcessStartBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .addProfiler(ModelProfiler.class)
                .build()).run();
        assertEquals(4, results.size(), "default, lean, lean-aot, pool");
        for (RunResult r : results) {
            String child = r.getParams().getParam("child");
            assertTrue(r.getPrimaryResult().getScore() > 0, child);
            if (!child.equals("pool")) {
                assertTrue(r.getSecondaryResults().get("process.starts").getScore() >= 1,
                        child + ": every operation starts a child");
            }
        }
    }
}

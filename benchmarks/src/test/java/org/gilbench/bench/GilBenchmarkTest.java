package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link GilBenchmark} once per competitor count with tiny settings; timing is not checked. */
class GilBenchmarkTest {

    private static ChainedOptionsBuilder tiny(String competitors, String options) {
        return new OptionsBuilder()
                .include("^org\\.gilbench\\.bench\\.GilBenchmark\\.wakeUp$")
                .param("competitors", competitors)
                .param("options", options)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .addProfiler(ModelProfiler.class);
    }

    @Test
    void runsWithAndWithoutCompetitors() throws RunnerException {
        for (String competitors : new String[] {"0", "1", "2"}) {
            Collection<RunResult> results = new Runner(tiny(competitors, "").build()).run();
            assertEquals(1, results.size());
            // At least the 1 ms sleep per step, in ms.
            double score = results.iterator().next().getPrimaryResult().getScore();
            assertTrue(score >= 1.0, competitors + " competitors: " + score + " ms per step");
        }
    }

    @Test
    void badGilOptionsFailTheRun() {
        assertThrows(RunnerException.class, () -> new Runner(tiny("1", "interval=5").build()).run());
        assertThrows(RunnerException.class, () -> new Runner(tiny("1", "mode=new").build()).run());
    }
}

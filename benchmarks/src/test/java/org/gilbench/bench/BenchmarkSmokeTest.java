package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.gilbench.model.Model;
import org.gilbench.workload.PingPong;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of this module once, under every model that exists now ({@link Model#NAMES}),
 * with tiny settings, through JMH's Runner API: the generated code, the trial setup/teardown, the
 * verification and {@link ModelProfiler} must all work. Timing is not checked (that is what the
 * benchmarks are for); only that each cell produced a score and a CPU metric.
 */
class BenchmarkSmokeTest {

    /** The benchmarks this module owns (GilBenchmark and ProcessStartBenchmark have their own tests). */
    private static final List<String> OWN = List.of(
            "org.gilbench.bench.PrimeCheckBenchmark.primeCheck",
            "org.gilbench.bench.CountLoopBenchmark.countLoop",
            "org.gilbench.bench.RangeSumBenchmark.computeOnly",
            "org.gilbench.bench.RangeSumBenchmark.endToEnd",
            "org.gilbench.bench.RangeSumBenchmark.streamed",
            "org.gilbench.bench.SleepIoBenchmark.sleepIo",
            "org.gilbench.bench.LostUpdateBenchmark.bankAccount",
            "org.gilbench.bench.LostUpdateBenchmark.changeIt");

    /** Tiny but real settings: one measured operation, in this JVM (forks are tested below). */
    private static ChainedOptionsBuilder tiny(String benchmark, String model) {
        return tiny(benchmark, model, 8);
    }

    private static ChainedOptionsBuilder tiny(String benchmark, String model, int sleepTasks) {
        return new OptionsBuilder()
                .include("^" + benchmark.replace(".", "\\.") + "$")
                .param("model", model)
                .param("workers", model.equals("serial") ? "1" : "2")
                .param("options", "")
                .param("variant", "odd-only")     // 6 numbers instead of 65
                .param("iterations", "1000")
                .param("n", "100000")
                .param("tasks", Integer.toString(sleepTasks))
                .param("millis", "1")
                .param("deposits", "8")
                .warmupIterations(0)
                .measurementIterations(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .addProfiler(ModelProfiler.class);
    }

    /**
     * A time-based benchmark (SampleTime, AverageTime) once, in this JVM: one measured iteration of 100 ms.
     * Shared with the other benchmark tests of this package.
     */
    static ChainedOptionsBuilder timedOnce(String include) {
        return new OptionsBuilder()
                .include(include)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    @Test
    void everyBenchmarkRunsOnceUnderEveryModel() throws RunnerException {
        List<String> failures = new ArrayList<>();
        for (String benchmark : OWN) {
            for (String model : Model.NAMES) {
                if (!Model.named(model).onClassPath()) {
                    continue; // distributed: its own module, tested there and by the runner's jar
                }
                Collection<RunResult> results;
                try {
                    results = new Runner(tiny(benchmark, model).build()).run();
                } catch (RunnerException e) {
                    failures.add(benchmark + " / " + model + ": " + e.getMessage());
                    continue;
                }
                assertEquals(1, results.size(), benchmark + " / " + model);
                RunResult run = results.iterator().next();
                Result<?> primary = run.getPrimaryResult();
                assertTrue(primary.getScore() > 0, benchmark + " / " + model + ": score " + primary.getScore());
                Map<String, Result> secondary = run.getSecondaryResults();
                assertNotNull(secondary.get(ModelProfiler.CPU_UTIL), benchmark + " / " + model + ": no cpu.util");
                // In-process (forks(0)), the registry still holds the closed model's final counters:
                // every one of them must have reached JMH as a secondary metric.
                for (String counter : OpenModels.snapshot().counters().keySet()) {
                    assertNotNull(secondary.get(counter), benchmark + " / " + model + ": no metric " + counter);
                }
            }
        }
        assertTrue(failures.isEmpty(), "benchmarks failed: " + failures);
    }

    @Test
    void pingPongRunsOverEveryChannel() throws RunnerException {
        for (String channel : PingPong.NAMES) {
            Collection<RunResult> results = new Runner(timedOnce("^org\\.gilbench\\.bench\\.PingPongBenchmark\\.roundTrip$")
                    .param("channel", channel)
                    .build()).run();
            assertEquals(1, results.size(), channel);
            assertTrue(results.iterator().next().getPrimaryResult().getScore() > 0, channel);
        }
    }

    @Test
    void lostUpdateRecordsTheFinalBalance() throws RunnerException {
        // The secondary metrics the report reads; with the lock, serial's balance is every deposit.
        RunResult run = new Runner(tiny("org.gilbench.bench.LostUpdateBenchmark.bankAccount", "serial")
                .param("lock", "true").build()).run().iterator().next();
        assertEquals(8.0, run.getSecondaryResults().get("balance").getScore());
        assertEquals(8.0, run.getSecondaryResults().get("trueBalance").getScore());
    }

    @Test
    void unknownModelFailsTheRun() {
        // -foe: a bad name must stop the run with an error naming it, not leave an empty hole.
        assertThrows(RunnerException.class, () -> new Runner(
                tiny(OWN.get(0), "no-such-model").build()).run());
    }

    @Test
    void runsInAForkedJvmWithTheProfiler() throws RunnerException {
        // The path run-bench.sh takes: a forked JVM (with the benchmark's jvmArgsAppend), the profiler
        // inside it. The Unsafe flag only exists on Java 23+ (an error on older JVMs).
        ChainedOptionsBuilder options = tiny("org.gilbench.bench.SleepIoBenchmark.sleepIo", "virtual-thread", 1000)
                .forks(1);
        if (Runtime.version().feature() >= 23) {
            options = options.jvmArgsAppend("--sun-misc-unsafe-memory-access=allow");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        assertEquals(1, results.size());
        RunResult run = results.iterator().next();
        assertTrue(run.getPrimaryResult().getScore() >= 1.0, "1000 sleeps of 1 ms took less than 1 ms");
        assertFalse(Double.isNaN(run.getSecondaryResults().get(ModelProfiler.CPU_UTIL).getScore()));
    }
}

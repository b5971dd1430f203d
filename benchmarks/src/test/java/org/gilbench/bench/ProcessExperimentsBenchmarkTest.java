package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The process experiments' benchmarks, once each with tiny settings in this JVM (their child JVMs run on
 * surefire's class directories): the answers they record as secondary metrics are the seeds' counts.
 */
class ProcessExperimentsBenchmarkTest {

    private static ChainedOptionsBuilder once(String benchmark) {
        return new OptionsBuilder()
                .include("^org\\.gilbench\\.bench\\." + benchmark.replace(".", "\\.") + "$")
                .warmupIterations(0)
                .measurementIterations(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    private static RunResult only(Collection<RunResult> results) {
        assertEquals(1, results.size());
        return results.iterator().next();
    }

    private static double metric(RunResult run, String name) {
        Map<String, Result> secondary = run.getSecondaryResults();
        assertTrue(secondary.containsKey(name), "no metric " + name + " in " + secondary.keySet());
        return secondary.get(name).getScore();
    }

    @Test
    void everyChannelMovesAndChecksItsBatch() throws RunnerException {
        for (String channel : List.of("thread-queue", "process-queue", "thread-pipe", "process-pipe")) {
            for (String writers : channel.endsWith("queue") ? List.of("1", "2") : List.of("1")) {
                RunResult run = only(new Runner(once("QueueWriterReaderBenchmark.batch")
                        .param("channel", channel).param("writers", writers).param("payload", "1024")
                        .param("messages", "20").build()).run());
                String cell = channel + " x" + writers;
                assertEquals(20.0 * Integer.parseInt(writers), metric(run, "messages"), cell);
                assertEquals(20.0 * 1024 * Integer.parseInt(writers), metric(run, "payloadBytes"), cell);
                assertTrue(metric(run, "nsPerMessage") > 0, cell);
            }
        }
    }

    @Test
    void sharedNumbersSumAndALockedCounterLosesNothing() throws RunnerException {
        // rangeSumShipped is RangeSumBenchmark.computeOnly's path (BenchmarkSmokeTest); every locking has its
        // workload test (SharedMemoryTest): here the benchmark's own plumbing, once each.
        RunResult sum = only(new Runner(once("SharedMemoryBenchmark.rangeSumShared")
                .param("model", "forked-process").param("workers", "2").param("n", "100000").build()).run());
        assertTrue(sum.getPrimaryResult().getScore() > 0);
        RunResult counter = only(new Runner(once("SharedMemoryBenchmark.sharedCounter")
                .param("model", "forked-process").param("workers", "2").param("parties", "2")
                .param("increments", "10000").param("locking", "lock").build()).run());
        assertEquals(20_000.0, metric(counter, "counter"));
        assertEquals(0.0, metric(counter, "lost"));
        // An unknown locking is refused where the param is read (the trial's Counter state). Not run through JMH
        // here: in this test JVM (forks 0) a failed trial setup skips the model's teardown and would leave the
        // model open for the next benchmark test.
        assertThrows(IllegalArgumentException.class, () -> org.gilbench.workload.SharedMemory.Locking.named("mutex"),
                "an unknown locking fails the run");
    }

    @Test
    void nativeProgramsStartAndAnswer() throws RunnerException {
        Collection<RunResult> results = new Runner(BenchmarkSmokeTest.timedOnce("^org\\.gilbench\\.bench\\.SubprocessBenchmark\\.")
                .param("program", "true", "echo", "cat").build()).run();
        assertEquals(3, results.size());
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams().getParam("program"));
        }
    }

    @Test
    void processesCountTheirOwnCopiesThreadsShareOne() throws RunnerException {
        Map<String, Double> steps = Map.of("thread-pool", 50.0, "forked-process", 100.0);
        Map<String, Double> parentPop = Map.of("thread-pool", 40.0, "forked-process", 20.0);
        for (String model : steps.keySet()) {
            RunResult counting = only(new Runner(once("OwnCopiesBenchmark.counting")
                    .param("model", model).param("workers", "2").param("millis", "1").build()).run());
            assertEquals(steps.get(model), metric(counting, "steps"), model);
            RunResult popping = only(new Runner(once("OwnCopiesBenchmark.popping")
                    .param("model", model).param("workers", "2").param("millis", "0").build()).run());
            assertEquals(parentPop.get(model), metric(popping, "parentPop"), model);
        }
    }

    @Test
    void aPoolOfFourRunsThreeWavesAndApplyRunsTen() throws RunnerException {
        for (String method : List.of("applyAsync", "apply")) {
            RunResult run = only(new Runner(once("PoolWavesBenchmark." + method)
                    .param("model", "thread-pool").param("workers", "4").param("millisPerSeedSecond", "20").build()).run());
            assertEquals(method.equals("apply") ? 10.0 : 3.0, metric(run, "waves"), method);
            assertTrue(metric(run, "end9") >= metric(run, "start9") + 20, method + ": the 10th task slept 20 ms");
        }
    }
}

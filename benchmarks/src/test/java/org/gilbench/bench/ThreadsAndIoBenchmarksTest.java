package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmarks of issue 22 (threads and real I/O), each once through JMH's Runner with tiny settings in
 * this JVM: the generated code, setup and teardown (servers, listeners, child JVMs), the verification and
 * the secondary metrics the report will read. Nothing of theirs may be left running afterwards.
 */
class ThreadsAndIoBenchmarksTest {

    private static ChainedOptionsBuilder once(String benchmark, String... params) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^org\\.gilbench\\.bench\\." + benchmark.replace(".", "\\.") + "$")
                .warmupIterations(0)
                .measurementIterations(1)
                .forks(0)
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .addProfiler(ModelProfiler.class);
        for (int i = 0; i < params.length; i += 2) {
            b = b.param(params[i], params[i + 1]);
        }
        return b;
    }

    private static Map<String, Result> run(String benchmark, String... params) throws RunnerException {
        Collection<RunResult> results = new Runner(once(benchmark, params).build()).run();
        assertEquals(1, results.size(), benchmark);
        RunResult r = results.iterator().next();
        assertTrue(r.getPrimaryResult().getScore() > 0, benchmark + ": score " + r.getPrimaryResult().getScore());
        return r.getSecondaryResults();
    }

    private static double metric(Map<String, Result> secondary, String name) {
        assertTrue(secondary.containsKey(name), "no metric " + name + " in " + secondary.keySet());
        return secondary.get(name).getScore();
    }

    @AfterEach
    void nothingLeft() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> threads;
        List<Long> children;
        do {
            threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("gilbench-")).toList();
            children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
            if (threads.isEmpty() && children.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("left behind: threads " + threads + ", children " + children);
    }

    @Test
    void socketIoAndPortScan() throws RunnerException {
        run("SocketIoBenchmark.socketIo", "model", "event-loop", "workers", "4", "tasks", "4", "millis", "1");
        run("PortScanBenchmark.portScan", "model", "thread-pool", "workers", "2", "ports", "64", "open", "2", "blocks", "4");
    }

    @Test
    void downloadsReportTheSumAndTheLongest() throws RunnerException {
        Map<String, Result> m = run("DownloadsBenchmark.downloads", "model", "thread-pool", "workers", "3",
                "millisPerSecond", "2");
        assertEquals(28.0, metric(m, "sumMillis"), "3 + 5 + 6 seed seconds at 2 ms");
        assertEquals(12.0, metric(m, "longestMillis"));
    }

    @Test
    void deadlocksAreCountedAndTheFixHasNone() throws RunnerException {
        Map<String, Result> opposite = run("DeadlockBenchmark.deadlocks", "model", "gil-emulated", "workers", "2",
                "runs", "3", "windowMicros", "20000");
        assertTrue(metric(opposite, "deadlocks") >= 1, "the GIL does not prevent it");
        assertEquals(metric(opposite, "deadlocks"), metric(opposite, "confirmed"), "ThreadMXBean saw each one");
        assertEquals(0.0, metric(run("DeadlockBenchmark.deadlocks", "model", "thread-pool", "workers", "2",
                "runs", "3", "order", "one-order"), "deadlocks"));
    }

    @Test
    void threadLocalBusyLoopAndTheBank() throws RunnerException {
        assertTrue(metric(run("ThreadLocalBenchmark.access", "model", "virtual-thread", "workers", "2",
                "accesses", "1000"), "nsPerAccess") > 0);
        assertTrue(metric(run("BusyLoopBenchmark.spin", "model", "thread-pool", "workers", "2", "tasks", "2",
                "windowMillis", "50"), "cpuPercent") > 0);
        Map<String, Result> bank = run("SuspensionBankBenchmark.bank", "model", "event-loop", "workers", "16",
                "deposits", "20", "suspension", "after");
        assertEquals(20.0, metric(bank, "balance"), "no await between the read and the write: nothing lost");
    }

    @Test
    void daemonThreadsAndTheResponsiveLoop() throws RunnerException {
        Map<String, Result> d = run("DaemonThreadsBenchmark.program", "variant", "mixed", "periodMillis", "5",
                "lifeMillis", "50");
        // Behaviour, not speed: Ping printed and kept the program alive for its life.
        assertTrue(metric(d, "pingPrints") >= 1 && metric(d, "runMillis") >= 50, d.toString());
        Map<String, Result> r = run("ResponsiveLoopBenchmark.frames", "job", "gil-thread", "frames", "8",
                "jobIterations", "20000000");
        assertTrue(metric(r, "lateMaxMillis") >= metric(r, "lateP50Millis"));
    }

    @Test
    void badParamsFailTheRun() {
        assertThrows(RunnerException.class, () -> new Runner(once("DeadlockBenchmark.deadlocks", "model", "serial",
                "order", "reverse").build()).run());
    }
}

package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.Task;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract over a warm pool of child JVMs, then what only processes have: counters, process per
 * task, each way a child can fail, and no child outliving its parent however the parent ends. Bounds
 * are generous: the machine is shared and a child JVM on class directories starts in 0.1–1 s.
 */
class ForkedProcessTest extends ExecutionModelContract {

    @TempDir
    Path tmp;

    private final List<ExecutionModel> mine = new ArrayList<>();
    private final List<Long> pidsSeen = new ArrayList<>();

    @Override
    ExecutionModel open(int workers) {
        return remember(Model.FORKED_PROCESS.open(ModelSpec.of(workers)));
    }

    private ExecutionModel open(int workers, String options) {
        return remember(Model.FORKED_PROCESS.open(ModelSpec.parse(workers, options)));
    }

    private ExecutionModel remember(ExecutionModel m) {
        mine.add(m);
        pidsSeen.addAll(((ForkedProcess) m).childPids());
        return m;
    }

    @Override
    int[] workerCounts() {
        return new int[] {1, 2, 3}; // 3, not 4: each worker is a JVM on a 2-core machine
    }

    /** Counting must happen where the parent can see it: one file per task, one byte per run. */
    @Override
    RunCounter runCounter(int n) {
        Path counts;
        try {
            counts = Files.createTempDirectory(tmp, "runs"); // fresh counts for every counter, as a new array
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String dir = counts.toString();
        return new RunCounter() {
            @Override
            public Task task(int index) {
                return new ChildTasks.CountedInFile(index, dir);
            }

            @Override
            public int runs(int index) {
                try {
                    Path file = counts.resolve(Integer.toString(index));
                    return Files.exists(file) ? (int) Files.size(file) : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Every model this test opened is closed, and every child pid any of them had is gone. */
    @AfterEach
    void noChildSurvives() {
        mine.forEach(ExecutionModel::close);
        mine.forEach(m -> pidsSeen.addAll(((ForkedProcess) m).childPids()));
        assertAllGone(pidsSeen, "after close");
        assertEquals(List.of(), ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList(), "children of the test JVM");
    }

    @Test
    void countersCountStartsBytesAndChildCpu() throws Exception {
        ExecutionModel model = open(2);
        Map<String, Long> atOpen = model.counters();
        assertEquals(List.of("process.starts", "process.start-ns", "process.bytes-sent", "process.bytes-received",
                "process.child-cpu-ns"), List.copyOf(atOpen.keySet()));
        assertEquals(2, atOpen.get("process.starts"));
        assertTrue(atOpen.get("process.start-ns") > 0, "start-ns " + atOpen);
        assertTrue(atOpen.get("process.child-cpu-ns") > 0, "a starting JVM uses CPU: " + atOpen);

        RangeSum work = RangeSum.materialised(1_000_000, 4);
        work.total(model.run(work.tasks()));
        Map<String, Long> after = model.counters();
        long sent = after.get("process.bytes-sent") - atOpen.get("process.bytes-sent");
        // Every element travels once (8 bytes), plus a few header bytes per task.
        assertTrue(sent >= 8_000_000 && sent < 8_000_000 + 4 * 64, "bytes sent for 1M longs: " + sent);
        long received = after.get("process.bytes-received") - atOpen.get("process.bytes-received");
        assertEquals(4 * 17, received, "one RESULT frame (tag, value, cpu) per task");
        assertEquals(2, after.get("process.starts"), "a warm pool starts no child during runs");
        assertTrue(after.get("process.child-cpu-ns") >= atOpen.get("process.child-cpu-ns"));
        for (long v : after.values()) {
            assertTrue(v >= 0);
        }
    }

    @Test
    void perTaskStartsAFreshChildForEveryTask() throws Exception {
        ExecutionModel model = open(2, "start=per-task");
        assertTrue(model.describe().contains("start=per-task"), model.describe());
        assertEquals(0, model.counters().get("process.starts"), "nothing starts before a run");
        Workload primes = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        primes.verify(model.run(primes.tasks()));
        RangeSum sum = RangeSum.materialised(100_000, 3);
        sum.total(model.run(sum.tasks()));
        assertEquals(6 + 3, model.counters().get("process.starts"));
        assertEquals(List.of(), ((ForkedProcess) model).childPids(), "every per-task child has exited");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> model.run(List.of(new Failing("boom per task"))));
        assertTrue(causeChainMentions(e, "boom per task"), e::toString);
    }

    @Test
    void aTaskThatThrowsKeepsItsExceptionTypeAndTheChild() throws Exception {
        ForkedProcess model = (ForkedProcess) open(1);
        List<Long> before = model.childPids();
        ExecutionException e = assertThrows(ExecutionException.class, () -> model.run(List.of(new Failing("typed"))));
        assertInstanceOf(IllegalStateException.class, e.getCause(), "the child's exception, deserialized");
        assertEquals("typed", e.getCause().getMessage());
        assertEquals(before, model.childPids(), "a task failure does not cost the child");
    }

    @Test
    void aChildThatExitsFailsTheTaskWithExitCodeAndStderr() throws Exception {
        ExecutionModel model = open(2);
        List<Task> tasks = new ArrayList<>(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().subList(0, 5));
        tasks.add(2, new ChildTasks.Exit(7, "last words before exit 7"));
        ChildProcessException failure = childFailure(() -> model.run(tasks));
        assertEquals(7, failure.exitCode().orElse(-1), failure::getMessage);
        assertTrue(failure.stderrTail().contains("last words before exit 7"), failure::getMessage);
        assertTrue(failure.getMessage().contains("exit code 7") && failure.getMessage().contains("last words"),
                failure::getMessage);
        // The dead child is replaced: the pool still works, with one more start.
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(model.run(w.tasks()));
        assertEquals(3, model.counters().get("process.starts"));
    }

    @Test
    void aChildKilledBySignalIsReported() throws Exception {
        ExecutionModel model = open(1);
        ChildProcessException failure = childFailure(() -> model.run(List.of(new ChildTasks.KillSelf())));
        assertEquals(128 + 9, failure.exitCode().orElse(-1), failure::getMessage);
        assertTrue(failure.stderrTail().contains("about to be SIGKILLed"), failure::getMessage);
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(model.run(w.tasks()));
    }

    @Test
    void aChildWritingGarbageIsKilledAndReported() throws Exception {
        ExecutionModel model = open(1);
        long start = System.nanoTime();
        ChildProcessException failure = childFailure(() -> model.run(List.of(new ChildTasks.Garbage("Hello!\n"))));
        assertTrue(failure.getMessage().contains("garbage") && failure.getMessage().contains("0x48"), failure::getMessage);
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "garbage must not wait for the task to end");
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(model.run(w.tasks()));
    }

    @Test
    void aHungChildIsKilledAfterTheTaskTimeout() throws Exception {
        ExecutionModel model = open(1, "task-timeout-s=1");
        long start = System.nanoTime();
        ChildProcessException failure = childFailure(() -> model.run(List.of(new ChildTasks.Hang(600_000))));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 1000 && ms < 20_000, "timed out after " + ms + " ms, expected ~1 s");
        assertTrue(failure.getMessage().contains("no answer within 1 s"), failure::getMessage);
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(model.run(w.tasks()));
    }

    @Test
    void interruptingTheCallerKillsBusyChildrenAndThePoolRecovers() throws Exception {
        ForkedProcess model = (ForkedProcess) open(2);
        List<Long> before = model.childPids();
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                model.run(List.of(new ChildTasks.Hang(600_000), new ChildTasks.Hang(600_000)));
                outcome.set(new AssertionError("run returned"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        caller.start();
        Thread.sleep(500); // let both tasks reach their children
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(30_000);
        assertFalse(caller.isAlive(), "run() still blocked 30 s after the interrupt");
        assertInstanceOf(InterruptedException.class, outcome.get());
        assertTrue(System.nanoTime() - start < 20_000_000_000L);
        assertAllGone(before, "after the interrupt");
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(model.run(w.tasks()));
    }

    @Test
    void runsFromSeveralThreadsAreTakenInTurnAndAllCorrect() throws Exception {
        ExecutionModel model = open(2);
        Workload primes = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        RangeSum sum = RangeSum.materialised(200_000, 4);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            boolean even = c % 2 == 0;
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < 3; round++) {
                        if (even) {
                            primes.verify(model.run(primes.tasks()));
                        } else {
                            sum.total(model.run(sum.tasks()));
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : callers) {
            t.join(60_000);
            assertFalse(t.isAlive(), "a caller is still running after 60 s");
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void whatATaskPrintsNeverReachesTheProtocolStream() throws Exception {
        ExecutionModel model = open(1);
        assertEquals(ChildTasks.ANSWER, model.run(List.of(new ChildTasks.Chatty(), new ChildTasks.Chatty()))[1]);
    }

    @Test
    void childModelIsTheChildsInterpreter() throws Exception {
        if (Model.NAMES.contains("gil-emulated")) {
            ExecutionModel model = open(2, "child-model=gil-emulated");
            Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
            w.verify(model.run(w.tasks()));
        } else {
            // Until the GIL model exists the option is accepted and the child says clearly why it cannot start.
            ChildProcessException e = assertThrows(ChildProcessException.class,
                    () -> open(1, "child-model=gil-emulated"));
            assertEquals(Child.EXIT_USAGE, e.exitCode().orElse(-1), e::getMessage);
            assertTrue(e.getMessage().contains("unknown model 'gil-emulated'"), e::getMessage);
        }
    }

    /** The path a child takes when it cannot start (here: a model name it does not know). */
    @Test
    void aChildThatCannotStartIsReportedWithItsReason() {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), "--model", "no-such-model");
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
                Threads.platform(Threads.PREFIX + "test-watchdog"));
        try {
            ChildProcessException e = assertThrows(ChildProcessException.class,
                    () -> ChildJvm.start(1, command, new ChildJvm.Counters(), watchdog, Duration.ofSeconds(60)));
            assertEquals(Child.EXIT_USAGE, e.exitCode().orElse(-1), e::getMessage);
            assertTrue(e.stderrTail().stream().anyMatch(l -> l.contains("unknown model 'no-such-model'")), e::getMessage);
            assertTrue(e.getMessage().contains("failed to start"), e::getMessage);
        } finally {
            watchdog.shutdownNow();
        }
    }

    @Test
    void badOptionsAndUnshippableTasksAreRejectedUpFront() {
        assertMessage("bad value for option start: 'fork' (allowed: per-task, pool)", "start=fork");
        assertMessage("bad value for option child-model: 'pypy' (allowed: gil-emulated, serial)", "child-model=pypy");
        assertMessage("bad value for option task-timeout-s: 0 (expected 1..86400)", "task-timeout-s=0");
        assertMessage("unknown option 'chunksize' for model forked-process (known: cache, child-model, jvm, start,"
                + " task-timeout-s)", "chunksize=4");
        ExecutionModel model = open(1);
        Task lambdaLike = new Task() { // anonymous, not Serializable: nothing can ship it
            @Override
            public long run(Interpreter in) {
                return 1;
            }

            @Override
            public long expected() {
                return 1;
            }

            @Override
            public String describe() {
                return "anonymous task";
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.run(List.of(lambdaLike)));
        assertTrue(e.getMessage().startsWith("forked-process cannot ship anonymous task"), e.getMessage());
    }

    @Test
    void describeSaysHowChildrenStart() {
        ExecutionModel model = open(1);
        // Surefire runs on class directories: no AOT cache, and it says why.
        assertTrue(model.describe().matches("forked-process\\(workers=1, start=pool, child-model=serial, jvm=lean,"
                + " cache=(aot|none \\(.+\\))\\)"), model.describe());
    }

    @Test
    void closeEndsChildrenAndCloseIsIdempotent() throws Exception {
        ForkedProcess model = (ForkedProcess) open(2);
        List<Long> pids = model.childPids();
        assertEquals(2, pids.size());
        model.close();
        model.close();
        assertAllGone(pids, "after close");
        assertThrows(IllegalStateException.class, () -> model.run(List.of(new Failing("closed"))));
    }

    @Test
    void childrenDieWithTheParentOnSigterm() throws Exception {
        killParentAndCheckChildren("TERM");
    }

    @Test
    void childrenDieWithTheParentOnSigint() throws Exception {
        // A shell starting a background job without job control makes it ignore SIGINT, and the
        // ignoring is inherited: then the parent would not die at all, and there is nothing to test.
        assumeFalse(ignoresSigint(), "this JVM was started with SIGINT ignored (a background job)");
        killParentAndCheckChildren("INT");
    }

    /** No hook runs on SIGKILL: the children must notice the end of their stdin by themselves. */
    @Test
    void childrenDieWithTheParentOnSigkill() throws Exception {
        killParentAndCheckChildren("KILL");
    }

    private void killParentAndCheckChildren(String signal) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ForkedParent.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertTrue(line != null && line.startsWith("children "), "parent said: " + line);
            List<Long> pids = Arrays.stream(line.substring("children ".length()).split(" ")).map(Long::parseLong).toList();
            assertEquals(2, pids.size());
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid + " alive");
            }
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(parent.pid())).start();
            assertEquals(0, kill.waitFor(), "kill -" + signal);
            assertTrue(parent.waitFor(30, TimeUnit.SECONDS), "parent still alive 30 s after SIG" + signal);
            assertAllGone(pids, "after SIG" + signal + " to their parent");
        } finally {
            parent.destroyForcibly();
        }
    }

    /** Bit 2 (SIGINT) of SigIgn in /proc/self/status; false where there is no /proc. */
    private static boolean ignoresSigint() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    /** Waits up to 15 s for every pid to be gone, then fails naming the survivors. */
    static void assertAllGone(List<Long> pids, String when) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<Long> alive;
        do {
            alive = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (alive.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        alive.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        fail("child JVMs alive " + when + ": " + alive);
    }

    private void assertMessage(String expected, String options) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(1, options));
        assertEquals(expected, e.getMessage());
    }

    interface Run {
        void run() throws Exception;
    }

    /** Runs, expects an ExecutionException caused by a ChildProcessException, returns that. */
    private static ChildProcessException childFailure(Run run) {
        ExecutionException e = assertThrows(ExecutionException.class, run::run);
        ChildProcessException c = assertInstanceOf(ChildProcessException.class, e.getCause(), e::toString);
        assertFalse(c.getMessage().isBlank());
        return c;
    }
}

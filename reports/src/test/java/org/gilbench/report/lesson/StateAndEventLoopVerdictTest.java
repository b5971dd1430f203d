package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verdict branch of lessons 5 (shared state; processes talk) and 6 (the event loop), on small
 * fixtures of healthy and BROKEN models: a lock that loses updates, a serial run that loses one, threads
 * that never race without a lock, a pipe faster than a thread queue, an event loop that runs prime-check
 * twice as fast on two workers or runs its sleeps one at a time.
 */
class StateAndEventLoopVerdictTest {

    @TempDir
    Path tmp;

    private int n;

    private Section build(Lesson lesson, JmhJson base, StateJson state) {
        Path dir = state.write(base, tmp.resolve("run-" + (++n)));
        return lesson.build(new Evidence(ResultsFolder.load(dir)));
    }

    private Section build(Lesson lesson, StateJson state) {
        return build(lesson, new JmhJson(), state);
    }

    private static void assertVerdict(Verdict expected, Section s) {
        assertEquals(expected, s.verdict(), s.reason());
        assertFalse(s.reason().isBlank(), "a verdict needs its reason");
    }

    private static final long[] SEVENS = {7, 7, 8, 7, 6};
    private static final long[] HUNDREDS = {100, 100, 100, 100, 100};

    /** The seeds' picture: the pool of 16 loses updates without the lock, is exact with it; serial is exact. */
    private static StateJson healthyBank() {
        return new StateJson().bank("serial", 1, false, 100, 100, 100)
                .bank("thread-pool", 16, false, SEVENS).bank("thread-pool", 16, true, HUNDREDS)
                .bank("forked-process", 16, false, 0, 0, 0).bank("forked-process", 16, true, 0, 0, 0);
    }

    // ---- lesson 5: shared state ----------------------------------------------------------------------

    @Test
    void sharedStateConfirmsWhenOnlyTheUnlockedRunsLoseUpdates() {
        Section s = build(new SharedStateLesson(), healthyBank());
        assertVerdict(Verdict.CONFIRMS, s);
        assertEquals(6L, s.numbers().get("bankLowestUnlocked"));
        String text = s.blocks().stream().filter(b -> b instanceof Section.Text).map(b -> ((Section.Text) b).markdown())
                .reduce("", String::concat);
        assertTrue(text.contains("parent's balance stays 0"), "forked-process: what the parent sees");
    }

    @Test
    void sharedStateContradictedByALockThatLosesUpdates() {
        StateJson broken = new StateJson().bank("thread-pool", 16, false, SEVENS)
                .bank("thread-pool", 16, true, 100, 100, 99, 100, 100);
        Section s = build(new SharedStateLesson(), broken);
        assertVerdict(Verdict.CONTRADICTS, s);
        assertTrue(s.reason().contains("with the lock"), s.reason());
    }

    @Test
    void sharedStateContradictedByALockedChangeItThatDoesNotEndAtZero() {
        StateJson broken = new StateJson().bank("thread-pool", 16, false, SEVENS).bank("thread-pool", 16, true, HUNDREDS)
                .changeIt("gil-emulated", "mode=ticks", "bytecode", true, 0, 0, 13, 0, 0);
        assertVerdict(Verdict.CONTRADICTS, build(new SharedStateLesson(), broken));
    }

    @Test
    void sharedStateContradictedByASerialRunThatLosesAnUpdate() {
        StateJson broken = new StateJson().bank("serial", 1, false, 100, 98, 100)
                .bank("thread-pool", 16, false, SEVENS).bank("thread-pool", 16, true, HUNDREDS);
        Section s = build(new SharedStateLesson(), broken);
        assertVerdict(Verdict.CONTRADICTS, s);
        assertTrue(s.reason().startsWith("serial"), s.reason());
    }

    @Test
    void sharedStateContradictedByConcurrentDepositsThatNeverRace() {
        StateJson broken = new StateJson().bank("thread-pool", 16, false, HUNDREDS).bank("thread-pool", 16, true, HUNDREDS);
        Section s = build(new SharedStateLesson(), broken);
        assertVerdict(Verdict.CONTRADICTS, s);
        assertTrue(s.reason().contains("did not really run at once"), s.reason());
    }

    @Test
    void sharedStateTooNoisyWithTooFewLockedRuns() {
        StateJson few = new StateJson().bank("thread-pool", 16, false, SEVENS).bank("thread-pool", 16, true, 100, 100);
        assertVerdict(Verdict.TOO_NOISY, build(new SharedStateLesson(), few));
    }

    @Test
    void sharedStateTooNoisyWhenNoUnlockedRunRaced() {
        // change_it seldom races (CPython 3.11: never): no race seen is no evidence either way.
        StateJson quiet = new StateJson().changeIt("gil-emulated", "", "back-edge", false, 0, 0, 0, 0, 0)
                .changeIt("gil-emulated", "", "back-edge", true, 0, 0, 0, 0, 0);
        assertVerdict(Verdict.TOO_NOISY, build(new SharedStateLesson(), quiet));
    }

    @Test
    void sharedStateNotMeasuredWithoutLockedCells() {
        assertVerdict(Verdict.NOT_MEASURED, build(new SharedStateLesson(),
                new StateJson().bank("thread-pool", 16, false, SEVENS)));
        assertVerdict(Verdict.NOT_MEASURED, build(new SharedStateLesson(),
                new JmhJson().sleep("thread-pool", 16, 10, JmhJson.quiet(101)), new StateJson()));
    }

    @Test
    void forkedProcessIsNeverJudgedOnItsParentsZero() {
        // Only forked-process cells: the parent's 0 is by design, not a lost update.
        assertVerdict(Verdict.NOT_MEASURED, build(new SharedStateLesson(),
                new StateJson().bank("forked-process", 16, false, 0, 0, 0).bank("forked-process", 16, true, 0, 0, 0)));
    }

    @Test
    void changeItLabelsNameTheCPythonTheyImitate() {
        StateJson f = new StateJson().changeIt("gil-emulated", "mode=ticks", "bytecode", false, 0, 5, 0)
                .changeIt("gil-emulated", "", "bytecode", false, 0, 0, 0).changeIt("gil-emulated", "", "back-edge", false, 0, 0, 0);
        Path dir = f.write(new JmhJson(), tmp.resolve("labels"));
        var labels = BalanceRuns.of(new Evidence(ResultsFolder.load(dir)).benchmark(SharedStateLesson.CHANGE_IT), false)
                .stream().map(BalanceRuns::label).toList();
        assertTrue(labels.contains("gil-emulated ticks + bytecode (like 2.7) ×2"), labels.toString());
        assertTrue(labels.contains("gil-emulated interval + bytecode (like 3.2–3.9) ×2"), labels.toString());
        assertTrue(labels.contains("gil-emulated interval + back-edge (like 3.10+) ×2"), labels.toString());
    }

    @Test
    void cpythonCellsAreShownBesideButNeverDecide() {
        StateJson f = new StateJson().cpythonChangeIt("cpython-threads", "3.11.7", 0, 0, 0)
                .cpythonChangeIt("cpython2-threads", "2.7.18", 0, 32, 137);
        Section s = build(new SharedStateLesson(), f);
        assertVerdict(Verdict.NOT_MEASURED, s);
        Path dir = f.write(new JmhJson(), tmp.resolve("cpython"));
        var runs = BalanceRuns.of(new Evidence(ResultsFolder.load(dir)).benchmark(SharedStateLesson.CPYTHON_CHANGE_IT), true);
        assertEquals(List.of("CPython 2.7", "CPython 3.11"), runs.stream().map(BalanceRuns::label).toList());
        var shares = SharedStateTables.shares(runs);
        assertEquals(2, shares.size(), "with CPython cells, the notes' reference rows are not added");
        assertEquals(2, shares.get(0).nonZero());
    }

    @Test
    void lostUpdateCellsAreNotACpuWorkload() {
        // "bankAccount" contains "count": it must not be read as count-loop (lesson 1's sweep).
        Path dir = healthyBank().write(new JmhJson(), tmp.resolve("workload"));
        ResultsFolder folder = ResultsFolder.load(dir);
        folder.measurements().forEach(m -> assertEquals(Workloads.LOST_UPDATE, Workloads.of(m), m.describe()));
        assertTrue(new Evidence(folder).experiments().isEmpty());
    }

    // ---- lesson 5: processes talk --------------------------------------------------------------------

    @Test
    void pingPongConfirmsWhenThePipesOtherPartyRanInTheChild() {
        // The quick-run fixture's CPU: the parent at 81 % over the queue (both parties), 44 % over the pipe.
        StateJson f = new StateJson().pingPong("thread-queue", 6.3, 6.4, 6.2, 6.5, 6.3).cpu(80, 81, 79)
                .pingPong("process-pipe", 24, 23.5, 24.2, 23.8, 24.4).cpu(44, 45, 43)
                .pingPong("process-relay", 53, 52, 54, 53, 52).cpu(43);
        Section s = build(new ProcessesTalkLesson(), f);
        assertVerdict(Verdict.CONFIRMS, s);
        assertEquals(6.3, (double) s.numbers().get("threadQueueUs"), 0.01, "the median iteration, not the mean");
    }

    @Test
    void pingPongConfirmsWhenThePipeCostsAboutAsMuchAsTheQueue() {
        // Run C on the reference machine: the pipe 3 % faster than the queue. The time ratio is shown, not judged:
        // the crossing shows in the parent's CPU.
        StateJson f = new StateJson().pingPong("thread-queue", 24.7, 24.9, 24.5, 24.8, 24.6).cpu(80, 82, 78)
                .pingPong("process-pipe", 23.8, 23.9, 23.7, 23.9, 23.8).cpu(44, 46, 42);
        Section s = build(new ProcessesTalkLesson(), f);
        assertVerdict(Verdict.CONFIRMS, s);
        assertTrue(s.reason().contains("not judged"), s.reason());
    }

    @Test
    void pingPongContradictedByAPipeAnsweredInTheParent() {
        // An un-crossed "pipe": its other party runs in this JVM, so the parent's CPU counts both halves again.
        StateJson broken = new StateJson().pingPong("thread-queue", 24, 23.5, 24.2, 23.8, 24.4).cpu(80, 81, 79)
                .pingPong("process-pipe", 23, 23.5, 23.2, 23.8, 23.4).cpu(79, 80, 81);
        Section s = build(new ProcessesTalkLesson(), broken);
        assertVerdict(Verdict.CONTRADICTS, s);
        assertTrue(s.reason().contains("never crossed"), s.reason());
    }

    @Test
    void pingPongContradictedByARoundTripTooCheapForTwoWakeUps() {
        StateJson broken = new StateJson().pingPong("thread-queue", 24, 23.5, 24.2, 23.8, 24.4).cpu(80, 81, 79)
                .pingPong("process-pipe", 0.3, 0.31, 0.29, 0.3, 0.3).cpu(44, 45, 43);
        assertVerdict(Verdict.CONTRADICTS, build(new ProcessesTalkLesson(), broken));
    }

    @Test
    void pingPongTooNoisyWhenTheCpuShareStraddles() {
        StateJson wild = new StateJson().pingPong("thread-queue", 24, 23.5, 24.2, 23.8, 24.4).cpu(20, 90, 160)
                .pingPong("process-pipe", 24, 23.5, 24.2, 23.8, 24.4).cpu(44, 45, 43);
        assertVerdict(Verdict.TOO_NOISY, build(new ProcessesTalkLesson(), wild));
    }

    @Test
    void pingPongNotMeasuredWithoutTheCpuCounter() {
        StateJson none = new StateJson().pingPong("thread-queue", 6.3, 6.4, 6.2).pingPong("process-pipe", 24, 23.5, 24.2);
        Section s = build(new ProcessesTalkLesson(), none);
        assertVerdict(Verdict.NOT_MEASURED, s);
        assertTrue(s.reason().contains("cpu.util"), s.reason());
    }

    @Test
    void pingPongNotMeasuredWithoutAPipe() {
        assertVerdict(Verdict.NOT_MEASURED, build(new ProcessesTalkLesson(),
                new StateJson().pingPong("thread-queue", 6.3, 6.4, 6.2)));
    }

    // ---- lesson 6: the event loop --------------------------------------------------------------------

    /** prime-check: serial, a thread-pool that scales, and the event loop at 1 and 2 workers. */
    private static JmhJson cpu(double loop1, double[] loop2) {
        return new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520))
                .prime("event-loop", 1, JmhJson.quiet(loop1)).prime("event-loop", 2, loop2).with("cpu.util", 100);
    }

    /** sleep-io, 100 ms sleeps: virtual-thread overlaps them; the event loop takes {@code loop} ms per batch. */
    private static JmhJson sleeps(JmhJson f, double loop10, double loop100) {
        return f.sleep("virtual-thread", 100, 10, JmhJson.quiet(101)).sleep("virtual-thread", 100, 100, JmhJson.quiet(103))
                .sleep("event-loop", 100, 10, JmhJson.quiet(loop10)).sleep("event-loop", 100, 100, JmhJson.quiet(loop100));
    }

    @Test
    void eventLoopConfirmsWhenSleepsOverlapAndCpuWorkStaysSerial() {
        Section s = build(new EventLoopLesson(), sleeps(cpu(1000, JmhJson.quiet(1005)), 102, 104), new StateJson());
        assertVerdict(Verdict.CONFIRMS, s);
        assertEquals("confirms", s.numbers().get("sleeps"));
        assertEquals("confirms", s.numbers().get("cpu"));
    }

    @Test
    void eventLoopContradictedByALoopThatRunsPrimeCheckTwiceAsFast() {
        Section s = build(new EventLoopLesson(), sleeps(cpu(1000, JmhJson.quiet(505)), 102, 104), new StateJson());
        assertVerdict(Verdict.CONTRADICTS, s);
        assertEquals("contradicts", s.numbers().get("cpu"));
    }

    @Test
    void eventLoopContradictedByALoopThatRunsSleepsOneAtATime() {
        Section s = build(new EventLoopLesson(), sleeps(cpu(1000, JmhJson.quiet(1005)), 1010, 10100), new StateJson());
        assertVerdict(Verdict.CONTRADICTS, s);
        assertEquals("contradicts", s.numbers().get("sleeps"));
    }

    @Test
    void eventLoopPairsWhereThePerTaskCostDominatesAreShownNotJudged() {
        // 100 tasks of 100 ms on 100 workers: virtual-thread 1,000 ms (10x its one-wave floor, so the
        // scheduling cost sets the time), the loop 1,600 ms: 1.6x apart, but not a verdict on overlapping.
        JmhJson f = new JmhJson().sleep("virtual-thread", 100, 10, JmhJson.quiet(101))
                .sleep("virtual-thread", 100, 100, JmhJson.quiet(1000))
                .sleep("event-loop", 100, 10, JmhJson.quiet(102)).sleep("event-loop", 100, 100, JmhJson.quiet(1600));
        Section s = build(new EventLoopLesson(), f, new StateJson());
        assertEquals("confirms", s.numbers().get("sleeps"), s.reason());
        assertEquals(1, ((Number) s.numbers().get("sleepPairs")).intValue());
    }

    @Test
    void eventLoopTooNoisyWithWildIntervals() {
        assertVerdict(Verdict.TOO_NOISY, build(new EventLoopLesson(), cpu(1000, JmhJson.wild(900)), new StateJson()));
    }

    @Test
    void eventLoopConfirmsOnePartWhenOnlyItWasMeasured() {
        Section s = build(new EventLoopLesson(), sleeps(new JmhJson(), 102, 104), new StateJson());
        assertVerdict(Verdict.CONFIRMS, s);
        assertTrue(s.reason().contains("only the sleeps measured"), s.reason());
    }

    @Test
    void eventLoopNotMeasuredWithoutEventLoopCells() {
        assertVerdict(Verdict.NOT_MEASURED, build(new EventLoopLesson(), new JmhJson().prime("serial", 1,
                JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520)), new StateJson()));
    }

    @Test
    void eventLoopNeverConfirmsFromADisturbedOnlyCell() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000)).prime("event-loop", 1, JmhJson.quiet(1000))
                .primeDisturbed("event-loop", 2, JmhJson.quiet(1005));
        Section s = build(new EventLoopLesson(), f, new StateJson());
        assertVerdict(Verdict.TOO_NOISY, s);
        assertTrue(s.reason().contains("disturbed"), s.reason());
    }
}

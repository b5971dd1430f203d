package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gilbench.contract.CellKey;
import org.gilbench.report.Decisions;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken models a verdict must not pass (issue 18, item 8), each a results folder of 2–3 forks per cell in JMH's
 * format: a GIL whose waiter spins, a "forked-process" that never left the parent, a pipe never crossed, a GIL
 * that switches late, a lock that loses updates (its cell failed), a contradiction resting on disturbed attempts
 * only, a missing control, one-fork cells. Each is named for the model it fakes and asserts the verdict it now
 * gets (never "confirms"); the last tests hold the runner's side: which cells {@link Lesson#deciding} names.
 */
class BrokenModelTest {

    @TempDir
    Path tmp;

    private int n;

    private Evidence evidence(JmhJson f) {
        return new Evidence(ResultsFolder.load(f.write(tmp.resolve("run-" + (++n)))));
    }

    private Evidence evidence(JmhJson f, StateJson state) {
        return new Evidence(ResultsFolder.load(state.write(f, tmp.resolve("run-" + (++n)))));
    }

    private Evidence evidence(JmhJson f, GilFixtures extra) {
        return new Evidence(ResultsFolder.load(extra.addTo(f.write(tmp.resolve("run-" + (++n))))));
    }

    private static Section assertVerdict(Verdict expected, Lesson lesson, Evidence e, String... inReason) {
        Section s = lesson.build(e);
        assertEquals(expected, s.verdict(), s.reason());
        for (String fragment : inReason) {
            assertTrue(s.reason().contains(fragment), "'" + fragment + "' not in: " + s.reason());
        }
        return s;
    }

    /** serial, thread-pool scaling, forked-process scaling with its counters: everything but gil-emulated. */
    private static JmhJson cpu() {
        return new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520))
                .prime("forked-process", 1, JmhJson.quiet(1030)).prime("forked-process", 2, JmhJson.quiet(540))
                .with("process.child-cpu-ns", 1.0e9).with("process.bytes-sent", 650).with("process.bytes-received", 1105);
    }

    // ---- lesson 1 -----------------------------------------------------------------------------------------------

    @Test
    void aSpinningGilIsFlatInTimeButBurnsTwoCores() {
        JmhJson f = cpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010))
                .gil(195, 69);
        assertVerdict(Verdict.CONTRADICTS, new GilThreadsLesson(), evidence(f), "195", "spinning GIL");
    }

    @Test
    void aGilUnderWhichOneThreadRanEverythingNeverSwitched() {
        JmhJson f = cpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010))
                .gil(100, 0);
        assertVerdict(Verdict.CONTRADICTS, new GilThreadsLesson(), evidence(f), "never took turns");
    }

    @Test
    void lesson1SaysWhatIsMissingWithoutTheControl() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010)).gil(100, 69);
        assertVerdict(Verdict.NOT_MEASURED, new GilThreadsLesson(), evidence(f), "control", "thread-pool");
    }

    @Test
    void lesson1SaysWhatIsMissingWithoutCpuUtil() {
        JmhJson f = cpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010));
        assertVerdict(Verdict.NOT_MEASURED, new GilThreadsLesson(), evidence(f), "cpu.util");
    }

    @Test
    void aGilCellThatFailedItsCheckIsAResultNotAHole() {
        // The 2-worker cell failed; a 4-core machine would otherwise judge the 3- or 4-worker one, or none here.
        JmhJson f = cpu().cores(4).prime("gil-emulated", 1, JmhJson.quiet(1000))
                .prime("gil-emulated", 4, JmhJson.quiet(1010)).gil(100, 69)
                .failed(JmhJson.PRIME, JmhJson.primeParams("gil-emulated", 2), "prime-check: wrong answer for task 3");
        Evidence e = evidence(f);
        assertVerdict(Verdict.NOT_MEASURED, new GilThreadsLesson(), e, "failed: prime-check: wrong answer");
        assertTrue(new GilThreadsLesson().deciding(e).isEmpty(), "more forks cannot fix a wrong answer");
    }

    @Test
    void oneForkCellsDecideNothing() {
        // The same healthy numbers in one fork each: within-one-fork intervals may not decide.
        JmhJson f = new JmhJson();
        for (Object[] c : new Object[][] {{"serial", 1, 1000.0}, {"thread-pool", 1, 1000.0}, {"thread-pool", 2, 520.0},
                {"gil-emulated", 1, 1000.0}, {"gil-emulated", 2, 1010.0}}) {
            f.primeOneFork((String) c[0], (int) c[1], JmhJson.quiet((double) c[2]));
        }
        f.gil(100, 69);
        assertVerdict(Verdict.TOO_NOISY, new GilThreadsLesson(), evidence(f), "fewer than 2 independent forks");
    }

    @Test
    void aContradictionFromDisturbedAttemptsOnlyIsTooNoisy() {
        // A gil-emulated that "scales", but only in attempts the runner marked disturbed: no verdict either way.
        JmhJson f = cpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).primeDisturbed("gil-emulated", 2, JmhJson.quiet(515));
        assertVerdict(Verdict.TOO_NOISY, new GilThreadsLesson(), evidence(f), "disturbed");
        JmhJson g = new JmhJson().prime("serial", 1, JmhJson.quiet(1000)).prime("forked-process", 1, JmhJson.quiet(1030))
                .primeDisturbed("forked-process", 2, JmhJson.quiet(1025));
        assertVerdict(Verdict.TOO_NOISY, new ProcessesLesson(), evidence(g), "disturbed");
    }

    // ---- lesson 2 -----------------------------------------------------------------------------------------------

    @Test
    void aForkedProcessThatNeverLeftTheParentScalesLikeThreads() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("forked-process", 1, JmhJson.quiet(1000)).prime("forked-process", 2, JmhJson.quiet(520))
                .with("process.child-cpu-ns", 0).with("process.bytes-sent", 0).with("process.bytes-received", 0);
        assertVerdict(Verdict.CONTRADICTS, new ProcessesLesson(), evidence(f), "did not cross");
        JmhJson none = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("forked-process", 1, JmhJson.quiet(1000)).prime("forked-process", 2, JmhJson.quiet(520));
        assertVerdict(Verdict.NOT_MEASURED, new ProcessesLesson(), evidence(none), "process.child-cpu-ns");
    }

    @Test
    void processesConfirmWhenTheWorkRanInTheChildren() {
        assertVerdict(Verdict.CONFIRMS, new ProcessesLesson(), evidence(cpu()), "crossed to the children");
    }

    // ---- lesson 3 -----------------------------------------------------------------------------------------------

    private static JmhJson sleeps(double gilRatio, int workers, int tasks, double switches) {
        double pool = Math.ceil((double) tasks / workers) * 100 * 1.02;
        return new JmhJson().sleep("thread-pool", workers, tasks, JmhJson.quiet(pool))
                .sleep("gil-emulated", workers, tasks, JmhJson.quiet(pool * gilRatio)).with("gil.switches", switches);
    }

    @Test
    void aThreadPoolPassedOffAsAGilNeverReTakesIt() {
        assertVerdict(Verdict.CONTRADICTS, new SleepsOverlapLesson(), evidence(sleeps(1.0, 16, 100, 0)), "no GIL");
        JmhJson noCounter = new JmhJson().sleep("thread-pool", 16, 100, JmhJson.quiet(714))
                .sleep("gil-emulated", 16, 100, JmhJson.quiet(716));
        assertVerdict(Verdict.NOT_MEASURED, new SleepsOverlapLesson(), evidence(noCounter), "gil.switches");
    }

    @Test
    void theSleepsBandIsCPythonsReTakeQueueForThatManyThreads() {
        // 1,000 threads waking at once: CPython's own queue allows 1 + 1000 x 0.22 / 100 = 3.2x; 16 threads: 1.25x.
        assertVerdict(Verdict.CONFIRMS, new SleepsOverlapLesson(), evidence(sleeps(1.5, 1000, 1000, 2000)));
        assertVerdict(Verdict.CONTRADICTS, new SleepsOverlapLesson(), evidence(sleeps(1.5, 16, 100, 116)));
        assertEquals(3.2, SleepsOverlapLesson.band(1000, 1000, 100), 1e-9);
        assertEquals(SleepsOverlapLesson.SAME_BAND, SleepsOverlapLesson.band(16, 100, 100), 1e-9);
    }

    @Test
    void aGilKeptAcrossTheSleepSerialisesEvenAThousandThreads() {
        assertVerdict(Verdict.CONTRADICTS, new SleepsOverlapLesson(), evidence(sleeps(1000, 1000, 1000, 2000)));
    }

    // ---- lesson 4 -----------------------------------------------------------------------------------------------

    @Test
    void aLateSwitchingGilMakesAWorseConvoyNotATrueOne() {
        // The holder ignores the drop request for ~5 intervals: 25 ms late instead of ~5.
        JmhJson f = new JmhJson().wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.quiet(26)).with("cpu.util", 100);
        assertVerdict(Verdict.CONTRADICTS, new SwitchingCostLesson(), evidence(f), "switches late");
        GilFixtures late = new GilFixtures().sweepWake(1000, JmhJson.quiet(6)).sweepWake(5000, JmhJson.quiet(26))
                .alternating("cpu-cpu-interval", 5000, 25, 20);
        Evidence e = evidence(new JmhJson().prime("serial", 1, JmhJson.quiet(1000)), late);
        assertVerdict(Verdict.CONTRADICTS, new SwitchIntervalLesson(), e, "does not follow the interval");
        assertNotEquals(Verdict.CONFIRMS, new GilTimelineLesson().build(e).verdict());
    }

    @Test
    void aSpinningWaiterInTheConvoyBurnsASecondCore() {
        JmhJson f = new JmhJson().wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.quiet(6.3)).with("cpu.util", 195);
        assertVerdict(Verdict.CONTRADICTS, new SwitchingCostLesson(), evidence(f), "more than one core");
    }

    @Test
    void aTimelineWhoseTurnsNoWaiterAskedForIsNotTheIntervalGil() {
        GilFixtures f = new GilFixtures().alternating("cpu-cpu-interval", 5000, 5.2, 40);
        Evidence healthy = evidence(new JmhJson().prime("serial", 1, JmhJson.quiet(1000)), f);
        assertVerdict(Verdict.CONFIRMS, new GilTimelineLesson(), healthy);
        GilFixtures clock = new GilFixtures().alternatingWithoutDrops("cpu-cpu-interval", 5000, 5.2, 40);
        assertVerdict(Verdict.CONTRADICTS, new GilTimelineLesson(),
                evidence(new JmhJson().prime("serial", 1, JmhJson.quiet(1000)), clock), "drop requests");
    }

    // ---- lesson 5 -----------------------------------------------------------------------------------------------

    @Test
    void aLockThatLosesUpdatesFailsItsCellAndTheLessonIsNotConfirmed() {
        // The runner ran the locked cell end to end; LostUpdateBenchmark's check failed it, so only cells.json holds
        // it. The unlocked cells still lose updates, which alone would have "confirmed".
        StateJson state = new StateJson().bank("serial", 1, false, 100, 100, 100)
                .bank("thread-pool", 16, false, 7, 7, 8, 7, 6).bank("gil-emulated", 16, true, 100, 100, 100, 100, 100)
                .bank("gil-emulated", 16, false, 9, 8, 7);
        JmhJson f = new JmhJson().failed(StateJson.BANK, Map.of("model", "thread-pool", "workers", "16", "options", "",
                "lock", "true", "deposits", "100", "checks", "back-edge"),
                "bank account with a lock: balance 97, expected 100");
        Evidence e = evidence(f, state);
        assertVerdict(Verdict.NOT_MEASURED, new SharedStateLesson(), e, "balance 97, expected 100");
    }

    @Test
    void sharedStateOnOneForkDecidesNothing() {
        StateJson state = new StateJson().bank("thread-pool", 16, false, 7).bank("thread-pool", 16, true, 100, 100, 100);
        assertVerdict(Verdict.TOO_NOISY, new SharedStateLesson(), evidence(new JmhJson(), state), "fork");
    }

    @Test
    void anUnCrossedPipeIsNotProcessesTalking() {
        StateJson f = new StateJson().pingPong("thread-queue", 8, 8.2, 7.9, 8.1, 8).cpu(80, 81, 79)
                .pingPong("process-pipe", 7.5, 7.6, 7.4, 7.5, 7.6).cpu(80, 79, 81);
        assertVerdict(Verdict.CONTRADICTS, new ProcessesTalkLesson(), evidence(new JmhJson(), f), "never crossed");
    }

    // ---- lesson 6 -----------------------------------------------------------------------------------------------

    @Test
    void anEventLoopThatSpinsWhileItWaitsUsesTwoCores() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("event-loop", 1, JmhJson.quiet(1000)).prime("event-loop", 2, JmhJson.quiet(1005)).with("cpu.util", 190);
        assertVerdict(Verdict.CONTRADICTS, new EventLoopLesson(), evidence(f), "more than one core");
    }

    // ---- deciding: which cells the runner gives extra forks ---------------------------------------------------

    @Test
    void anUndecidedLessonNamesItsCellsTheLeastSettledFirst() {
        // gil-emulated at 2 workers is wild; the control and the 1-worker cell are quiet.
        JmhJson f = cpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.wild(800))
                .gil(100, 69);
        Evidence e = evidence(f);
        assertEquals(Verdict.TOO_NOISY, new GilThreadsLesson().build(e).verdict());
        List<String> keys = new GilThreadsLesson().deciding(e);
        assertEquals(CellKey.of(JmhJson.PRIME, new java.util.TreeMap<>(JmhJson.primeParams("gil-emulated", 2))),
                keys.get(0), keys.toString());
        assertEquals(4, keys.size(), keys.toString());
    }

    @Test
    void aDecidedLessonNamesNoCells() {
        JmhJson f = cpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010))
                .gil(100, 69);
        Evidence e = evidence(f);
        assertEquals(Verdict.CONFIRMS, new GilThreadsLesson().build(e).verdict());
        assertTrue(new GilThreadsLesson().deciding(e).isEmpty());
        assertTrue(new ProcessesLesson().deciding(e).isEmpty());
    }

    @Test
    void everyCoreLessonNamesCellsOfTheFolderWhenUndecided() throws Exception {
        // One folder where each core lesson is undecided on wild cells: every key it names is a cell of the folder.
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.wild(520))
                .prime("forked-process", 1, JmhJson.quiet(1030)).prime("forked-process", 2, JmhJson.wild(540))
                .prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.wild(1000))
                .sleep("thread-pool", 16, 100, JmhJson.quiet(714)).sleep("gil-emulated", 16, 100, JmhJson.wild(714))
                .wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.wild(3));
        Path dir = new StateJson().pingPong("thread-queue", 8, 8.2, 7.9).cpu(20, 90, 160)
                .pingPong("process-pipe", 9, 9.1, 8.9).cpu(44).write(f, tmp.resolve("wild"));
        Evidence e = new Evidence(ResultsFolder.load(dir));
        java.util.Set<String> known = new java.util.HashSet<>();
        e.measurements().forEach(m -> known.add(Evidence.key(m)));
        for (Lesson lesson : List.of(new GilThreadsLesson(), new ProcessesLesson(), new SleepsOverlapLesson(),
                new SwitchingCostLesson(), new ProcessesTalkLesson())) {
            assertEquals(Verdict.TOO_NOISY, lesson.build(e).verdict(), lesson.id() + ": " + lesson.build(e).reason());
            List<String> keys = lesson.deciding(e);
            assertFalse(keys.isEmpty(), lesson.id());
            assertTrue(known.containsAll(keys), lesson.id() + " " + keys);
            assertEquals(keys.size(), keys.stream().distinct().count(), lesson.id() + " " + keys);
        }
        // The runner's entry point gives the same answer.
        List<Decisions.Decision> d = Decisions.of(dir, List.of(new SwitchingCostLesson().id()));
        assertEquals(new SwitchingCostLesson().deciding(e), d.get(0).deciding());
    }
}

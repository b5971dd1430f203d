package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verdict branch of every lesson, on small fixtures of healthy and of BROKEN models: a
 * gil-emulated that scales must contradict lesson 1, a forked-process stuck at 1x lesson 2; wild
 * intervals give too-noisy; missing cells not-measured; a disturbed-only cell never confirms.
 */
class LessonVerdictTest {

    @TempDir
    Path tmp;

    private int n;

    private Section build(Lesson lesson, JmhJson fixture) {
        Path dir = fixture.write(tmp.resolve("run-" + (++n)));
        return lesson.build(new Evidence(ResultsFolder.load(dir)));
    }

    /** A healthy 2-core CPU run: threads and processes scale, the GIL does not. */
    private static JmhJson healthyCpu() {
        return new JmhJson()
                .prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520))
                .prime("forked-process", 1, JmhJson.quiet(1030)).prime("forked-process", 2, JmhJson.quiet(540))
                .with("process.child-cpu-ns", 1.0e9).with("process.bytes-sent", 650).with("process.bytes-received", 1105);
    }

    private static void assertVerdict(Verdict expected, Section s) {
        assertEquals(expected, s.verdict(), s.reason());
        assertTrue(!s.reason().isBlank(), "a verdict needs its reason");
    }

    // ---- lesson 1 -----------------------------------------------------------------------------------

    @Test
    void lesson1ConfirmsWhenGilEmulatedStaysFlatAndTheControlScales() {
        JmhJson f = healthyCpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010))
                .gil(100, 69);
        assertVerdict(Verdict.CONFIRMS, build(new GilThreadsLesson(), f));
    }

    @Test
    void lesson1ContradictedByAGilEmulatedThatScales() {
        JmhJson f = healthyCpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(515));
        assertVerdict(Verdict.CONTRADICTS, build(new GilThreadsLesson(), f));
    }

    @Test
    void lesson1TooNoisyWithWildIntervals() {
        JmhJson f = healthyCpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.wild(800));
        assertVerdict(Verdict.TOO_NOISY, build(new GilThreadsLesson(), f));
    }

    @Test
    void lesson1TooNoisyWhenTheGilFreeControlDoesNotScaleEither() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(990))
                .prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010)).gil(100, 69);
        Section s = build(new GilThreadsLesson(), f);
        assertVerdict(Verdict.TOO_NOISY, s);
        assertTrue(s.reason().contains("control"), s.reason());
    }

    @Test
    void lesson1NeverConfirmsFromADisturbedOnlyCell() {
        JmhJson f = healthyCpu().prime("gil-emulated", 1, JmhJson.quiet(1000))
                .primeDisturbed("gil-emulated", 2, JmhJson.quiet(1010));
        Section s = build(new GilThreadsLesson(), f);
        assertVerdict(Verdict.TOO_NOISY, s);
        assertTrue(s.reason().contains("disturbed"), s.reason());
    }

    @Test
    void lesson1NotMeasuredWithoutAMultiWorkerGilCell() {
        // The 1-worker point must not stand in for the missing 2-worker one.
        JmhJson f = healthyCpu().prime("gil-emulated", 1, JmhJson.quiet(1000));
        assertVerdict(Verdict.NOT_MEASURED, build(new GilThreadsLesson(), f));
        assertVerdict(Verdict.NOT_MEASURED, build(new GilThreadsLesson(), new JmhJson().wakeUp(0, JmhJson.quiet(1.1))));
    }

    @Test
    void aTimedOutCellIsALimitNotAPoint() {
        JmhJson f = healthyCpu().prime("gil-emulated", 1, JmhJson.quiet(1000)).primeTimeout("gil-emulated", 2, 60);
        Section s = build(new GilThreadsLesson(), f);
        assertVerdict(Verdict.NOT_MEASURED, s);
        String md = s.blocks().stream().filter(b -> b instanceof Section.Text).map(b -> ((Section.Text) b).markdown())
                .reduce("", String::concat);
        assertTrue(md.contains("did not finish within 60 s"), md);
        // The chart with its limit marker builds.
        s.blocks().stream().filter(b -> b instanceof Section.Figure)
                .forEach(b -> assertTrue(!((Section.Figure) b).chart().panels().get().isEmpty()));
    }

    // ---- lesson 2 -----------------------------------------------------------------------------------

    @Test
    void lesson2ConfirmsWhenProcessesScale() {
        assertVerdict(Verdict.CONFIRMS, build(new ProcessesLesson(), healthyCpu()));
    }

    @Test
    void lesson2ContradictedByAForkedProcessStuckAtOne() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("forked-process", 1, JmhJson.quiet(1030)).prime("forked-process", 2, JmhJson.quiet(1025));
        assertVerdict(Verdict.CONTRADICTS, build(new ProcessesLesson(), f));
    }

    @Test
    void lesson2TooNoisyWithWildIntervals() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("forked-process", 1, JmhJson.quiet(1030)).prime("forked-process", 2, JmhJson.wild(600));
        assertVerdict(Verdict.TOO_NOISY, build(new ProcessesLesson(), f));
    }

    @Test
    void lesson2NotMeasuredWithoutForkedProcess() {
        JmhJson f = new JmhJson().prime("serial", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520));
        assertVerdict(Verdict.NOT_MEASURED, build(new ProcessesLesson(), f));
    }

    // ---- lesson 3 -----------------------------------------------------------------------------------

    private static JmhJson pools(double gil10, double gil100) {
        return new JmhJson().sleep("serial", 1, 10, JmhJson.quiet(1000))
                .sleep("thread-pool", 16, 10, JmhJson.quiet(101)).sleep("thread-pool", 16, 100, JmhJson.quiet(702))
                .sleep("gil-emulated", 16, 10, JmhJson.quiet(gil10)).with("gil.switches", 20)
                .sleep("gil-emulated", 16, 100, JmhJson.quiet(gil100)).with("gil.switches", 116);
    }

    @Test
    void lesson3ConfirmsWhenGilEmulatedOverlapsSleepsLikeThreads() {
        assertVerdict(Verdict.CONFIRMS, build(new SleepsOverlapLesson(), pools(102, 704)));
    }

    @Test
    void lesson3ContradictedByAGilThatSerialisesSleeps() {
        assertVerdict(Verdict.CONTRADICTS, build(new SleepsOverlapLesson(), pools(1000, 7000)));
    }

    @Test
    void lesson3TooNoisyWithWildIntervals() {
        JmhJson f = new JmhJson().sleep("thread-pool", 16, 10, JmhJson.quiet(101))
                .sleep("gil-emulated", 16, 10, JmhJson.wild(101));
        assertVerdict(Verdict.TOO_NOISY, build(new SleepsOverlapLesson(), f));
    }

    @Test
    void lesson3NotMeasuredWithoutAPair() {
        assertVerdict(Verdict.NOT_MEASURED, build(new SleepsOverlapLesson(),
                new JmhJson().sleep("thread-pool", 16, 10, JmhJson.quiet(101))));
        assertVerdict(Verdict.NOT_MEASURED, build(new SleepsOverlapLesson(), healthyCpu()));
    }

    // ---- lesson 4 -----------------------------------------------------------------------------------

    @Test
    void lesson4ConfirmsWhenACompetitorDelaysTheSleeper() {
        JmhJson f = new JmhJson().wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.quiet(6.2)).with("cpu.util", 100)
                .wakeUp(2, JmhJson.quiet(5.3));
        Section s = build(new SwitchingCostLesson(), f);
        assertVerdict(Verdict.CONFIRMS, s);
        assertEquals(5.2, (double) s.numbers().get("latenessOneCompetitorMs"), 1e-9);
    }

    @Test
    void lesson4ContradictedWhenTheSleeperGetsTheGilBackAtOnce() {
        JmhJson f = new JmhJson().wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.quiet(1.15));
        assertVerdict(Verdict.CONTRADICTS, build(new SwitchingCostLesson(), f));
    }

    @Test
    void lesson4TooNoisyWithWildIntervals() {
        JmhJson f = new JmhJson().wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.wild(2.5));
        assertVerdict(Verdict.TOO_NOISY, build(new SwitchingCostLesson(), f));
    }

    @Test
    void lesson4NotMeasuredWithoutTheConvoyBenchmark() {
        assertVerdict(Verdict.NOT_MEASURED, build(new SwitchingCostLesson(), healthyCpu()));
        assertVerdict(Verdict.NOT_MEASURED, build(new SwitchingCostLesson(), new JmhJson().wakeUp(0, JmhJson.quiet(1.1))));
    }

    // ---- the registry ---------------------------------------------------------------------------------

    @Test
    void lessonsAreRegisteredInSeedOrderWithDistinctIds() {
        // Every seed lesson 1..6 has at least one section, and no section claims another number; two
        // sections may serve one lesson (5: shared state, and processes that talk).
        java.util.Set<Integer> served = new java.util.TreeSet<>();
        for (Lesson l : Lessons.ALL) {
            assertTrue(l.number() >= 1 && l.number() <= 6, l.id() + " claims seed lesson " + l.number());
            served.add(l.number());
        }
        assertEquals(java.util.Set.of(1, 2, 3, 4, 5, 6), served);
        assertEquals(List.of(1, 2, 3, 4), Lessons.ALL.subList(0, 4).stream().map(Lesson::number).toList());
        assertEquals(Lessons.ALL.size(), Lessons.ALL.stream().map(Lesson::id).distinct().count());
    }
}

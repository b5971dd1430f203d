package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gilbench.report.analysis.Series;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GIL and CPython sections: every verdict branch of the switch-interval sweep and of the GIL
 * timeline, and the fidelity rows (agree and disagree) of lessons 1-4 with CPython cells, on fixtures.
 */
class GilAndCPythonLessonTest {

    @TempDir
    Path tmp;

    private int n;

    private Path dir() {
        return tmp.resolve("run-" + (++n));
    }

    private static Section build(Lesson lesson, Path folder) {
        return lesson.build(new Evidence(ResultsFolder.load(folder)));
    }

    private static void assertVerdict(Verdict expected, Section s) {
        assertEquals(expected, s.verdict(), s.reason());
        assertFalse(s.reason().isBlank(), "a verdict needs its reason");
    }

    // ---- CPython on the charts: fidelity ------------------------------------------------------------------

    @Test
    void cpythonLabelsNameTheVersionAndTheModel() {
        assertEquals("CPython 3.11 threads (real)", Series.cpythonLabel("cpython-threads", "3.11.7"));
        assertEquals("CPython 2.7 threads (real)", Series.cpythonLabel("cpython2-threads", "2.7.18"));
        assertEquals("CPython 3.13 free-threaded threads (real)", Series.cpythonLabel("cpython-free-threaded", "3.13.1"));
    }

    @Test
    void fidelityAgreesWhenGilEmulatedAndCPythonThreadsAreBothFlat() {
        Path d = new GilFixtures().cpythonPrime("cpython-serial", 1, JmhJson.quiet(1800))
                .cpythonPrime("cpython-threads", 2, JmhJson.quiet(1820))
                .cpythonPrime("cpython-processes", 2, JmhJson.quiet(973))
                .addTo(GilFixtures.healthyJava(dir()));
        Section s = build(new GilThreadsLesson(), d);
        assertEquals(1, s.fidelity().size(), s.fidelity().toString());
        Fidelity f = s.fidelity().get(0);
        assertTrue(f.agree(), f.ratio().toString());
        assertTrue(f.decisive(), f.ratio().toString());
        assertTrue(f.cell().contains("CPython 3.11 threads (real)"), f.cell());
        String text = text(s);
        assertTrue(text.contains("listMultiple=1"), "CPython's smaller list is said");
        assertTrue(text.contains("39.2 s"), "the seed's published numbers are beside this machine's");
        Section p = build(new ProcessesLesson(), d);
        assertEquals(1, p.fidelity().size());
        assertTrue(p.fidelity().get(0).agree(), p.fidelity().get(0).ratio().toString());
    }

    @Test
    void fidelityDisagreesWhenCPythonThreadsScaleButTheEmulationDoesNot() {
        Path d = new GilFixtures().cpythonPrime("cpython-serial", 1, JmhJson.quiet(1800))
                .cpythonPrime("cpython-threads", 2, JmhJson.quiet(920))
                .addTo(GilFixtures.healthyJava(dir()));
        Fidelity f = build(new GilThreadsLesson(), d).fidelity().get(0);
        assertFalse(f.agree(), f.ratio().toString());
        assertTrue(Fidelity.table(List.of(f)).contains("**no**"));
    }

    /** A cell's estimate over three forks whose medians are {@code forkMedians}. */
    private static org.gilbench.contract.Estimate forks(double... forkMedians) {
        double[][] raw = new double[forkMedians.length][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = new double[] {forkMedians[i] * 0.999, forkMedians[i], forkMedians[i] * 1.001};
        }
        return org.gilbench.contract.Estimate.of(new org.gilbench.contract.Metric(forkMedians[0], Double.NaN, "ms/op",
                raw, raw.length * 3L, false));
    }

    @Test
    void fidelityAgreesOnlyWhenBothSidesAreDecisiveAndWithinTheBand() {
        // 100 sleeps on 16 threads, as measured: 7.03 against 7.07 sleeps, each over 3 forks.
        Fidelity close = new Fidelity(3, "sleeps", "time / one sleep", forks(7.02, 7.03, 7.04), forks(7.06, 7.07, 7.08));
        assertTrue(close.ratio().high() < 1, close.ratio().toString());
        assertTrue(close.agree(), close.ratio().toString());
        Fidelity apart = new Fidelity(3, "sleeps", "time / one sleep", forks(7.0, 7.01, 6.99), forks(9.0, 9.02, 8.98));
        assertFalse(apart.agree(), apart.ratio().toString());
        assertTrue(apart.differ(), apart.ratio().toString());
        // Within the band but resting on JMH's error, not forks: the run cannot tell, in either direction.
        Fidelity oneFork = new Fidelity(3, "sleeps", "time / one sleep",
                org.gilbench.contract.Estimate.symmetric(7.03, 0.003, 10, "test"),
                org.gilbench.contract.Estimate.symmetric(7.07, 0.003, 10, "test"));
        assertFalse(oneFork.agree() || oneFork.differ() || oneFork.decisive(), oneFork.ratio().toString());
        assertTrue(Fidelity.table(List.of(oneFork)).contains("cannot tell"));
        // Wide enough to contain 1 is not agreement.
        Fidelity wide = new Fidelity(3, "sleeps", "time / one sleep", forks(5, 7, 9.5), forks(7.06, 7.07, 7.08));
        assertFalse(wide.agree(), wide.ratio().toString());
    }

    @Test
    void cpythonPrimeCheckIsJudgedOnItsOwnListsIdeal() {
        // CPython runs the seed list x1 (13 tasks, one of them the long composite): its bound at 2 workers is lower
        // than the Java side's x5 list, and its speedup is compared as a fraction of that bound.
        Path d = new GilFixtures().cpythonPrime("cpython-serial", 1, JmhJson.quiet(1800))
                .cpythonPrime("cpython-processes", 2, JmhJson.quiet(1060))
                .addTo(GilFixtures.healthyJava(dir()));
        Fidelity f = build(new ProcessesLesson(), d).fidelity().get(0);
        assertTrue(f.measure().contains("own ideal"), f.measure());
        double javaIdeal = Double.parseDouble(f.cell().replaceAll(".*forked-process \\(ideal ([0-9.]+)×\\).*", "$1"));
        double cpythonIdeal = Double.parseDouble(f.cell().replaceAll(".*\\(ideal ([0-9.]+)×\\)$", "$1"));
        assertTrue(cpythonIdeal < javaIdeal, f.cell());
    }

    @Test
    void fidelityWithoutAnIntervalNeverAgrees() {
        Path d = new GilFixtures().cpythonPrime("cpython-serial", 1, 1800)
                .cpythonPrime("cpython-threads", 2, 1810)
                .addTo(GilFixtures.healthyJava(dir()));
        Fidelity f = build(new GilThreadsLesson(), d).fidelity().get(0);
        assertFalse(f.agree());
        assertTrue(Fidelity.table(List.of(f)).contains("cannot tell"));
    }

    @Test
    void sleepsAndConvoyCompareWithCPython() {
        Path d = new GilFixtures().cpythonSleep(16, 100, JmhJson.quiet(706))
                .cpythonConvoy(0, JmhJson.quiet(1.12)).cpythonConvoy(1, JmhJson.quiet(6.4))
                .addTo(GilFixtures.healthyJava(dir()));
        Section io = build(new SleepsOverlapLesson(), d);
        assertEquals(1, io.fidelity().size(), text(io));
        assertTrue(io.fidelity().get(0).agree(), io.fidelity().get(0).ratio().toString());
        Section convoy = build(new SwitchingCostLesson(), d);
        assertEquals(1, convoy.fidelity().size(), text(convoy));
        assertTrue(convoy.fidelity().get(0).agree(), convoy.fidelity().get(0).ratio().toString());
        assertTrue(text(convoy).contains("CPython 3.11 threads (real)"));
    }

    @Test
    void aFolderWithoutCPythonHasNoFidelityRows() {
        Path d = GilFixtures.healthyJava(dir());
        assertTrue(build(new GilThreadsLesson(), d).fidelity().isEmpty());
        assertTrue(build(new SwitchingCostLesson(), d).fidelity().isEmpty());
        assertFalse(text(build(new GilThreadsLesson(), d)).contains("(real)"));
    }

    // ---- the switch-interval sweep ---------------------------------------------------------------------------

    /** A healthy sweep: delay = interval + 0.2 ms, 2 threads as fast as 1. */
    private static GilFixtures healthySweep() {
        GilFixtures f = new GilFixtures();
        for (long us : new long[] {200, 1000, 5000}) {
            f.sweepCpu(us, 1, JmhJson.quiet(70)).sweepCpu(us, 2, JmhJson.quiet(72))
                    .sweepWake(us, JmhJson.quiet(1 + us / 1000.0 + 0.2));
        }
        return f;
    }

    @Test
    void sweepConfirmsWhenTheDelayTracksTheIntervalAndThroughputHolds() {
        Section s = build(new SwitchIntervalLesson(), healthySweep().writeAlone(dir()));
        assertVerdict(Verdict.CONFIRMS, s);
        assertTrue(text(s).contains("intervals in CPython"), "the time-scale table is there");
    }

    @Test
    void sweepContradictedByADelayThatIgnoresTheInterval() {
        GilFixtures f = new GilFixtures();
        for (long us : new long[] {1000, 5000}) {
            f.sweepWake(us, JmhJson.quiet(1.1));  // 0.1 ms late whatever the interval
        }
        assertVerdict(Verdict.CONTRADICTS, build(new SwitchIntervalLesson(), f.writeAlone(dir())));
    }

    @Test
    void sweepContradictedByThroughputThatHalves() {
        GilFixtures f = new GilFixtures().sweepCpu(1000, 1, JmhJson.quiet(70)).sweepCpu(1000, 2, JmhJson.quiet(140))
                .sweepWake(1000, JmhJson.quiet(2.2));
        Section s = build(new SwitchIntervalLesson(), f.writeAlone(dir()));
        assertVerdict(Verdict.CONTRADICTS, s);
        assertTrue(s.reason().contains("throughput"), s.reason());
    }

    @Test
    void sweepTooNoisyWithWildIntervals() {
        GilFixtures f = new GilFixtures().sweepCpu(1000, 1, JmhJson.wild(70)).sweepCpu(1000, 2, JmhJson.quiet(70))
                .sweepWake(1000, JmhJson.wild(2));
        assertVerdict(Verdict.TOO_NOISY, build(new SwitchIntervalLesson(), f.writeAlone(dir())));
    }

    @Test
    void sweepNotMeasuredWithoutItsBenchmarks() {
        Section s = build(new SwitchIntervalLesson(), GilFixtures.healthyJava(dir()));
        assertVerdict(Verdict.NOT_MEASURED, s);
        assertTrue(s.reason().contains("GilSweepBenchmark"), s.reason());
    }

    @Test
    void sweepBelowOneMillisecondIsDrawnButNotJudged() {
        // 0.2 ms: 0.5 ms late = 2.5 intervals, outside the band, yet below JUDGED_FROM_US.
        GilFixtures f = new GilFixtures().sweepWake(200, JmhJson.quiet(1.5)).sweepWake(1000, JmhJson.quiet(2.2));
        assertVerdict(Verdict.CONFIRMS, build(new SwitchIntervalLesson(), f.writeAlone(dir())));
    }

    // ---- the GIL timeline --------------------------------------------------------------------------------------

    @Test
    void timelineConfirmsSlicesOfAboutOneInterval() {
        Path d = new GilFixtures().alternating("cpu-cpu-interval", 5000, 5.3, 20).writeAlone(dir());
        Section s = build(new GilTimelineLesson(), d);
        assertVerdict(Verdict.CONFIRMS, s);
        assertTrue(text(s).contains("ui.perfetto.dev"));
    }

    @Test
    void timelineContradictedBySlicesFarShorterThanTheInterval() {
        Path d = new GilFixtures().alternating("cpu-cpu-interval", 5000, 0.3, 40).writeAlone(dir());
        assertVerdict(Verdict.CONTRADICTS, build(new GilTimelineLesson(), d));
    }

    @Test
    void timelineContradictedByAStarvedThread() {
        Path d = new GilFixtures().starved("cpu-cpu-interval", 5000, 300).writeAlone(dir());
        Section s = build(new GilTimelineLesson(), d);
        assertVerdict(Verdict.CONTRADICTS, s);
        assertTrue(s.reason().contains("starved"), s.reason());
    }

    @Test
    void timelineTooNoisyWithSlicesFarLongerOrTooFew() {
        Path longer = new GilFixtures().alternating("cpu-cpu-interval", 5000, 40, 8).writeAlone(dir());
        assertVerdict(Verdict.TOO_NOISY, build(new GilTimelineLesson(), longer));
        Path few = new GilFixtures().alternating("cpu-cpu-interval", 5000, 5, 3).writeAlone(dir());
        assertVerdict(Verdict.TOO_NOISY, build(new GilTimelineLesson(), few));
    }

    @Test
    void timelineNotMeasuredWithoutTheFolderOrTheScenario() throws Exception {
        assertVerdict(Verdict.NOT_MEASURED, build(new GilTimelineLesson(), GilFixtures.healthyJava(dir())));
        Path other = new GilFixtures().alternating("cpu-io-interval", 5000, 5, 10).writeAlone(dir());
        assertVerdict(Verdict.NOT_MEASURED, build(new GilTimelineLesson(), other));
        Path bad = GilFixtures.healthyJava(dir());
        Files.createDirectories(bad.resolve("gil-timeline"));
        Files.writeString(bad.resolve("gil-timeline/cpu-cpu-interval.json"), "{\"threads\": [");
        Evidence e = new Evidence(ResultsFolder.load(bad));
        assertVerdict(Verdict.NOT_MEASURED, new GilTimelineLesson().build(e));
        assertTrue(e.warnings().stream().anyMatch(w -> w.contains("not a GIL timeline")), e.warnings().toString());
    }

    private static String text(Section s) {
        StringBuilder b = new StringBuilder();
        for (Section.Block block : s.blocks()) {
            if (block instanceof Section.Text t) {
                b.append(t.markdown());
            }
        }
        return b.toString();
    }
}

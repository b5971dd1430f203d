package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.report.analysis.AboveBound;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core lessons' seeds-table rows, and the word every speedup above its bound gets (issue 18, items 7 and the seeds). */
class CoreSeedsTest {

    @TempDir
    Path tmp;

    private static Map<String, SeedRow> rows(Evidence e) {
        Map<String, SeedRow> rows = new LinkedHashMap<>();
        for (Lesson l : List.of(new GilThreadsLesson(), new ProcessesLesson(), new SleepsOverlapLesson(),
                new SwitchingCostLesson(), new GilTimelineLesson(), new SwitchIntervalLesson(), new SharedStateLesson(),
                new ProcessesTalkLesson(), new EventLoopLesson())) {
            l.build(e).seeds().forEach(r -> rows.putIfAbsent(r.id(), r));
        }
        return rows;
    }

    @Test
    void everyCoreIdHasARowWithTheSeedsLines() {
        Map<String, SeedRow> rows = rows(new Evidence(ResultsFolder.load(JmhJsonAccess.withEverything(tmp.resolve("all")))));
        for (String id : List.of("prime-check", "range-sum", "count-loop", "gil-switching", "bank-account", "change-it",
                "ping-pong", "event-loop", "process-start")) {
            assertTrue(rows.containsKey(id), id + " missing: " + rows.keySet());
            assertTrue(rows.get(id).seeds().startsWith("seed 0"), id + ": " + rows.get(id).seeds());
        }
        SeedRow prime = rows.get("prime-check");
        assertTrue(prime.measured(), prime.reason());
        assertEquals(39.213 / 27.497, prime.published().value(), 1e-9);
        // gil-emulated 1010 ms / forked-process 540 ms at 2 workers: this run's threads / processes.
        assertEquals(1010 / 540.0, prime.here().value().value(), 0.02);
        assertTrue(prime.scaling().contains("ideal"), prime.scaling());
        assertFalse(rows.get("range-sum").measured(), "no range-sum cells in the fixture");
        assertFalse(rows.get("bank-account").measured());
    }

    @Test
    void aSpeedupAboveItsBoundIsExplainedFromTheBaseline() {
        // prime-check on 2 cores: serial 1100 ms (slow), the pool's own 1-worker run 1000 ms, 2 workers 520 ms: 2.12x
        // over serial against a bound of 1.95x, but 1.92x against its own 1-worker time.
        Path d = new JmhJson().prime("serial", 1, JmhJson.quiet(1100)).with("cpu.util", 90)
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520))
                .write(tmp.resolve("above"));
        Evidence e = new Evidence(ResultsFolder.load(d));
        ScalingAnalysis.Curve pool = e.headlineCpu().orElseThrow().stream()
                .filter(c -> c.series().model().equals("thread-pool")).findFirst().orElseThrow();
        ScalingAnalysis.Point two = pool.points().stream().filter(p -> p.workers() == 2).findFirst().orElseThrow();
        assertTrue(two.speedup().value() > two.ideal(), two.speedup() + " vs " + two.ideal());
        String why = AboveBound.explain(pool, two);
        assertTrue(why.contains("the excess is the serial baseline's"), why);
        assertTrue(why.contains("off its core"), why);
        String text = new GilThreadsLesson().build(e).blocks().stream().filter(b -> b instanceof Section.Text)
                .map(b -> ((Section.Text) b).markdown()).reduce("", String::concat);
        assertTrue(text.contains("Speedups above their bound"), "shown with a word, never alone");
        ScalingAnalysis.Point one = pool.points().stream().filter(p -> p.workers() == 1).findFirst().orElseThrow();
        assertTrue(AboveBound.explain(pool, one).contains("own 1-worker cell"), AboveBound.explain(pool, one));
        ScalingAnalysis.Curve healthy = new Evidence(ResultsFolder.load(new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 2, JmhJson.quiet(540)).write(tmp.resolve("within")))).headlineCpu().orElseThrow()
                .stream().filter(c -> c.series().model().equals("thread-pool")).findFirst().orElseThrow();
        assertEquals("", AboveBound.explain(healthy, healthy.points().get(0)), "a speedup within its bound needs no word");
    }
}

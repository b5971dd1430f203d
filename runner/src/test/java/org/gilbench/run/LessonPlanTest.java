package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import org.gilbench.model.Model;
import org.gilbench.report.Decisions.Decision;
import org.gilbench.report.lesson.Lesson;
import org.gilbench.report.lesson.Lessons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lessons -> cells (--lesson), the re-measuring order from the verdicts, and estimates learned from history. */
class LessonPlanTest {

    private static Plan quick() {
        Selection s = new Selection(Profile.QUICK, 2, Model.NAMES, Experiments.workloadNames(), List.of());
        return Plan.build(s, Experiments.ALL, Plan.fromBenchmarkList());
    }

    @Test
    void everyEvidenceNameIsAPlanEntryACPythonBenchmarkOrTheTimeline() {
        Set<String> entries = Experiments.ALL.stream().map(Experiment::name).collect(Collectors.toSet());
        for (Lesson l : Lessons.ALL) {
            for (String e : l.evidence()) {
                assertTrue(entries.contains(e) || e.startsWith("cpython.") || e.equals(TimelineStep.FOLDER),
                        l.id() + " reads '" + e + "', which the runner cannot plan");
            }
        }
    }

    @Test
    void aLessonsPlanHoldsEveryJavaEntryItReadsAndNothingElse() {
        Plan all = quick();
        for (Lesson l : Lessons.ALL) {
            Plan p = new LessonChoice(List.of(l)).restrict(all);
            Set<String> planned = p.cells().stream().map(Cell::experiment).collect(Collectors.toSet());
            for (String e : l.evidence()) {
                if (all.cells().stream().anyMatch(c -> c.experiment().equals(e))) { // entries the quick profile measures (some are --full only)
                    assertTrue(planned.contains(e), l.id() + ": no cell of " + e);
                }
            }
            assertTrue(l.evidence().containsAll(planned), l.id() + " plans " + planned);
            assertTrue(p.cells().size() < all.cells().size() || l.evidence().containsAll(
                    all.cells().stream().map(Cell::experiment).toList()), l.id());
        }
    }

    @Test
    void aLessonThatNamesItsModelsPlansOnlyThose() {
        Plan all = quick();
        Lesson gil = Lessons.ALL.stream().filter(l -> l.id().equals("cpu-threads-under-gil")).findFirst().orElseThrow();
        assertFalse(gil.models().isEmpty(), "lesson 1 names the models it compares");
        Plan p = new LessonChoice(List.of(gil)).restrict(all);
        for (Cell c : p.cells()) {
            String model = c.params().get("model");
            assertTrue(model == null || gil.models().contains(model), c.id() + " is not a model lesson 1 compares");
        }
        // What it judges is planned: the GIL, its GIL-free control and the serial baseline, each at its workers.
        for (String model : List.of("serial", "thread-pool", "gil-emulated")) {
            assertTrue(p.cells().stream().anyMatch(c -> c.experiment().equals("prime-check")
                    && model.equals(c.params().get("model"))), "no prime-check cell of " + model);
        }
        assertTrue(p.cells().stream().noneMatch(c -> "forked-process".equals(c.params().get("model"))));
        assertTrue(p.cells().size() < all.cells().size() / 4, p.cells().size() + " cells");
    }

    @Test
    void numbersAreSeedLessonsAndIdsAreOneSection() {
        assertEquals(List.of("cpu-threads-under-gil"), LessonChoice.parse("1").ids());
        List<String> four = LessonChoice.parse("4").ids();
        assertTrue(four.size() >= 3 && four.contains("switch-interval") && four.contains("gil-timeline"), four.toString());
        assertEquals(List.of("switch-interval"), LessonChoice.parse("switch-interval").ids());
        // Report order, each once, whatever order they are given in.
        List<String> both = LessonChoice.parse("switch-interval,1,4").ids();
        assertEquals("cpu-threads-under-gil", both.get(0));
        assertEquals(both.size(), Set.copyOf(both).size(), both.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LessonChoice.parse("9"));
        assertTrue(e.getMessage().startsWith("unknown lesson '9' in --lesson (seed lesson numbers 1, 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LessonChoice.parse(""));
    }

    private static Cell cell(String id) {
        return new Cell(id, "x", JmhCellRunner.KIND, "org.gilbench.bench.X.m", Cell.paramsOf("id", id),
                Cell.Iterations.singleShot(1, 2), 2.0, id);
    }

    @Test
    void eachUndecidedLessonGivesItsMostDecisiveCellAFork() {
        Cell a = cell("a");
        Cell b = cell("b");
        Cell c = cell("c");
        Map<String, Cell> byKey = Map.of(a.key(), a, b.key(), b, c.key(), c);
        Map<String, Integer> extras = new HashMap<>();
        List<Decision> undecided = List.of(new Decision("one", "too-noisy", "wide", List.of(a.key(), b.key())),
                new Decision("two", "too-noisy", "wide", List.of(a.key(), c.key())),
                new Decision("three", "too-noisy", "failed cell", List.of()));
        // Both lessons name a first: one fork of it serves both, once.
        assertEquals(List.of(a), Remeasuring.pass(undecided, byKey, extras));
        extras.put("a", Remeasuring.MAX_EXTRA_FORKS);
        // a is capped: each lesson's next most decisive cell.
        assertEquals(List.of(b, c), Remeasuring.pass(undecided, byKey, extras));
        extras.put("b", Remeasuring.MAX_EXTRA_FORKS);
        extras.put("c", Remeasuring.MAX_EXTRA_FORKS);
        assertTrue(Remeasuring.pass(undecided, byKey, extras).isEmpty(), "every cell capped: nothing left to run");
    }

    @Test
    void estimatesLearnFromEarlierRunsOfTheSameProfile(@TempDir Path results) throws Exception {
        Plan plan = quick();
        Cell measured = plan.cells().get(0);
        Path run = results.resolve("host-20260101-120000");
        Files.createDirectories(run);
        Files.writeString(run.resolve(MachineInfo.NAME), "{\"profile\": \"quick\"}");
        CellsFile cells = new CellsFile(List.of(measured));
        for (double wall : new double[] {9.0, 10.0, 11.0}) {
            cells.add(measured.id(), new Attempt(1, 1, null, "x.json", AttemptStatus.OK, wall, 0.0, null, 1.0, "ms/op",
                    List.of(1.0)));
        }
        cells.add(measured.id(), new Attempt(2, 1, null, "y.json", AttemptStatus.DISTURBED, 99.0, 1.0, null, 1.0,
                "ms/op", List.of(1.0)));
        cells.write(run);
        Plan learned = History.load(results, Profile.QUICK).apply(plan);
        assertEquals(10.0, learned.cells().get(0).estimateSeconds(), 1e-9, "the median of the undisturbed attempts");
        double scale = 10.0 / measured.estimateSeconds();
        Cell other = plan.cells().get(1);
        assertEquals(other.estimateSeconds() * scale, learned.cells().get(1).estimateSeconds(), 1e-9,
                "cells not measured before: scaled like the measured ones");
        assertTrue(learned.notes().stream().anyMatch(n -> n.startsWith("estimates learned from 1 earlier quick run")),
                learned.notes().toString());
        assertEquals(plan, History.load(results, Profile.FULL).apply(plan), "a full plan does not learn from a quick run");
        assertFalse(History.load(results.resolve("none"), Profile.QUICK).apply(plan) != plan);
    }
}

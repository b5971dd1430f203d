package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gilbench.cpython.CPythonCell;
import org.gilbench.cpython.CPythonPlan;
import org.gilbench.cpython.Python;
import org.gilbench.model.Model;
import org.gilbench.report.lesson.ThreadLessons;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's plan entries: the quick profile's cost within the group's 90 s (rounds and fork starts included),
 * two forks for the verdict cells, round 1 for the shown ones, socket-io paired with sleep-io's cells, and the
 * CPython cells routed to their own script.
 */
class ThreadExperimentsTest {

    /** Issue 22's share of the quick profile, rounds and fork starts included. */
    private static final double BUDGET_SECONDS = 90;
    /** Of which the CPython cells (3.11, ~2 s a round). */
    private static final Python PY311 = new Python(Path.of("/py/3.11"), "3.11.7", 3, 11, true, "PATH");
    private static final Python PY27 = new Python(Path.of("/py/2.7"), "2.7.18", 2, 7, true, "pyenv");

    private static Plan quick() {
        return Plan.build(new Selection(Profile.QUICK, 2, Model.NAMES, Experiments.workloadNames(), List.of()),
                Experiments.ALL, Plan.fromBenchmarkList());
    }

    private static List<Cell> mine(Plan p) {
        return p.cells().stream().filter(c -> ThreadLessons.PLAN_ENTRIES.contains(c.experiment())).toList();
    }

    @Test
    void theQuickProfileFitsTheGroupsBudget() {
        int rounds = Profile.QUICK.defaultRounds();
        double java = mine(quick()).stream().mapToDouble(c -> c.estimateSeconds() * c.roundsOf(rounds)).sum();
        List<CPythonCell> all = CPythonPlan.cells("quick", 2, PY311);
        double cpython = all.stream().filter(c -> c.script(Path.of("cpython/gilbench_cpython.py")).endsWith(
                "gilbench_threads.py")).mapToDouble(CPythonCell::estimateSeconds).sum() * rounds;
        assertTrue(java + cpython <= BUDGET_SECONDS, "issue 22 quick: " + java + " s Java + " + cpython + " s CPython");
        assertTrue(java > 30, "every entry is in the default quick plan: " + java + " s");
    }

    @Test
    void verdictCellsGetTwoForksAndShownCellsOne() {
        List<String> verdict = List.of(ThreadLessons.SOCKET_IO, ThreadLessons.DOWNLOADS, ThreadLessons.SUSPENSION_BANK);
        List<Cell> cells = mine(quick());
        assertEquals(ThreadLessons.PLAN_ENTRIES.size() - 2, cells.stream().map(Cell::experiment).distinct().count(),
                "every Java entry planned (the two CPython names are CPythonPlan's)");
        for (Cell c : cells) {
            assertEquals(verdict.contains(c.experiment()) ? 2 : 1, c.roundsOf(3), c.id());
        }
    }

    @Test
    void everySocketCellHasItsSleepPartner() {
        Plan p = quick();
        List<Cell> sockets = p.cells().stream().filter(c -> c.experiment().equals(ThreadLessons.SOCKET_IO)).toList();
        assertEquals(3, sockets.size(), sockets.toString());
        for (Cell s : sockets) {
            Map<String, String> want = Map.of("model", s.params().get("model"), "workers", s.params().get("workers"),
                    "tasks", s.params().get("tasks"), "millis", s.params().get("millis"));
            assertTrue(p.cells().stream().anyMatch(c -> c.experiment().equals(org.gilbench.workload.SleepIo.NAME)
                    && c.params().entrySet().containsAll(want.entrySet())), "no sleep-io partner for " + s.id());
        }
    }

    @Test
    void cpythonCellsGoToTheThreadsScriptOnPython3Only() {
        Path driver = Path.of("cpython", "gilbench_cpython.py");
        List<CPythonCell> cells = CPythonPlan.cells("quick", 2, PY311);
        List<CPythonCell> threads = cells.stream().filter(c -> c.script(driver).endsWith("gilbench_threads.py")).toList();
        assertEquals(3, threads.size(), threads.toString());
        assertTrue(threads.stream().allMatch(c -> c.runsOn(PY311)));
        assertTrue(threads.get(0).command(PY311, driver, Path.of("x.json")).get(1).endsWith("gilbench_threads.py"));
        assertTrue(cells.stream().filter(c -> c.experiment().equals("prime-check"))
                .allMatch(c -> c.script(driver).equals(driver)), "the core's cells keep the core driver");
        assertTrue(CPythonPlan.cells("quick", 2, PY27).stream().noneMatch(c -> c.script(driver).endsWith("gilbench_threads.py")));
    }

    @Test
    void theEntriesNamesAreAcceptedByWorkloads() {
        assertTrue(Experiments.workloadNames().containsAll(ThreadExperiments.LESSONS));
        assertTrue(Experiments.workloadNames().containsAll(List.of(ThreadLessons.SOCKET_IO, ThreadLessons.PORT_SCAN,
                ThreadLessons.DOWNLOADS)));
    }
}

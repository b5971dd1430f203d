package org.gilbench.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which CPython cells each profile runs, and that the quick profile stays within its budget. */
class CPythonPlanTest {

    static final Python PY311 = new Python(Path.of("/py/3.11"), "3.11.7", 3, 11, true, "PATH");
    static final Python PY27 = new Python(Path.of("/py/2.7"), "2.7.18", 2, 7, true, "pyenv");
    static final Python PY313T = new Python(Path.of("/py/3.13t"), "3.13.0", 3, 13, false, "PATH");

    static Set<String> keys(List<CPythonCell> cells, Python p) {
        Set<String> keys = new HashSet<>();
        cells.forEach(c -> assertTrue(keys.add(c.key(p)), "twice: " + c.key(p)));
        return keys;
    }

    @Test
    void quickMirrorsTheJavaCellsAtSmallerSizes() {
        List<CPythonCell> cells = CPythonPlan.cells("quick", 2, PY311);
        Set<String> keys = keys(cells, PY311);
        String common = "python=3.11.7,variant=seed,workers=";
        assertTrue(keys.contains("cpython.prime-check{build=default,listMultiple=1,model=cpython-serial," + common + "1}"), keys.toString());
        assertTrue(keys.contains("cpython.prime-check{build=default,listMultiple=1,model=cpython-threads," + common + "2}"));
        assertTrue(keys.contains("cpython.prime-check{build=default,listMultiple=1,model=cpython-processes," + common + "2}"));
        assertTrue(keys.contains("cpython.sleep-io{build=default,millis=100,model=cpython-threads,python=3.11.7,tasks=100,workers=16}"));
        assertTrue(keys.contains("cpython.sleep-io{build=default,millis=100,model=cpython-threads,python=3.11.7,tasks=1000,workers=1000}"));
        for (int c = 0; c <= 2; c++) {
            assertTrue(keys.contains("cpython.convoy{build=default,competitors=" + c + ",model=cpython-threads,python=3.11.7,tasks=50,workers=1}"));
        }
        cells.forEach(c -> assertTrue(c.runsOn(PY311), c.toString()));
        // The process programs set their own counts (10 starts, 3 batches): exact answers, sized per program.
        cells.stream().filter(c -> !ProcessCPythonCells.EXPERIMENTS.contains(c.experiment()))
                .forEach(c -> assertEquals(2, c.ops(), c.toString()));
    }

    @Test
    void quickFitsItsBudgetOnTwoCores() {
        // CPython's share of the quick profile, python3 and 2.7 together: at most 45 s a round, 1:30 over its two
        // rounds (this round's process, thread and distributed programs and the live ping-pong included). The
        // whole plan, CPython with it, is held to the 10-minute budget by PlanTest.
        double perRound = CPythonPlan.totalSeconds(CPythonPlan.cells("quick", 2, List.of(PY311, PY27)));
        assertTrue(perRound <= 45, "one quick round of CPython cells: " + perRound + " s");
        assertTrue(perRound >= 10, "estimates suspiciously low: " + perRound + " s");
    }

    @Test
    void fullSweepsWorkersToTwiceTheCoresWithASerialBaseline() {
        Set<String> keys = keys(CPythonPlan.cells("full", 2, PY311), PY311);
        for (int w : new int[] {1, 2, 4}) {
            assertTrue(keys.contains("cpython.prime-check{build=default,listMultiple=2,model=cpython-processes,"
                    + "python=3.11.7,variant=seed,workers=" + w + "}"), keys.toString());
        }
        assertTrue(keys.contains("cpython.prime-check{build=default,listMultiple=2,model=cpython-serial,"
                + "python=3.11.7,variant=seed,workers=1}"));
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("cpython.ping-pong{") && k.contains("model=cpython-processes")));
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("cpython.bank-account{") && k.contains("lock=lock")));
    }

    @Test
    void eachBuildGetsItsOwnModelsAndItsOwnSerialBaseline() {
        for (Python p : List.of(PY311, PY27, PY313T)) {
            List<CPythonCell> cells = CPythonPlan.cells("quick", 4, p);
            cells.forEach(c -> assertTrue(c.runsOn(p), c + " on " + p));
            assertEquals("cpython-serial", cells.get(0).model(), p.toString());
        }
        List<CPythonCell> old = CPythonPlan.cells("quick", 4, PY27);
        assertTrue(old.stream().anyMatch(c -> c.experiment().equals("change-it") && c.model().equals("cpython2-threads")));
        List<CPythonCell> free = CPythonPlan.cells("quick", 4, PY313T);
        assertTrue(free.stream().anyMatch(c -> c.model().equals("cpython-free-threaded") && c.params().get("workers").equals("4")));
    }

    @Test
    void estimatesFollowTheModels() {
        List<CPythonCell> cells = CPythonPlan.cells("quick", 2, PY311);
        double threads = estimate(cells, "prime-check", "cpython-threads", "2");
        double processes = estimate(cells, "prime-check", "cpython-processes", "2");
        assertTrue(processes < threads, processes + " vs " + threads);
    }

    private static double estimate(List<CPythonCell> cells, String experiment, String model, String workers) {
        return cells.stream()
                .filter(c -> c.experiment().equals(experiment) && c.model().equals(model) && c.params().get("workers").equals(workers))
                .findFirst().orElseThrow().estimateSeconds();
    }

    @Test
    void badProfileOrCoresAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPythonPlan.cells("medium", 2, PY311));
        assertEquals("profile 'medium' unknown (known: quick, full)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CPythonPlan.cells("quick", 0, PY311));
    }
}

package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.cpython.CPythonCell;
import org.gilbench.cpython.CPythonPlan;
import org.gilbench.cpython.Interpreters;
import org.gilbench.cpython.InterpretersTest;
import org.gilbench.cpython.Python;
import org.gilbench.model.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPython cells in the runner: --python / --no-python (none, one, several, a bad path) with the fake
 * interpreters of the cpython tests, the plan entries they make, and their keys.
 */
class CPythonCellsTest {

    @TempDir
    Path dir;

    private static RunBenchCliTest.Run run(String... args) {
        return RunBenchCliTest.run(args);
    }

    private static final Python PY311 = new Python(Path.of("/usr/bin/python3"), "3.11.7", 3, 11, true, "PATH");
    private static final Python PY27 = new Python(Path.of("/usr/bin/python2.7"), "2.7.18", 2, 7, true, "PATH");

    @Test
    void noPythonPlansTheEmulationOnlyAndSaysSo() {
        RunBenchCliTest.Run r = run("--dry-run", "--no-python", "--workloads", "sleep-io", "--models", "serial");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(Interpreters.NONE_FOUND), r.out());
        assertFalse(r.out().contains("cpython-"), r.out());
    }

    @Test
    void noneFoundByDiscoveryIsTheSameLineAndAnEmptyPlanEntry() {
        RunBench command = new RunBench();
        Interpreters.Found found = command.interpreters(new Interpreters(List.of(dir)));
        assertTrue(found.isEmpty());
        Selection s = new Selection(Profile.QUICK, 2, List.of("serial"), List.of("prime-check"), List.of());
        Plan plan = RunBench.plan(s, found);
        assertTrue(plan.notes().contains(Interpreters.NONE_FOUND), plan.notes().toString());
        assertTrue(plan.cells().stream().noneMatch(c -> c.runner().equals(CPythonCellRunner.KIND)));
    }

    @Test
    void oneChosenPythonAddsItsCellsToTheRounds() throws Exception {
        Path py = InterpretersTest.fakePython(dir, "python3", "CPython", "3.11.7", true);
        RunBenchCliTest.Run r = run("--dry-run", "--python", py.toString(), "--models", "serial");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("cpython-3.11.7 "), r.out());
        assertTrue(r.out().contains("CPython beside the emulation: CPython 3.11.7 (" + py + ")"), r.out());
    }

    @Test
    void severalChosenPythonsEachGetAPlanEntry() throws Exception {
        Path py3 = InterpretersTest.fakePython(dir, "python3", "CPython", "3.11.7", true);
        Path py2 = InterpretersTest.fakePython(dir, "python2.7", "CPython", "2.7.18", true);
        Path ft = InterpretersTest.fakePython(dir, "python3.13t", "CPython", "3.13.0", false);
        RunBenchCliTest.Run r = run("--dry-run", "--python", py3.toString(), "--python", py2.toString(), "--python", ft.toString(),
                "--models", "serial");
        assertEquals(0, r.exit(), r.err());
        for (String entry : List.of("cpython-3.11.7 ", "cpython-2.7.18 ", "cpython-3.13.0t ")) {
            assertTrue(r.out().contains(entry), entry + " missing: " + r.out());
        }
    }

    @Test
    void aBadPythonPathIsOneLineAndExitTwo() throws Exception {
        Path notPython = InterpretersTest.script(dir, "hello", "echo hello");
        for (String path : List.of(dir.resolve("missing").toString(), notPython.toString())) {
            RunBenchCliTest.Run r = run("--dry-run", "--python", path);
            assertEquals(2, r.exit(), path + ": " + r.out() + r.err());
            List<String> lines = List.of(r.err().split("\n"));
            assertTrue(lines.get(0).startsWith("run-bench.sh: --python " + path + ": "), r.err());
            assertEquals(2, lines.size(), "one line and the usage hint: " + r.err());
            assertTrue(r.out().isEmpty(), r.out());
        }
        RunBenchCliTest.Run both = run("--dry-run", "--no-python", "--python", notPython.toString());
        assertEquals(2, both.exit(), both.err());
    }

    @Test
    void cellKeysAreTheKeysOfTheDriversJson() {
        Selection s = new Selection(Profile.QUICK, 2, Model.NAMES, Experiments.workloadNames(), List.of());
        List<Cell> cells = CPythonCellRunner.experiments(List.of(PY311, PY27)).stream()
                .flatMap(e -> e.cells(s, new ArrayList<>()).stream()).toList();
        List<CPythonCell> planned = new ArrayList<>(CPythonPlan.cells("quick", 2, PY311));
        planned.addAll(CPythonPlan.cells("quick", 2, PY27));
        assertEquals(planned.size(), cells.size());
        CPythonCellRunner runner = new CPythonCellRunner(List.of(PY311, PY27), Path.of("driver.py"));
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            Python p = runner.python(c);
            assertEquals(planned.get(i).key(p), c.key(), "the report's key");
            assertEquals(planned.get(i).params(), runner.cpythonCell(c).params());
            assertEquals(CPythonCellRunner.KIND, c.runner());
        }
        assertEquals(cells.size(), cells.stream().map(Cell::id).distinct().count(), "ids name files: unique");
        assertTrue(cells.stream().allMatch(c -> c.id().matches("[A-Za-z0-9.-]+")), Cell.ids(cells).toString());
        // Distributions and timings in every round (a verdict needs two forks).
        assertTrue(cells.stream().filter(c -> c.benchmark().equals("cpython.change-it")).allMatch(c -> c.rounds() == 0)); // issue 18: every round
        assertTrue(cells.stream().filter(c -> c.benchmark().equals("cpython.count-loop")).allMatch(c -> c.rounds() == 0));
    }

    @Test
    void quickPrimeCheckMeasuresOneOperationPerRound() {
        CPythonCell planned = CPythonPlan.cells("quick", 2, PY311).get(0);
        assertEquals("prime-check", planned.experiment());
        CPythonCell quick = CPythonCellRunner.quick(planned);
        assertEquals(1, quick.ops());
        assertEquals(planned.warmup(), quick.warmup());
        assertTrue(quick.estimateSeconds() < planned.estimateSeconds());
        CPythonCell sleep = CPythonPlan.cells("quick", 2, PY311).stream()
                .filter(c -> c.experiment().equals("sleep-io")).findFirst().orElseThrow();
        assertEquals(sleep, CPythonCellRunner.quick(sleep), "only prime-check is cut");
    }

    @Test
    void theScoreIsReadFromTheJmhFormatJson() throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, "[{\"benchmark\": \"cpython.count-loop\", \"primaryMetric\": {\"score\": 812.5,"
                + " \"scoreUnit\": \"ms/op\", \"rawData\": [[800.0, 825.0]]}}]");
        CellRunner.Score score = CPythonCellRunner.score(json);
        assertEquals(812.5, score.score());
        assertEquals("ms/op", score.unit());
        assertEquals(List.of(800.0, 825.0), score.operations());
    }
}

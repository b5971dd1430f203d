package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cells.json: what --resume reads back, and when a round is done for a cell. */
class CellsFileTest {

    private static final Cell A = new Cell("a", "x", "jmh", "org.gilbench.bench.X.m", Cell.paramsOf("model", "serial",
            "workers", "1"), Cell.Iterations.singleShot(1, 3), 5, "");
    private static final Cell B = new Cell("b", "x", "jmh", "org.gilbench.bench.X.m", Cell.paramsOf("model", "thread-pool",
            "workers", "2"), Cell.Iterations.singleShot(1, 3), 5, "");

    private static Attempt attempt(int round, int n, String status) {
        return new Attempt(round, n, null, "jmh/round-" + round + "/a.json", AttemptStatus.of(status), 4.2, 0.3, null, 600.0, "ms/op",
                List.of(600.0, 601.0, 599.0));
    }

    @Test
    void attemptsSurviveAResumeAndSayWhichRoundsAreDone(@TempDir Path dir) throws Exception {
        CellsFile file = new CellsFile(List.of(A, B));
        file.add("a", attempt(1, 1, "ok"));
        file.add("b", attempt(1, 1, "disturbed"));
        file.write(dir);
        String json = Files.readString(dir.resolve(CellsFile.NAME));
        assertTrue(json.contains("\"key\" : \"org.gilbench.bench.X.m{model=serial,workers=1}\""), json);
        assertTrue(json.contains("\"outsideCpuCores\" : 0.3"), json);

        CellsFile resumed = CellsFile.resume(List.of(A, B), dir);
        assertTrue(resumed.doneInRound("a", 1, 3));
        assertFalse(resumed.doneInRound("b", 1, 3), "a disturbed attempt wants another");
        assertFalse(resumed.doneInRound("a", 2, 3));
        resumed.add("b", attempt(1, 2, "disturbed"));
        resumed.add("b", attempt(1, 3, "disturbed"));
        assertTrue(resumed.doneInRound("b", 1, 3), "at most three attempts per round");
        assertEquals(List.of(B.key()), resumed.disturbedKeys());
    }
}

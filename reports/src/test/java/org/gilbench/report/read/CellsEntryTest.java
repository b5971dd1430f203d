package org.gilbench.report.read;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cell is read by a lesson when its plan entry, or (CPython cells) its benchmark, is in the lesson's evidence:
 * the rule of the report's "Other measurements" and of the runner's {@code --lesson}. A cell written before
 * {@code entry} was recorded counts as read.
 */
class CellsEntryTest {

    @Test
    void aCellIsReadByItsEntryOrItsBenchmark(@TempDir Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = json.createObjectNode();
        doc.put("format", 3);
        ArrayNode cells = doc.putArray("cells");
        cell(cells, "a", "prime-check", "org.gilbench.bench.PrimeCheckBenchmark.primeCheck");
        cell(cells, "b", "someone-elses-entry", "org.gilbench.bench.X.y");
        cell(cells, "c", "cpython-3.11.7", "cpython.prime-check");
        cell(cells, "d", null, "org.gilbench.bench.Old.cell");
        json.writeValue(dir.resolve(Cells.FILE_NAME).toFile(), doc);

        Cells read = Cells.read(dir, new ArrayList<>());
        Set<String> evidence = Set.of("prime-check", "cpython.prime-check");
        assertTrue(read.readBy(evidence, "a", "org.gilbench.bench.PrimeCheckBenchmark.primeCheck"));
        assertFalse(read.readBy(evidence, "b", "org.gilbench.bench.X.y"), "no lesson names its entry");
        assertTrue(read.readBy(evidence, "c", "cpython.prime-check"), "a CPython cell, named by benchmark");
        assertFalse(read.readBy(Set.of("prime-check"), "c", "cpython.prime-check"));
        assertTrue(read.readBy(evidence, "d", "org.gilbench.bench.Old.cell"), "no entry recorded: nothing to say");
    }

    private static void cell(ArrayNode into, String key, String entry, String benchmark) {
        ObjectNode c = into.addObject();
        c.put("key", key);
        c.put("id", key);
        if (entry != null) {
            c.put("entry", entry);
        }
        c.put("benchmark", benchmark);
        c.putArray("attempts");
    }
}

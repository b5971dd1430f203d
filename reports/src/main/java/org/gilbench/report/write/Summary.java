package org.gilbench.report.write;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.report.read.ResultsFolder;

/**
 * {@code report/summary.json}, for scripts and CI (docs/results-contract.md):
 * {@code {"lessons": [{"lesson": N, "id", "verdict", "reason", "numbers": {...}}], "disturbed": [...],
 * "timeouts": [...], "failed": [{"cell", "error"}], "unsure": [{"cell", "why"}], "fidelity": [{"lesson", "cell",
 * "emulated", "cpython", "agree"}], "seeds": [SeedTable rows]}}. N is the seed lesson's number (../shared/SEEDS.md). NaN numbers
 * are written as null (JSON has no NaN).
 */
public final class Summary {

    /** One lesson's line. */
    public record Entry(int lesson, String id, String verdict, String reason, Map<String, Object> numbers) {
    }

    private Summary() {
    }

    /** One emulation-vs-CPython comparison (issue 12). */
    public record Fidelity(int lesson, String cell, double emulated, double cpython, boolean agree, boolean decisive) {
    }

    /** Without CPython comparisons: {@code "fidelity": []}. */
    public static void write(Path file, List<Entry> lessons, ResultsFolder folder) throws IOException {
        write(file, lessons, List.of(), List.of(), folder);
    }

    public static void write(Path file, List<Entry> lessons, List<Fidelity> fidelity, List<Map<String, Object>> seeds,
                             ResultsFolder folder) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry e : lessons) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", e.lesson());
            m.put("id", e.id());
            m.put("verdict", e.verdict());
            m.put("reason", e.reason());
            Map<String, Object> numbers = new LinkedHashMap<>();
            e.numbers().forEach((k, v) -> numbers.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
            m.put("numbers", numbers);
            list.add(m);
        }
        root.put("lessons", list);
        root.put("disturbed", folder.disturbed());
        root.put("timeouts", folder.cells().timeouts().stream().map(t -> t.key()).toList());
        // Failed cells are results (issue 18): the key and the first line of the last error.
        root.put("failed", folder.cells().failed().stream()
                .map(f -> Map.of("cell", f.key(), "error", f.message())).toList());
        // Cells the runner still judged unsure when the run ended, and why.
        root.put("unsure", folder.cells().unsure().entrySet().stream()
                .map(e -> Map.of("cell", e.getKey(), "why", e.getValue())).toList());
        // CPython fidelity (issue 12): every lesson's comparisons of the emulation with real CPython.
        List<Map<String, Object>> fid = new ArrayList<>();
        for (Fidelity f : fidelity) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lesson", f.lesson());
            m.put("cell", f.cell());
            m.put("emulated", Double.isFinite(f.emulated()) ? f.emulated() : null);
            m.put("cpython", Double.isFinite(f.cpython()) ? f.cpython() : null);
            m.put("agree", f.agree());
            m.put("decisive", f.decisive());
            fid.add(m);
        }
        root.put("fidelity", fid);
        root.put("seeds", seeds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }
}

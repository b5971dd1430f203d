package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ResultsFolder;
import org.gilbench.report.write.MergedResults;
import org.gilbench.report.write.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout of docs/results-contract.md: ok attempts preferred, disturbed ones flagged, the outputs for scripts. */
class ResultsFolderTest {

    @TempDir
    Path tmp;

    @Test
    void okAttemptsArePreferredAndADisturbedOnlyCellIsFlagged() {
        // The same cell once ok (1000 ms) and once disturbed (5000 ms): only the ok one counts.
        Path dir = new JmhJson().prime("serial", 1, JmhJson.quiet(1000)).primeDisturbed("serial", 1, JmhJson.quiet(5000))
                .primeDisturbed("thread-pool", 2, JmhJson.quiet(520)).write(tmp);
        ResultsFolder folder = ResultsFolder.load(dir);
        Measurement serial = folder.measurements().stream().filter(m -> m.model().equals("serial")).findFirst().orElseThrow();
        Estimate s = Estimate.of(serial.time());
        assertEquals(1000, s.value(), 1e-9);
        assertFalse(s.fallback());
        Measurement pool = folder.measurements().stream().filter(m -> m.model().equals("thread-pool")).findFirst().orElseThrow();
        assertTrue(Estimate.of(pool.time()).fallback());
        assertTrue(folder.warnings().stream().anyMatch(w -> w.contains("only disturbed attempts")), folder.warnings().toString());
    }

    @Test
    void summaryListsVerdictsAndDisturbedCellsAndMergedResultsIsOneJmhArray() throws IOException {
        Path dir = new JmhJson().prime("serial", 1, JmhJson.quiet(1000)).primeDisturbed("thread-pool", 2, JmhJson.quiet(520))
                .write(tmp);
        ResultsFolder folder = ResultsFolder.load(dir);
        Summary.write(tmp.resolve("summary.json"), List.of(new Summary.Entry(1, "cpu-threads-under-gil", "confirms", "why",
                new java.util.LinkedHashMap<>(java.util.Map.of("speedup", Double.NaN)))), folder);
        JsonNode summary = new ObjectMapper().readTree(tmp.resolve("summary.json").toFile());
        assertEquals(1, summary.path("lessons").get(0).path("lesson").asInt());
        assertEquals("confirms", summary.path("lessons").get(0).path("verdict").asText());
        assertTrue(summary.path("lessons").get(0).path("numbers").path("speedup").isNull(), "NaN must be null");
        assertEquals("disturbed", summary.path("disturbed").get(0).asText());
        assertTrue(summary.path("fidelity").isArray());
        MergedResults.write(tmp.resolve("results.json"), folder);
        JsonNode merged = new ObjectMapper().readTree(tmp.resolve("results.json").toFile());
        assertEquals(2, merged.size());
        assertTrue(merged.get(0).has("primaryMetric"));
    }
}

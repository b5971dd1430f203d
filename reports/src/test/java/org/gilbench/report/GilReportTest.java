package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gilbench.report.lesson.GilFixtures;
import org.gilbench.report.lesson.JmhJsonAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole report with CPython cells, GIL timelines and the switch-interval sweep: every chart drawn
 * headless (PNG and SVG), fidelity in summary.json; and a folder without them reports as before.
 */
class GilReportTest {

    @TempDir
    Path tmp;

    @Test
    void cpythonTimelineAndSweepAreDrawnAndFidelityIsInTheSummary() throws IOException {
        Path dir = JmhJsonAccess.withEverything(tmp.resolve("all"));
        Report.Outcome out = Report.write(dir);
        assertTrue(out.warnings().stream().noneMatch(w -> w.contains("could not be drawn")), out.warnings().toString());
        for (String chart : new String[] {"gil-timeline-cpu-cpu-interval", "gil-timeline-cpu-io-interval", "switch-interval",
                "convoy", "cpu-scaling-prime-check-primecheck-variant-seed", "io-scaling"}) {
            assertTrue(Files.size(out.reportDir().resolve(chart + ".png")) > 1000, chart + ".png");
            assertTrue(Files.size(out.reportDir().resolve(chart + ".svg")) > 1000, chart + ".svg");
        }
        JsonNode summary = new ObjectMapper().readTree(out.reportDir().resolve("summary.json").toFile());
        JsonNode fidelity = summary.path("fidelity");
        assertTrue(fidelity.size() >= 3, fidelity.toString());
        JsonNode first = fidelity.get(0);
        assertEquals(1, first.path("lesson").asInt());
        assertTrue(first.path("cell").asText().contains("CPython 3.11 threads (real)"), first.toString());
        assertTrue(first.path("emulated").isNumber() && first.path("cpython").isNumber(), first.toString());
        assertTrue(first.path("agree").isBoolean(), first.toString());
        String md = Files.readString(out.reportDir().resolve("report.md"));
        assertTrue(md.contains("The GIL timeline"), "the timeline section");
        assertTrue(md.contains("The switch interval"), "the sweep section");
        assertTrue(md.contains("CPython 3.11 threads (real)"), "CPython on the charts and tables");
        boolean ids = false;
        for (JsonNode l : summary.path("lessons")) {
            ids |= l.path("id").asText().equals("switch-interval");
        }
        assertTrue(ids, "the sweep's verdict is in summary.json");
    }

    @Test
    void aFolderWithoutCPythonReportsAsBefore() throws IOException {
        Path dir = GilFixtures.healthyJava(tmp.resolve("java"));
        Report.Outcome out = Report.write(dir);
        JsonNode summary = new ObjectMapper().readTree(out.reportDir().resolve("summary.json").toFile());
        assertEquals(0, summary.path("fidelity").size());
        String md = Files.readString(out.reportDir().resolve("report.md"));
        assertFalse(md.contains("(real)"), "no CPython labels");
        assertFalse(Files.exists(out.reportDir().resolve("switch-interval.png")));
    }
}

package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.report.lesson.Evidence;
import org.gilbench.report.lesson.Lesson;
import org.gilbench.report.lesson.Lessons;
import org.gilbench.report.lesson.Section;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;

/**
 * A real quick run's results folder in the old cells.json format (no {@code "format"}: version 1),
 * written before the report's lessons, names and workload mapping were reorganised (issue 17), gives
 * the same verdicts as the report gave then ({@code real/run-2core-quick-format1.expected.json}, recorded
 * from that report's summary.json; see real/README.md). The reasons were equal word for word at the
 * reorganisation; they quote intervals, which the ratio estimator's Welch–Satterthwaite change (issue 18)
 * moved, so only the verdicts are held. Lessons are built directly, without drawing charts.
 */
class OldFormatFolderTest {

    private static final String FOLDER = "real/run-2core-quick-format1";

    @Test
    void verdictsAreThoseRecordedBeforeTheChange() throws IOException, URISyntaxException {
        Path dir = Path.of(OldFormatFolderTest.class.getResource("/" + FOLDER).toURI());
        assertFalse(new ObjectMapper().readTree(dir.resolve("cells.json").toFile()).has("format"),
                "the fixture must stay in the old format");
        JsonNode expected = new ObjectMapper().readTree(
                Files.readString(dir.resolveSibling("run-2core-quick-format1.expected.json")));
        Evidence evidence = new Evidence(ResultsFolder.load(dir));
        List<String> want = new ArrayList<>();
        java.util.Set<String> recorded = new java.util.HashSet<>();
        for (JsonNode e : expected) {
            want.add(e.path("lesson").asInt() + " " + e.path("id").asText() + " " + e.path("verdict").asText());
            recorded.add(e.path("id").asText());
        }
        List<String> got = new ArrayList<>();
        for (Lesson lesson : Lessons.ALL) {
            Section s = lesson.build(evidence);
            if (recorded.contains(lesson.id())) {
                got.add(lesson.number() + " " + lesson.id() + " " + s.verdict().label());
            } else {
                // A lesson added after the recording: the old folder has none of its cells.
                assertEquals(org.gilbench.report.lesson.Verdict.NOT_MEASURED, s.verdict(), lesson.id() + ": " + s.reason());
            }
        }
        assertEquals(String.join("\n", want), String.join("\n", got));
    }
}

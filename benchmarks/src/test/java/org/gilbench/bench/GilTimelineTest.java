package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gilbench.model.Gil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline files: both JSON forms are written, parse, and describe lanes that never overlap in "running". */
class GilTimelineTest {

    @Test
    void aScenarioBecomesATraceAndACompactTimeline(@TempDir Path dir) throws Exception {
        GilTimeline.Scenario s = new GilTimeline.Scenario("cpu-io-test", Gil.Mode.INTERVAL, 60, List.of("cpu", "io"));
        Map<String, Object> compact = GilTimeline.run(s);
        GilTimeline.write(dir, s.name(), compact);
        ObjectMapper json = new ObjectMapper();
        JsonNode c = json.readTree(dir.resolve("cpu-io-test.json").toFile());
        assertEquals("interval", c.get("mode").asText());
        assertEquals(2, c.get("threads").size());
        Set<String> states = new HashSet<>();
        double lastEnd = 0;
        for (JsonNode lane : c.get("threads")) {
            double prevEnd = 0;
            for (JsonNode span : lane.get("spans")) {
                double from = span.get(0).asDouble();
                double to = span.get(1).asDouble();
                assertTrue(from >= prevEnd - 1e-9 && to >= from, lane.get("name") + " " + span);
                prevEnd = to;
                states.add(span.get(2).asText());
            }
            lastEnd = Math.max(lastEnd, prevEnd);
        }
        assertTrue(states.containsAll(Set.of("running", "blocked")), states.toString());
        assertTrue(lastEnd <= c.get("durationMs").asDouble() + 1e-6);
        JsonNode trace = json.readTree(dir.resolve("cpu-io-test.trace.json").toFile());
        assertEquals("ms", trace.get("displayTimeUnit").asText());
        Set<String> phases = new HashSet<>();
        for (JsonNode e : trace.get("traceEvents")) {
            phases.add(e.get("ph").asText());
            if (e.get("ph").asText().equals("X")) {
                assertTrue(e.get("dur").asDouble() >= 0 && e.has("ts") && e.has("tid"), e.toString());
            }
        }
        assertTrue(phases.containsAll(Set.of("M", "X")), phases.toString());
        assertTrue(Files.size(dir.resolve("cpu-io-test.trace.json")) > 100);
    }
}

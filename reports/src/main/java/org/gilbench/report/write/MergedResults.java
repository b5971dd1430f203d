package org.gilbench.report.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.gilbench.report.read.ResultsFolder;

/**
 * {@code report/results.json}: the whole run as one standard JMH JSON array, one element per cell, for
 * tools that read one file as one run (jmh.morethan.io, CI benchmark trackers). A cell measured in
 * several rounds or attempts becomes one element: the first one's fields, with the primary metric's
 * {@code rawData} holding every used fork and {@code score} their mean; {@code scoreError} is dropped
 * to "NaN" then (the report's own intervals are in report.md and results.csv).
 */
public final class MergedResults {

    private MergedResults() {
    }

    public static void write(Path file, ResultsFolder folder) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode out = json.createArrayNode();
        for (List<JsonNode> parts : folder.elements()) {
            out.add(merge(json, parts));
        }
        json.writeValue(file.toFile(), out);
    }

    static JsonNode merge(ObjectMapper json, List<JsonNode> parts) {
        ObjectNode first = parts.get(0).deepCopy();
        if (parts.size() == 1) {
            return first;
        }
        ArrayNode raw = json.createArrayNode();
        double sum = 0;
        long n = 0;
        for (JsonNode p : parts) {
            for (JsonNode fork : p.path("primaryMetric").path("rawData")) {
                raw.add(fork.deepCopy());
                for (JsonNode v : fork) {
                    if (v.isNumber()) {
                        sum += v.asDouble();
                        n++;
                    }
                }
            }
        }
        ObjectNode primary = (ObjectNode) first.path("primaryMetric");
        if (n > 0) {
            primary.set("rawData", raw);
            primary.put("score", sum / n);
            primary.put("scoreError", "NaN");
            first.put("forks", raw.size());
        }
        return first;
    }
}

package org.gilbench.report.lesson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 22's fixtures: cells whose forks are rounds (fork i in {@code jmh/round-<i+1>/threads.json}, as the
 * runner writes them), with per-operation secondary metrics, and failed cells in cells.json.
 */
final class ThreadsJson {

    static final String PKG = "org.gilbench.bench.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ArrayNode> rounds = new ArrayList<>();
    private final List<Map<String, Object>> failed = new ArrayList<>();

    /** One cell: {@code forks[i]} the operations (ms) of round i + 1; {@code secondary} the same shape per metric. */
    ThreadsJson cell(String benchmark, Map<String, String> params, double[][] forks, Map<String, double[][]> secondary) {
        for (int i = 0; i < forks.length; i++) {
            while (rounds.size() <= i) {
                rounds.add(JSON.createArrayNode());
            }
            ArrayNode into = rounds.get(i);
            JmhJson.entry(into, benchmark, "ss", params, 1, forks[i]); // one fork per round: the fork is the round
            ObjectNode e = (ObjectNode) into.get(into.size() - 1);
            ObjectNode sec = e.putObject("secondaryMetrics");
            for (Map.Entry<String, double[][]> m : secondary.entrySet()) {
                ObjectNode metric = sec.putObject(m.getKey());
                double[] values = m.getValue()[i];
                double sum = 0;
                ArrayNode fork = metric.putArray("rawData").addArray();
                for (double v : values) {
                    fork.add(v);
                    sum += v;
                }
                metric.put("score", values.length == 0 ? 0 : sum / values.length);
                metric.put("scoreError", "NaN");
                metric.put("scoreUnit", "#");
            }
        }
        return this;
    }

    ThreadsJson cell(String benchmark, Map<String, String> params, double[]... forks) {
        return cell(benchmark, params, forks, Map.of());
    }

    /** A cell whose only attempt failed (in cells.json only). */
    ThreadsJson failed(String benchmark, Map<String, String> params, String message) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("key", benchmark + new TreeMap<>(params));
        c.put("benchmark", benchmark);
        c.put("params", new TreeMap<>(params));
        c.put("limitSeconds", 60.0);
        c.put("attempts", List.of(Map.of("round", 1, "attempt", 1, "status", "failed", "message", message)));
        failed.add(c);
        return this;
    }

    /** {@code n} copies of {@code v}. */
    static double[] times(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    Path write(Path dir) {
        Path out = new JmhJson().write(dir);
        try {
            for (int i = 0; i < rounds.size(); i++) {
                Path round = out.resolve("jmh/round-" + (i + 1));
                Files.createDirectories(round);
                JSON.writeValue(round.resolve("threads.json").toFile(), rounds.get(i));
            }
            if (!failed.isEmpty()) {
                JSON.writeValue(out.resolve("cells.json").toFile(), Map.of("cells", failed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

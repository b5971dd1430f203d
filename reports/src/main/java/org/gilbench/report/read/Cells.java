package org.gilbench.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The runner's record of every cell and attempt, {@code cells.json} (CONTRACT.md): which result file
 * came from an attempt the runner judged {@code ok}, {@code disturbed}, {@code timeout} or
 * {@code failed}. Absent in legacy folders: then every file counts as ok.
 *
 * @param statusByFile attempt status by result file, relative to the results folder ("jmh/round-1/x.json")
 * @param timeouts     cells that never finished: key and the limit in seconds
 * @param disturbed    keys of cells with at least one disturbed attempt
 */
public record Cells(Map<String, String> statusByFile, List<Timeout> timeouts, List<String> disturbed) {

    public static final String FILE_NAME = "cells.json";

    /** A cell with no finished attempt: drawn as "did not finish within T". */
    public record Timeout(String key, String benchmark, SortedMap<String, String> params, double limitSeconds) {
    }

    public static Cells none() {
        return new Cells(Map.of(), List.of(), List.of());
    }

    /** The cell key both runner and report compute: benchmark + {params sorted, name=value, joined by ","}. */
    public static String key(String benchmark, SortedMap<String, String> params) {
        StringBuilder s = new StringBuilder(benchmark).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            s.append(first ? "" : ",").append(e.getKey()).append('=').append(e.getValue());
            first = false;
        }
        return s.append('}').toString();
    }

    /** Reads {@code dir/cells.json}; missing gives {@link #none()}, unreadable a warning and none. */
    public static Cells read(Path dir, List<String> warnings) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            warnings.add(file + " is not valid JSON: attempt statuses unknown, every result counted as ok");
            return none();
        }
        Map<String, String> status = new HashMap<>();
        List<Timeout> timeouts = new ArrayList<>();
        List<String> disturbed = new ArrayList<>();
        for (JsonNode cell : root.path("cells")) {
            String key = cell.path("key").asText("");
            boolean finished = false;
            boolean anyDisturbed = false;
            for (JsonNode a : cell.path("attempts")) {
                String st = a.path("status").asText("ok");
                String f = a.path("file").asText("");
                if (!f.isEmpty()) {
                    status.put(f.replace('\\', '/'), st);
                }
                finished |= st.equals("ok") || st.equals("disturbed");
                anyDisturbed |= st.equals("disturbed");
            }
            if (anyDisturbed) {
                disturbed.add(key);
            }
            boolean timedOut = false;
            for (JsonNode a : cell.path("attempts")) {
                timedOut |= a.path("status").asText("").equals("timeout");
            }
            if (!finished && timedOut) {
                SortedMap<String, String> params = new TreeMap<>();
                cell.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                timeouts.add(new Timeout(key, cell.path("benchmark").asText(""), params,
                        cell.path("limitSeconds").asDouble(Double.NaN)));
            }
        }
        return new Cells(Map.copyOf(status), List.copyOf(timeouts), List.copyOf(disturbed));
    }

    /** The status of the attempt that wrote {@code relativeFile}; "ok" when unknown. */
    public String status(String relativeFile) {
        return statusByFile.getOrDefault(relativeFile.replace('\\', '/'), "ok");
    }
}

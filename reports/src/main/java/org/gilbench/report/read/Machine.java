package org.gilbench.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine a results folder was measured on, from its {@code machine.json} (contract 4): printed in
 * every chart's footer, because charts get pasted without the text around them.
 *
 * @param cores     physical cores; 0 when unknown
 * @param threads   logical CPUs; 0 when unknown
 * @param warnings  the run script's noise warnings (load, governor, turbo, steal ...)
 * @param disturbed keys of the cells the runner saw disturbed by other work (docs/results-contract.md; may be empty)
 */
public record Machine(String host, String date, String cpuModel, int cores, int threads, String jdk, String os,
               double loadAverage, List<String> warnings, List<String> disturbed) {

    public static final String FILE_NAME = "machine.json";

    /** A machine nothing is known about (machine.json missing or unreadable). */
    public static Machine unknown() {
        return new Machine("unknown host", "", "unknown CPU", 0, 0, "unknown JDK", "", Double.NaN, List.of(), List.of());
    }

    /**
     * Reads {@code dir/machine.json}; a missing or corrupt file gives {@link #unknown()} and a note in
     * {@code problems}, since the measurements themselves are still worth reporting.
     */
    public static Machine read(Path dir, List<String> problems) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            problems.add(file + " is missing: the machine (CPU, cores, JDK) is unknown");
            return unknown();
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            problems.add(file + " is not valid JSON: the machine (CPU, cores, JDK) is unknown");
            return unknown();
        }
        if (root == null || !root.isObject()) {
            problems.add(file + " is not a JSON object: the machine (CPU, cores, JDK) is unknown");
            return unknown();
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode w : root.path("warnings")) {
            warnings.add(w.asText());
        }
        Machine m = new Machine(root.path("host").asText("unknown host"), root.path("date").asText(""),
                root.path("cpuModel").asText("unknown CPU"), root.path("cores").asInt(0),
                root.path("threads").asInt(0), root.path("jdk").asText("unknown JDK"),
                root.path("os").asText(""), JmhReader.number(root.path("loadAverage")), List.copyOf(warnings), texts(root.path("disturbed")));
        if (m.cores() <= 0) {
            problems.add(file + ": no usable 'cores': the ideal line and the fits' n <= cores rule are off");
        }
        return m;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    /** The date part of {@link #date} (ISO-8601), for footers. */
    public String day() {
        return date.length() >= 10 ? date.substring(0, 10) : date;
    }

    /** "Intel Xeon ... | 2 cores / 4 threads | JDK 25.0.3 Temurin | host | 2026-11-22". */
    public String summary() {
        StringBuilder s = new StringBuilder(cpuModel);
        s.append(" | ").append(cores > 0 ? cores + " cores" : "cores unknown");
        if (threads > 0 && threads != cores) {
            s.append(" / ").append(threads).append(" threads");
        }
        s.append(" | JDK ").append(jdk).append(" | ").append(host);
        if (!date.isEmpty()) {
            s.append(" | ").append(day());
        }
        return s.toString();
    }
}

package org.gilbench.report.read;

import org.gilbench.contract.Metric;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A results folder (docs/results-contract.md): JMH JSON under {@code jmh/} (read recursively: rounds, attempts,
 * extras) and CPython cells in the same format under {@code cpython/}, or legacy JMH JSON files at the top level; {@code machine.json}; {@code cells.json}.
 *
 * <p>One measurement per cell: the results of every round and attempt of a cell are pooled (their
 * forks side by side). Attempts the runner marked {@code ok} are preferred; when a cell has only
 * {@code disturbed} ones they are used and flagged ({@link Metric#disturbed()}); {@code failed} and
 * {@code timeout} attempts are never used.
 *
 * <p>A folder with no result file, or whose every result file is unreadable, is an error. A folder
 * where only some files are bad gives a partial report whose warnings name the bad files.
 *
 * @param elements  per measurement (same index), the JMH JSON elements pooled into it, for results.json
 * @param warnings  everything the reader left out or doubts, one line each, naming the file
 */
public record ResultsFolder(Path dir, Machine machine, Cells cells, List<Measurement> measurements,
                            List<List<JsonNode>> elements, List<String> warnings) {

    /** The folder under which the runner writes JMH JSON (docs/results-contract.md). */
    public static final String JMH_DIR = "jmh";

    /** The folder of the CPython cells (issue 12): JMH-format JSON, benchmarks named {@code cpython.*}. */
    public static final String CPYTHON_DIR = "cpython";

    /** Files at the top level that are not JMH results. */
    private static final List<String> NOT_RESULTS = List.of(Machine.FILE_NAME, Cells.FILE_NAME);

    public static ResultsFolder load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + ": no such results folder");
        }
        List<Path> files = resultFiles(dir);
        if (files.isEmpty()) {
            throw new ReportException(dir + ": no JMH result files (jmh/**/*.json, or *.json besides machine.json"
                    + " and cells.json) - is this a results folder written by ./run-bench.sh?");
        }
        List<String> warnings = new ArrayList<>();
        Machine machine = Machine.read(dir, warnings);
        Cells cells = Cells.read(dir, warnings);
        List<String> fileErrors = new ArrayList<>();
        // Per cell key: the ok parts and the disturbed parts, in file order.
        Map<String, List<Part>> ok = new LinkedHashMap<>();
        Map<String, List<Part>> disturbed = new LinkedHashMap<>();
        for (Path file : files) {
            String relative = dir.relativize(file).toString().replace('\\', '/');
            org.gilbench.contract.AttemptStatus status = cells.status(relative);
            if (!status.finished()) {
                warnings.add(relative + ": the runner marked this attempt " + status.label() + "; not used");
                continue;
            }
            JmhReader.FileResult result;
            try {
                result = JmhReader.read(file);
            } catch (ReportException e) {
                fileErrors.add(e.getMessage());
                continue;
            }
            warnings.addAll(result.warnings());
            for (int i = 0; i < result.measurements().size(); i++) {
                Measurement m = result.measurements().get(i);
                String key = Cells.key(m.benchmark(), m.params()) + " " + m.mode();
                (status == org.gilbench.contract.AttemptStatus.DISTURBED ? disturbed : ok).computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Part(m, result.elements().get(i)));
            }
        }
        List<Measurement> measurements = new ArrayList<>();
        List<List<JsonNode>> elements = new ArrayList<>();
        List<String> keys = new ArrayList<>(ok.keySet());
        disturbed.keySet().stream().filter(k -> !ok.containsKey(k)).forEach(keys::add);
        int flagged = 0;
        for (String key : keys) {
            List<Part> parts = ok.get(key);
            boolean fallback = parts == null;
            if (fallback) {
                parts = disturbed.get(key);
                flagged++;
            }
            measurements.add(pool(parts, fallback));
            elements.add(parts.stream().map(Part::element).toList());
        }
        if (measurements.isEmpty()) {
            if (!fileErrors.isEmpty()) {
                throw new ReportException(fileErrors.get(0)
                        + (fileErrors.size() > 1 ? " (and " + (fileErrors.size() - 1) + " more bad files)" : ""));
            }
            throw new ReportException(dir + ": no usable benchmark results"
                    + (warnings.isEmpty() ? "" : ": " + warnings.get(warnings.size() - 1)));
        }
        List<String> all = new ArrayList<>();
        for (String e : fileErrors) {
            all.add(e + " - left out; the report is partial");
        }
        all.addAll(warnings);
        if (flagged > 0) {
            all.add(flagged + " cells have only disturbed attempts: used, flagged, and never allowed to confirm a lesson");
        }
        for (Cells.Timeout t : cells.timeouts()) {
            all.add(t.key() + ": did not finish within " + Math.round(t.limitSeconds()) + " s");
        }
        return new ResultsFolder(dir, machine, cells, List.copyOf(measurements), List.copyOf(elements), List.copyOf(all));
    }

    private record Part(Measurement measurement, JsonNode element) {
    }

    /** One measurement of a cell from all its parts: forks side by side, secondary metrics likewise. */
    private static Measurement pool(List<Part> parts, boolean disturbed) {
        Measurement first = parts.get(0).measurement();
        Metric time = Metric.pooled(parts.stream().map(p -> p.measurement().time()).toList(), disturbed);
        Map<String, Metric> secondary = new LinkedHashMap<>();
        for (String label : first.secondary().keySet()) {
            List<Metric> ms = parts.stream().map(p -> p.measurement().secondary().get(label))
                    .filter(java.util.Objects::nonNull).toList();
            secondary.put(label, Metric.pooled(ms, disturbed));
        }
        return new Measurement(first.file(), first.benchmark(), first.mode(), first.params(), time, secondary);
    }

    /**
     * jmh/** /*.json and cpython/** /*.json when they exist, and the legacy top-level *.json (all, if all
     * hold results).
     */
    private static List<Path> resultFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            for (String sub : List.of(JMH_DIR, CPYTHON_DIR)) {
                Path tree = dir.resolve(sub);
                if (Files.isDirectory(tree)) {
                    try (Stream<Path> walk = Files.walk(tree)) {
                        walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json"))
                                .sorted().forEach(files::add);
                    }
                }
            }
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().endsWith(".json"))
                        .filter(p -> !NOT_RESULTS.contains(p.getFileName().toString()))
                        .sorted().forEach(files::add);
            }
        } catch (IOException e) {
            throw new ReportException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
        return files;
    }

    /** The machine's own warnings and this folder's, for chart footers and the report. */
    public List<String> allWarnings() {
        List<String> all = new ArrayList<>(machine.warnings());
        all.addAll(warnings);
        return all;
    }

    /** Cell keys the runner marked disturbed (cells.json) or machine.json lists, without repeats. */
    public List<String> disturbed() {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>(cells.disturbed());
        keys.addAll(machine.disturbed());
        return List.copyOf(keys);
    }
}

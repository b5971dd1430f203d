package org.gilbench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A results folder as {@code run-bench.sh} writes it (contract 4): one JMH JSON per group, named
 * {@code <group>.json}, and {@code machine.json}.
 *
 * <p>A folder with no result file at all, or whose every result file is unreadable, is an error (there is
 * nothing honest to draw). A folder where only some files are bad gives a partial report whose
 * warnings name the bad files: an interrupted run's finished groups are not thrown away.
 *
 * @param warnings  everything the reader left out or doubts, one line each, naming the file
 */
record ResultsFolder(Path dir, Machine machine, List<Measurement> measurements, List<String> warnings) {

    /** A relative 99.9% error above this flags the measurement as noisy in the report. */
    static final double NOISY_RELATIVE_ERROR = 0.10;

    static ResultsFolder load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ReportException(dir + ": no such results folder");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> Files.isRegularFile(p))
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals(Machine.FILE_NAME))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ReportException(dir + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ReportException(dir + ": no JMH result files (*.json besides machine.json) - "
                    + "is this a results folder written by ./run-bench.sh?");
        }
        List<String> warnings = new ArrayList<>();
        Machine machine = Machine.read(dir, warnings);
        List<Measurement> measurements = new ArrayList<>();
        List<String> fileErrors = new ArrayList<>();
        Map<String, Measurement> seen = new HashMap<>();
        for (Path file : files) {
            JmhReader.FileResult result;
            try {
                result = JmhReader.read(file);
            } catch (ReportException e) {
                fileErrors.add(e.getMessage());
                continue;
            }
            warnings.addAll(result.warnings());
            for (Measurement m : result.measurements()) {
                // The same benchmark and parameters twice (a group re-run into another file): two
                // different numbers for one cell cannot both be drawn; keep the first, say so.
                String key = m.benchmark() + " " + m.params();
                Measurement first = seen.putIfAbsent(key, m);
                if (first != null) {
                    warnings.add(file.getFileName() + ": " + m.describe() + " also appears in "
                            + first.file().getFileName() + "; kept the one from " + first.file().getFileName());
                    continue;
                }
                measurements.add(m);
            }
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
        long noisy = measurements.stream().filter(ResultsFolder::noisy).count();
        if (noisy > 0) {
            all.add(noisy + " of " + measurements.size() + " measurements have a 99.9% error above "
                    + Math.round(NOISY_RELATIVE_ERROR * 100) + "% of their score (noisy machine or too few"
                    + " iterations)");
        }
        return new ResultsFolder(dir, machine, List.copyOf(measurements), List.copyOf(all));
    }

    static boolean noisy(Measurement m) {
        return Double.isFinite(m.time().error()) && m.time().error() > NOISY_RELATIVE_ERROR * m.time().score();
    }

    /** The machine's own warnings and this folder's, for chart footers and the report. */
    List<String> allWarnings() {
        List<String> all = new ArrayList<>(machine.warnings());
        all.addAll(warnings);
        return all;
    }
}

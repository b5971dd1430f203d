package org.gilbench.report.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import org.gilbench.contract.CellKey;
import org.gilbench.contract.CellRecord;
import org.gilbench.contract.CellsDocument;

/**
 * What the report takes from the runner's {@code cells.json} ({@link CellsDocument}, the results contract):
 * which result file came from an attempt the runner judged ok, disturbed, timeout or failed; the cells that
 * never finished (timeouts and failures, with the first line of their error); the disturbed and the unsure
 * ones. Absent in legacy folders: then every file counts as ok.
 *
 * @param statusByFile attempt status by result file, relative to the results folder ("jmh/round-1/x.json")
 * @param timeouts     cells that never finished because they hit their limit
 * @param failed       cells that never finished because every attempt failed
 * @param disturbed    keys of cells with at least one disturbed attempt
 * @param unsure       key -> why the runner still judged the cell unsure at the end of the run
 * @param entryByKey   key -> the plan entry the cell comes from (absent for cells of older folders)
 */
public record Cells(Map<String, AttemptStatus> statusByFile, List<Timeout> timeouts, List<Failed> failed,
                    List<String> disturbed, Map<String, String> unsure, Map<String, String> entryByKey) {

    public static final String FILE_NAME = CellsDocument.FILE_NAME;

    /** A cell with no finished attempt: drawn as "did not finish within T". */
    public record Timeout(String key, String benchmark, SortedMap<String, String> params, double limitSeconds) {
    }

    /** A cell whose every attempt failed, with the first line of the last error. */
    public record Failed(String key, String benchmark, SortedMap<String, String> params, String message) {
    }

    public static Cells none() {
        return new Cells(Map.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());
    }

    /** The cell key both runner and report compute ({@link CellKey#of}). */
    public static String key(String benchmark, SortedMap<String, String> params) {
        return CellKey.of(benchmark, params);
    }

    /** Reads {@code dir/cells.json}; missing gives {@link #none()}, unreadable a warning and none. */
    public static Cells read(Path dir, List<String> warnings) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return none();
        }
        CellsDocument doc;
        try {
            doc = CellsDocument.read(file);
        } catch (IOException e) {
            warnings.add(e.getMessage() + ": attempt statuses unknown, every result counted as ok");
            return none();
        }
        Map<String, AttemptStatus> status = new HashMap<>();
        List<Timeout> timeouts = new ArrayList<>();
        List<Failed> failed = new ArrayList<>();
        List<String> disturbed = new ArrayList<>();
        Map<String, String> unsure = new TreeMap<>();
        Map<String, String> entries = new HashMap<>();
        for (CellRecord cell : doc.cells()) {
            if (cell.entry() != null) {
                entries.put(cell.key(), cell.entry());
            }
            for (Attempt a : cell.attempts()) {
                if (a.file() != null && !a.file().isEmpty() && a.status() != null) {
                    status.put(a.file().replace('\\', '/'), a.status());
                }
            }
            if (cell.anyDisturbed()) {
                disturbed.add(cell.key());
            }
            if (cell.unsure() != null) {
                unsure.put(cell.key(), cell.unsure());
            }
            SortedMap<String, String> params = new TreeMap<>(cell.params());
            cell.lastFailure().ifPresent(a -> {
                if (a.is(AttemptStatus.TIMEOUT)) {
                    timeouts.add(new Timeout(cell.key(), cell.benchmark(), params, cell.limitSeconds()));
                } else {
                    failed.add(new Failed(cell.key(), cell.benchmark(), params, firstLine(a.message())));
                }
            });
        }
        return new Cells(Map.copyOf(status), List.copyOf(timeouts), List.copyOf(failed), List.copyOf(disturbed),
                java.util.Collections.unmodifiableMap(unsure), Map.copyOf(entries));
    }

    /**
     * Whether a lesson reads the cell of {@code key}: its plan entry, or its benchmark (a CPython cell, whose
     * entry is its interpreter's), is among {@code evidence}, as the runner's {@code --lesson} decides. A
     * cell whose entry was not recorded (an older folder) counts as read: nothing to say about it.
     */
    public boolean readBy(java.util.Set<String> evidence, String key, String benchmark) {
        String entry = entryByKey.get(key);
        return entry == null || evidence.contains(entry) || evidence.contains(benchmark);
    }

    private static String firstLine(String message) {
        return message == null ? "failed" : message.lines().findFirst().orElse("failed");
    }

    /** The status of the attempt that wrote {@code relativeFile}; ok when unknown. */
    public AttemptStatus status(String relativeFile) {
        return statusByFile.getOrDefault(relativeFile.replace('\\', '/'), AttemptStatus.OK);
    }

    /** Whether the cell of {@code key} never finished (failed or timed out). */
    public boolean failedOrTimedOut(String key) {
        return failed.stream().anyMatch(f -> f.key().equals(key)) || timeouts.stream().anyMatch(t -> t.key().equals(key));
    }
}

package org.gilbench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import org.gilbench.contract.CellRecord;
import org.gilbench.contract.CellsDocument;

/**
 * The run's {@code cells.json} as it grows: the planned cells ({@link CellRecord}s of the results contract)
 * and every attempt, rewritten after each attempt. {@code --resume} reads it to know what is done; the report
 * reads it for statuses, failures, timeouts, disturbed and unsure cells.
 */
final class CellsFile {

    static final String NAME = CellsDocument.FILE_NAME;

    /** Cell id -> its record, in plan order. */
    private final Map<String, CellRecord> entries = new LinkedHashMap<>();

    CellsFile(List<Cell> cells) {
        for (Cell c : cells) {
            entries.put(c.id(), new CellRecord(c.key(), c.id(), c.experiment(), c.benchmark(), c.params(), round1(c.estimateSeconds()),
                    round1(c.limitSeconds()), new ArrayList<>(), null));
        }
    }

    /** The planned cells with the attempts a previous (interrupted) run recorded for them. */
    static CellsFile resume(List<Cell> cells, Path dir) throws IOException {
        CellsFile file = new CellsFile(cells);
        Path path = dir.resolve(NAME);
        if (Files.exists(path)) {
            for (CellRecord old : CellsDocument.read(path).cells()) {
                CellRecord now = file.entries.get(old.id());
                if (now != null) {
                    now.attempts().addAll(old.attempts());
                }
            }
        }
        return file;
    }

    List<Attempt> attempts(String id) {
        return entries.get(id).attempts();
    }

    synchronized void add(String id, Attempt attempt) {
        entries.get(id).attempts().add(attempt);
    }

    /** Records why a cell is still unsure when the run ends (null: it is sure). */
    synchronized void unsure(String id, String reason) {
        entries.computeIfPresent(id, (k, e) -> e.withUnsure(reason));
    }

    /** Whether round r has its measurement of the cell (a disturbed one still wants another attempt). */
    boolean doneInRound(String id, int round, int maxAttempts) {
        List<Attempt> inRound = attempts(id).stream().filter(a -> a.round() == round && a.extra() == null).toList();
        return inRound.size() >= maxAttempts || inRound.stream().anyMatch(a -> !a.is(AttemptStatus.DISTURBED));
    }

    /** Keys of cells with at least one disturbed attempt. */
    List<String> disturbedKeys() {
        return entries.values().stream().filter(CellRecord::anyDisturbed).map(CellRecord::key).toList();
    }

    synchronized void write(Path dir) {
        try {
            CellsDocument.of(List.copyOf(entries.values())).write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

package org.gilbench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import org.gilbench.contract.CellRecord;
import org.gilbench.contract.CellsDocument;

/**
 * What this machine's earlier runs measured: the wall time of each cell's undisturbed attempts in
 * {@code results/*}/cells.json, so that the plan's estimate (and with it the ETA, the budget and
 * {@code --dry-run}) is this machine's, not the 2-core VM's the constants in {@link Experiments} come from.
 *
 * <p>A cell learns only from runs of the same profile (machine.json's {@code profile}: quick and full give
 * one id different iterations) and of the same key (its benchmark and every param); its estimate becomes
 * the median of those attempts' wall times. Cells never measured here keep the plan's estimate, scaled by
 * the median ratio measured / planned of the cells that were (a slower machine is slower everywhere).
 * Unreadable folders are skipped: history is a hint, never a reason to fail.
 */
final class History {

    /** At most this many earlier runs, newest first by folder name (host-date): old builds drift. */
    static final int MAX_RUNS = 5;

    private final Map<String, List<Double>> wallsByKey;
    private final int runs;

    private History(Map<String, List<Double>> wallsByKey, int runs) {
        this.wallsByKey = wallsByKey;
        this.runs = runs;
    }

    static History none() {
        return new History(Map.of(), 0);
    }

    /** The history of {@code resultsDir} for a profile; none when the folder does not exist. */
    static History load(Path resultsDir, Profile profile) {
        if (!Files.isDirectory(resultsDir)) {
            return none();
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(resultsDir)) {
            folders = s.filter(d -> Files.isRegularFile(d.resolve(CellsDocument.FILE_NAME)))
                    .sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString())).toList();
        } catch (IOException e) {
            return none();
        }
        Map<String, List<Double>> walls = new HashMap<>();
        int used = 0;
        for (Path d : folders) {
            if (used >= MAX_RUNS) {
                break;
            }
            try {
                if (!profile.label().equals(MachineInfo.read(d).fields.get("profile"))) {
                    continue;
                }
                for (CellRecord c : CellsDocument.read(d.resolve(CellsDocument.FILE_NAME)).cells()) {
                    for (Attempt a : c.attempts()) {
                        if (a.is(AttemptStatus.OK) && a.wallSeconds() > 0) {
                            walls.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(a.wallSeconds());
                        }
                    }
                }
                used++;
            } catch (IOException | RuntimeException e) {
                // a folder of another format or half written: no hint from it
            }
        }
        return new History(walls, used);
    }

    /** The plan with learned estimates, and a note saying from how much; unchanged without history. */
    Plan apply(Plan plan) {
        List<Double> ratios = new ArrayList<>();
        for (Cell c : plan.cells()) {
            List<Double> w = wallsByKey.get(c.key());
            if (w != null && c.estimateSeconds() > 0) {
                ratios.add(median(w) / c.estimateSeconds());
            }
        }
        if (ratios.isEmpty()) {
            return plan;
        }
        double scale = median(ratios);
        List<Cell> cells = new ArrayList<>();
        for (Cell c : plan.cells()) {
            List<Double> w = wallsByKey.get(c.key());
            double estimate = w != null ? median(w) : c.estimateSeconds() * scale;
            cells.add(new Cell(c.id(), c.experiment(), c.runner(), c.benchmark(), c.params(), c.iterations(), estimate,
                    c.description(), c.rounds()));
        }
        List<String> notes = new ArrayList<>(plan.notes());
        notes.add(String.format("estimates learned from %d earlier %s run%s here: %d of %d cells measured before;"
                + " the others x %.2f (the measured ones' median ratio to the plan)", runs,
                plan.selection().profile().label(), runs == 1 ? "" : "s", ratios.size(), cells.size(), scale));
        return new Plan(plan.selection(), cells, plan.leftOut(), notes);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

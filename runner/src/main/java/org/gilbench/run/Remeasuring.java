package org.gilbench.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gilbench.report.Decisions;
import org.gilbench.report.Decisions.Decision;
import org.gilbench.report.lesson.Verdict;

/**
 * A session's third step, after the rounds: extra forks where the <em>verdicts</em> need them (issue 18,
 * item 4). It asks the report's own arithmetic ({@link Decisions#of}) which lessons are still too-noisy and
 * which cells would decide each ({@code deciding}, most decisive first), gives one fork to the most
 * decisive cell of every undecided lesson in turn, and asks again, until every lesson is decided, no cell
 * can help, or the budget ends. A cell gets at most {@link #MAX_EXTRA_FORKS}: one that stays wide must not
 * eat the budget. The deciding cells of a lesson still undecided at the end are recorded as unsure in
 * cells.json, with the lesson's reason. A resumed run counts the extra forks it already has.
 *
 * @param rounds  the planned rounds: extra fork k is recorded as round {@code rounds + k}
 * @param lessons the lesson ids to decide (--lesson); empty: every lesson
 */
record Remeasuring(Console console, Plan plan, CellsFile cells, Budget budget, Progress progress,
                   CellAttempts attempts, int rounds, Path dir, List<String> lessons) {

    /**
     * Extra forks per cell at most. With the 2-3 planned forks that makes 8-9: the Welch interval's t
     * quantile falls from 12.7 (2 forks) to 2.3 (9); past that a fork narrows it by a few per cent only.
     */
    static final int MAX_EXTRA_FORKS = 6;
    /** The verdict more forks can change, as {@link Decisions} labels it. */
    static final String TOO_NOISY = Verdict.TOO_NOISY.label();

    /** Extra forks while lessons are undecided and the budget allows; writes cells.json's unsure cells at the end. */
    void run() {
        Map<String, Cell> byKey = new LinkedHashMap<>();
        plan.cells().forEach(c -> byKey.put(c.key(), c));
        Map<String, Integer> extras = new HashMap<>();
        for (Cell c : plan.cells()) {
            extras.put(c.id(), (int) cells.attempts(c.id()).stream().filter(a -> a.extra() != null).count());
        }
        int runs = 0;
        while (true) {
            List<Decision> undecided;
            try {
                // Only too-noisy lessons can be decided by forks; not-measured ones lack a cell altogether.
                undecided = Decisions.of(dir, lessons).stream().filter(d -> d.verdict().equals(TOO_NOISY)).toList();
            } catch (RuntimeException e) { // ReportException too: a folder the report cannot read
                console.warn("cannot judge the lessons (" + RunSession.oneLine(e) + "): no re-measuring");
                return;
            }
            if (undecided.isEmpty()) {
                console.say("  no lesson is too-noisy" + (runs == 0 ? ": nothing to re-measure" : " after " + runs + " extra forks"));
                return;
            }
            List<Cell> pass = pass(undecided, byKey, extras);
            if (pass.isEmpty()) {
                console.say("  " + undecided.size() + " lessons undecided (" + describe(undecided) + "), and no cell whose"
                        + " forks would decide them is left" + (runs == 0 ? "" : " after " + runs + " extra forks"));
                recordUnsure(undecided, byKey);
                return;
            }
            for (Cell cell : pass) {
                if (!budget.allows(cell.estimateSeconds(), 0, progress.ratio())) {
                    console.say("  budget spent (elapsed " + Progress.clock(budget.elapsedSeconds()) + "): still undecided: "
                            + describe(undecided));
                    recordUnsure(undecided, byKey);
                    return;
                }
                int k = extras.merge(cell.id(), 1, Integer::sum);
                console.say(String.format("  extra fork %d of %s: it would decide %s — elapsed %s", k, cell.id(),
                        String.join(", ", decidedBy(cell, undecided)), Progress.clock(budget.elapsedSeconds())));
                if (attempts.run(cell, rounds + k, 1, k) == null) {
                    return;
                }
                runs++;
            }
        }
    }

    /**
     * One pass: the most decisive cell of each undecided lesson that may still get a fork, in lesson order,
     * each cell once (two lessons may name the same cell first).
     */
    static List<Cell> pass(List<Decision> undecided, Map<String, Cell> byKey, Map<String, Integer> extras) {
        Set<Cell> out = new LinkedHashSet<>();
        for (Decision d : undecided) {
            for (String key : d.deciding()) {
                Cell c = byKey.get(key);
                if (c != null && extras.getOrDefault(c.id(), 0) < MAX_EXTRA_FORKS) {
                    out.add(c);
                    break;
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> decidedBy(Cell cell, List<Decision> undecided) {
        return undecided.stream().filter(d -> d.deciding().contains(cell.key())).map(Decision::lessonId).toList();
    }

    private static String describe(List<Decision> undecided) {
        return String.join(", ", undecided.stream().map(d -> d.lessonId() + " " + d.verdict()).toList());
    }

    /** The deciding cells of the lessons left undecided: unsure in cells.json, with the lesson's reason. */
    private void recordUnsure(List<Decision> undecided, Map<String, Cell> byKey) {
        Map<String, List<String>> why = new LinkedHashMap<>();
        for (Decision d : undecided) {
            for (String key : d.deciding()) {
                Cell c = byKey.get(key);
                if (c != null) {
                    why.computeIfAbsent(c.id(), k -> new ArrayList<>()).add("lesson " + d.lessonId() + " still "
                            + d.verdict() + ": " + d.reason());
                }
            }
        }
        why.forEach((id, reasons) -> cells.unsure(id, String.join("; ", reasons)));
        if (!why.isEmpty()) {
            cells.write(dir);
            console.say("  recorded as unsure in cells.json: " + String.join(", ", why.keySet()));
        }
    }
}

package org.gilbench.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's third step, after the rounds: extra forks for the cells whose interval is still wide
 * ({@link Uncertainty}), most unsure first, each only if the budget allows it; every cell gets at most
 * {@link Uncertainty#MAX_EXTRA_FORKS}. A resumed run counts the extra forks it already has.
 *
 * @param rounds the planned rounds: extra fork k is recorded as round {@code rounds + k}
 */
record Remeasuring(Console console, Plan plan, CellsFile cells, Budget budget, Progress progress,
                   CellAttempts attempts, int rounds) {

    /** Extra forks, most unsure cell first, while the budget allows; stops when none is left or it is spent. */
    void run() {
        Map<String, Integer> extras = new HashMap<>();
        for (Cell c : plan.cells()) {
            int n = (int) cells.attempts(c.id()).stream().filter(a -> a.extra() != null).count();
            extras.put(c.id(), n);
        }
        int runs = 0;
        while (true) {
            List<Uncertainty> queue = Uncertainty.queue(plan.cells().stream().filter(Cell::remeasured).toList(),
                    cells::attempts, extras);
            if (queue.isEmpty()) {
                console.say(runs == 0 ? "  every cell's interval is within " + RunSession.pct(Uncertainty.MAX_RELATIVE_WIDTH)
                        + " of its median: nothing to re-measure" : "  nothing left to re-measure: the other cells are sure enough, or had "
                        + Uncertainty.MAX_EXTRA_FORKS + " extra forks");
                return;
            }
            Uncertainty next = null;
            for (Uncertainty u : queue) {
                if (budget.allows(plan.cell(u.id()).orElseThrow().estimateSeconds(), 0, progress.ratio())) {
                    next = u;
                    break;
                }
            }
            if (next == null) {
                console.say("  budget spent (elapsed " + Progress.clock(budget.elapsedSeconds()) + "): " + queue.size()
                        + " cells still unsure: " + String.join(", ", queue.stream().map(Uncertainty::id).limit(8).toList())
                        + (queue.size() > 8 ? ", ..." : ""));
                return;
            }
            Cell cell = plan.cell(next.id()).orElseThrow();
            int k = extras.merge(cell.id(), 1, Integer::sum);
            String why = next.forks() < 2 ? "only " + next.forks() + " undisturbed fork"
                    : "interval " + RunSession.pct(next.width()) + " of the median over " + next.forks() + " forks"
                    + (next.gap() > Uncertainty.MAX_GAP ? ", operations in two clusters" : "");
            console.say(String.format("  extra fork %d of %s: %s — elapsed %s", k, cell.id(), why,
                    Progress.clock(budget.elapsedSeconds())));
            if (attempts.run(cell, rounds + k, 1, k) == null) {
                return;
            }
            runs++;
        }
    }
}

package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.List;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.LostUpdateChart;
import org.gilbench.report.write.Fmt;

/**
 * Lesson 5's tables and paragraphs ({@link SharedStateLesson}): the bank's runs, the lock's price, what
 * the forked children did, and change_it's non-zero share per GIL setting beside CPython's.
 */
final class SharedStateTables {

    /**
     * CPython's change_it without the lock, 10 runs each, measured on this machine
     * (../shared/notes/suite-checks.md): runs whose final balance was not 0. The grey reference bars
     * when the folder holds no {@code cpython.change-it} cells.
     */
    static final String[] CPYTHON_NOTES_LABEL = {"CPython 2.7 (notes)", "CPython 3.9 (notes)", "CPython 3.11 (notes)"};
    static final int[] CPYTHON_NOTES_NON_ZERO = {4, 1, 0};
    static final int CPYTHON_NOTES_RUNS = 10;

    private SharedStateTables() {
    }

    static String bankTable(List<BalanceRuns> bank) {
        StringBuilder t = new StringBuilder("Bank account (" + bank.get(0).cell().intParam("deposits", 100)
                + " deposits of 1):\n\n| model | lock | final balance of each run | true | runs wrong | time per run (ms) [95% CI] | irregular |\n"
                + "|---|---|---|---:|---:|---:|---|\n");
        for (BalanceRuns r : bank) {
            t.append("| ").append(Fmt.cell(r.label())).append(" | ").append(r.lock() ? "yes" : "no").append(" | ")
                    .append(BalanceRuns.list(r.balances())).append(" | ").append(r.trueBalance()).append(" | ")
                    .append(r.forked() ? "(not judged)" : r.lost() + " of " + r.balances().length).append(" | ")
                    .append(Fmt.pm(r.time())).append(" | ").append(Fmt.irregular(r.time())).append(" |\n");
        }
        return t.append('\n').toString();
    }

    /** The locked runs serialise: each takes about deposits x 10 ms. */
    static String lockCost(List<BalanceRuns> bank) {
        StringBuilder t = new StringBuilder();
        for (BalanceRuns r : bank) {
            if (!r.lock() || r.forked() || r.cpython() || !r.concurrentInProcess()) {
                continue;
            }
            BalanceRuns open = bank.stream().filter(o -> !o.lock() && o.cell().shortName().equals(r.cell().shortName())
                    && o.label().equals(r.label())).findFirst().orElse(null);
            double serialised = r.cell().intParam("deposits", 100) * SharedStateLesson.DEPOSIT_SLEEP_MS;
            t.append("- ").append(r.label()).append(": with the lock ").append(ChartStyle.millis(r.time().value()))
                    .append(" per run (").append(Fmt.num(r.time().value() / serialised, 2)).append("× the ")
                    .append(ChartStyle.millis(serialised)).append(" of one deposit after another)");
            if (open != null) {
                t.append(", without it ").append(ChartStyle.millis(open.time().value()))
                        .append(" — ").append(Fmt.ci(r.time().dividedBy(open.time()))).append("× slower");
            }
            t.append(".\n");
        }
        return t.length() == 0 ? "" : "The lock's price: it serialises the deposits, each holding it through its"
                + " 10 ms sleep (CPython: 1.07 s with the lock).\n\n" + t + "\n";
    }

    static void forked(Section s, List<BalanceRuns> bank) {
        List<BalanceRuns> forked = bank.stream().filter(BalanceRuns::forked).toList();
        if (forked.isEmpty()) {
            return;
        }
        StringBuilder t = new StringBuilder("**forked-process**: the parent's balance stays ");
        t.append(BalanceRuns.list(forked.get(0).balances())).append(" — each child JVM deposits into its own copy of the"
                + " account, and nothing is sent back (the seed's Ping/Pong with a global variable: each process"
                + " counts on its own copy).");
        long highest = forked.stream().mapToLong(BalanceRuns::highest).max().orElse(-1);
        if (highest >= 0) {
            t.append(" The highest balance any child wrote was ").append(highest)
                    .append(": how far one copy got. To combine them the processes must communicate (a Queue or a"
                            + " Pipe: the next section prices one message).");
        }
        s.text(t.append("\n\n").toString());
    }

    /** change_it's non-zero share per setting, without the lock; CPython's cells, or the notes' numbers. */
    static List<LostUpdateChart.Share> shares(List<BalanceRuns> change) {
        List<LostUpdateChart.Share> out = new ArrayList<>();
        for (BalanceRuns r : change) {
            if (!r.lock()) {
                out.add(new LostUpdateChart.Share(r.label(), r.lost(), r.balances().length, r.cpython()));
            }
        }
        if (!out.isEmpty() && change.stream().noneMatch(BalanceRuns::cpython)) {
            for (int i = 0; i < CPYTHON_NOTES_LABEL.length; i++) {
                out.add(new LostUpdateChart.Share(CPYTHON_NOTES_LABEL[i], CPYTHON_NOTES_NON_ZERO[i], CPYTHON_NOTES_RUNS,
                        true));
            }
        }
        return out;
    }

    /** "30 [11, 60]": the share of runs not ending at 0, with its 95% Wilson interval. */
    private static String percent(BalanceRuns r) {
        double[] w = LostUpdateChart.wilson(r.lost(), r.balances().length);
        return Fmt.num(100.0 * r.lost() / Math.max(1, r.balances().length), 0) + " [" + Fmt.num(w[0], 0) + ", "
                + Fmt.num(w[1], 0) + "]";
    }

    static String changeTable(List<BalanceRuns> change) {
        StringBuilder t = new StringBuilder("change_it (" + change.get(0).cell().params().getOrDefault("iterations", "?")
                + " iterations per thread):\n\n| model and GIL setting | lock | runs not ending at 0 | % [95% CI] | final balances |"
                + " time per run (ms) [95% CI] |\n|---|---|---:|---:|---|---:|\n");
        for (BalanceRuns r : change) {
            t.append("| ").append(Fmt.cell(r.label())).append(" | ").append(r.lock() ? "yes" : "no").append(" | ")
                    .append(r.lost()).append(" of ").append(r.balances().length).append(" | ").append(percent(r))
                    .append(" | ").append(BalanceRuns.list(r.balances()))
                    .append(" | ").append(Fmt.pm(r.time())).append(" |\n");
        }
        if (change.stream().noneMatch(BalanceRuns::cpython)) {
            t.append("\nCPython, 10 runs each (../shared/notes/suite-checks.md): 2.7.18 4 of 10 non-zero (0, 32, 137,"
                    + " −5, 0, 0, 0, 0, 0, 55), 3.9.18 1 of 10, 3.11.7 and 3.13.0 none.\n");
        }
        return t.append('\n').toString();
    }
}

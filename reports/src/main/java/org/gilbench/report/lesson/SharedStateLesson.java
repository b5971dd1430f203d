package org.gilbench.report.lesson;

import org.gilbench.report.read.ModelNames;
import org.gilbench.report.analysis.Workloads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.LostUpdateChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.contract.Metric;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 5, first part: shared state needs a lock — the GIL does not give you one — and processes
 * share nothing. The bank account (100 deposits of 1, each {@code new = balance + 1; sleep(10 ms);
 * balance = new}) and seed 001's change_it, under every model, without and with the lock. The outcome
 * is not a time but a distribution of final balances: every run's value is in the JSON's rawData
 * (secondary metrics {@code balance}, {@code trueBalance}, {@code highestWritten}).
 *
 * <p>Verdict (counts of runs, not intervals: a final balance is exact or it is not):
 * <ul>
 *   <li>contradicts — a run <em>with</em> the lock ended anywhere but its true balance, or a serial run
 *       lost an update (a broken lock or a broken benchmark: no noise explains a wrong sum); or the bank
 *       without a lock, in a model running {@link #MIN_CONCURRENCY}+ deposits at once in one process,
 *       never lost an update in {@link #MIN_RUNS}+ runs (the seed's 10 ms between read and write makes a
 *       lost update all but certain);</li>
 *   <li>confirms — some run without the lock lost updates, and every locked cell (at least one, each
 *       with {@link #MIN_RUNS}+ runs) was exact in every run; none of the deciding cells rests on
 *       disturbed attempts only;</li>
 *   <li>too-noisy — the runs are too few to say "every run" ({@code < MIN_RUNS}), or the deciding
 *       cells rest on disturbed attempts only;</li>
 *   <li>not-measured — no in-process bank or change_it cell with and without the lock.</li>
 * </ul>
 * forked-process is not judged on its balance: the parent's stays 0 because each child deposits into
 * its own copy; the section says so and shows how far a child's copy got ({@code highestWritten}).
 */
public final class SharedStateLesson implements Lesson {

    static final String BANK = Workloads.BANK_BENCH;
    static final String CHANGE_IT = Workloads.CHANGE_IT_BENCH;
    static final String CPYTHON_BANK = Workloads.CPYTHON_BANK;
    static final String CPYTHON_CHANGE_IT = Workloads.CPYTHON_CHANGE_IT;

    /**
     * "Every run was exact" needs at least 3 runs: with 1 or 2 a lock that loses updates now and then
     * (the way change_it races, 1 run in 10) passes by luck far too often to call it confirmed.
     */
    public static final int MIN_RUNS = 3;

    /**
     * A model must run at least 2 deposits at once for "no lock, no lost update" to be a surprise: one
     * at a time (serial, a pool of 1) never loses any, lock or not.
     */
    public static final int MIN_CONCURRENCY = 2;

    /** The seed's bank: 100 deposits, 10 ms between read and write, so the locked run takes ~1 s. */
    static final double DEPOSIT_SLEEP_MS = 10.0;

    /**
     * CPython's change_it without the lock, 10 runs each, measured on this machine
     * (../shared/notes/suite-checks.md): runs whose final balance was not 0. The grey reference bars
     * when the folder holds no {@code cpython.change-it} cells.
     */
    static final String[] CPYTHON_NOTES_LABEL = {"CPython 2.7 (notes)", "CPython 3.9 (notes)", "CPython 3.11 (notes)"};
    static final int[] CPYTHON_NOTES_NON_ZERO = {4, 1, 0};
    static final int CPYTHON_NOTES_RUNS = 10;

    /** One cell: what it is, every run's final balance, the true one, and its time. */
    record Runs(Measurement cell, String label, boolean lock, long[] balances, long trueBalance, long highest,
                Estimate time, boolean cpython) {

        String model() {
            return cell.model();
        }

        boolean forked() {
            return model().equals(ModelNames.FORKED_PROCESS);
        }

        int lost() {
            int n = 0;
            for (long b : balances) {
                if (b != trueBalance) {
                    n++;
                }
            }
            return n;
        }

        boolean fallback() {
            return cell.time().disturbed();
        }

        /** Runs with the deposits really at the same time in one process: concurrent, not forked. */
        boolean concurrentInProcess() {
            return !forked() && !model().equals(ModelNames.SERIAL) && cell.workers() >= MIN_CONCURRENCY;
        }
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String id() {
        return "lost-updates";
    }

    @Override
    public String title() {
        return "Shared state needs a lock; processes share nothing";
    }

    @Override
    public List<String> evidence() {
        return List.of(PlanEntries.LOST_UPDATE_BANK, PlanEntries.LOST_UPDATE_BANK_LOCK, PlanEntries.LOST_UPDATE_CHANGE_IT,
                Workloads.CPYTHON_BANK, Workloads.CPYTHON_CHANGE_IT);
    }

    @Override
    public String rule() {
        return "*Lesson 5, shared state* (bank account, change_it): counts of runs, not intervals — a final balance is"
                + " exact or not. Contradicts: a run with the lock (or a serial run) ended away from its true balance,"
                + " or the bank without a lock, with ≥ " + MIN_CONCURRENCY + " deposits at a time in one process,"
                + " kept every deposit in ≥ " + MIN_RUNS + " runs. Confirms: some run without the lock lost updates"
                + " and every locked cell was exact in every one of ≥ " + MIN_RUNS + " runs. Fewer runs, no race"
                + " without the lock, or disturbed-only cells: too-noisy. " + ModelNames.FORKED_PROCESS + " is not"
                + " judged (the parent's balance is 0 by design).";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Runs> bank = runs(e.benchmark(BANK), false);
        bank.addAll(runs(e.benchmark(CPYTHON_BANK), true));
        List<Runs> change = runs(e.benchmark(CHANGE_IT), false);
        change.addAll(runs(e.benchmark(CPYTHON_CHANGE_IT), true));
        decide(s, bank, change);
        s.text("The seed: threads that update shared state without a lock lose updates — 100 deposits of 1, each"
                + " reading the balance, sleeping 10 ms and writing back, end far below 100; with a `Lock` they end"
                + " at 100 and run one at a time. The GIL does not help: it makes each bytecode atomic, not the"
                + " read-modify-write. Processes share nothing: each changes its own copy. Here every model runs"
                + " the seeds' bank account and change_it, without and with a lock; every run's final balance is"
                + " recorded.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (bank.isEmpty() && change.isEmpty()) {
            s.text("_No " + BANK + " or " + CHANGE_IT + " results in this folder._\n\n");
            return s;
        }
        long trueBalance = bank.stream().filter(r -> !r.forked()).mapToLong(Runs::trueBalance).max()
                .orElse(bank.stream().mapToInt(r -> r.cell().intParam("deposits", 100)).max().orElse(100));
        List<LostUpdateChart.Share> shares = shares(change);
        if (!bank.isEmpty() || !shares.isEmpty()) {
            s.chart("lost-updates", "final balances of the bank account per model, and change_it's non-zero runs",
                    () -> {
                        List<org.knowm.xchart.internal.chartpart.Chart<?, ?>> panels = new ArrayList<>();
                        if (!bank.isEmpty()) {
                            panels.add(LostUpdateChart.bank("Bank account: final balance of each run", bank.stream()
                                    .map(r -> new LostUpdateChart.Strip(r.cpython() ? r.label() : r.forked() ? "forked (parent)" : r.model(), r.lock(),
                                            r.balances())).toList(), trueBalance));
                        }
                        if (!shares.isEmpty()) {
                            panels.add(LostUpdateChart.changeIt("change_it without a lock", shares));
                        }
                        return panels;
                    });
        }
        if (!bank.isEmpty()) {
            s.text(bankTable(bank));
            s.text(lockCost(bank));
            forked(s, bank);
        }
        if (!change.isEmpty()) {
            s.text(changeTable(change));
            s.text("change_it (`balance = balance + n; balance = balance - n`, n = 5 and 8, two threads) ends at 0"
                    + " unless a switch falls between a read and its write. CPython 2.7 checks for a switch every"
                    + " 100 bytecodes (`ticks`), 3.2–3.9 on a 5 ms interval but still between any two bytecodes,"
                    + " 3.10+ only at a loop's back edge — so in 3.10+ this loop never races, which is why the seed's"
                    + " race is hard to reproduce today. The GIL still does not make `+=` atomic: the bank, which"
                    + " blocks between read and write, loses updates in every version.\n\n");
        }
        return s;
    }

    /** Every bank or change_it cell with its runs' final balances (cells without the metric are left out). */
    static List<Runs> runs(List<Measurement> cells, boolean cpython) {
        List<Runs> out = new ArrayList<>();
        for (Measurement m : cells) {
            Metric balance = m.secondary().get("balance");
            if (balance == null) {
                continue;
            }
            double[] values = balance.allValues();
            long[] balances = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                balances[i] = Math.round(values[i]);
            }
            Metric truth = m.secondary().get("trueBalance");
            long trueBalance = truth == null ? (m.shortName().contains("change") ? 0 : m.intParam("deposits", 100))
                    : Math.round(Math.max(0, maxOf(truth.allValues(), truth.score())));
            Metric high = m.secondary().get("highestWritten");
            long highest = high == null ? -1 : Math.round(maxOf(high.allValues(), high.score()));
            boolean lock = Boolean.parseBoolean(m.params().getOrDefault("lock", "false").trim());
            out.add(new Runs(m, label(m, cpython), lock, balances, trueBalance, highest, Estimate.of(m.time()), cpython));
        }
        out.sort(Comparator.comparingInt((Runs r) -> ChartStyle.order(r.model())).thenComparingInt(SharedStateLesson::version)
                .thenComparing(Runs::label).thenComparing(Runs::lock));
        return out;
    }

    /** CPython's version as major * 1000 + minor (2.7 before 3.9 before 3.11); 0 for the Java models. */
    private static int version(Runs r) {
        java.util.regex.Matcher v = java.util.regex.Pattern.compile("(\\d+)\\.(\\d+)")
                .matcher(r.cell().params().getOrDefault("python", ""));
        return v.find() ? Integer.parseInt(v.group(1)) * 1000 + Integer.parseInt(v.group(2)) : 0;
    }

    private static double maxOf(double[] values, double fallback) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return values.length == 0 ? fallback : max;
    }

    /** "gil-emulated ticks + bytecode (like 2.7)", "thread-pool ×16", "cpython-threads 3.11". */
    static String label(Measurement m, boolean cpython) {
        if (cpython) {
            String py = m.params().getOrDefault("python", "").replaceFirst("^(\\d+\\.\\d+)\\..*$", "$1");
            return "CPython" + (py.isBlank() ? "" : " " + py) + (m.model().contains("process") ? " processes" : "");
        }
        StringBuilder b = new StringBuilder(m.model());
        boolean change = m.shortName().contains("change");
        if (m.model().equals(ModelNames.GIL_EMULATED) && change) {  // where a switch may fall decides change_it's race
            boolean ticks = m.options().contains("mode=ticks");
            String checks = m.params().getOrDefault("checks", "back-edge");
            b.append(ticks ? " ticks" : " interval").append(" + ").append(checks)
                    .append(!checks.equals("back-edge") ? (ticks ? " (like 2.7)" : " (like 3.2–3.9)")
                            : ticks ? "" : " (like 3.10+)");
        } else {
            if (!m.options().isBlank()) {
                b.append(' ').append(m.options());
            }
            String checks = m.params().getOrDefault("checks", "back-edge");
            if (change && !m.model().equals(ModelNames.GIL_EMULATED) && !checks.equals("back-edge")) {
                b.append(" checks=").append(checks);  // no GIL to check; a separate cell all the same
            }
        }
        if (!m.model().equals(ModelNames.SERIAL)) {
            b.append(" ×").append(m.workers());
        }
        return b.toString();
    }

    /** The verdict (see the class comment). */
    static void decide(Section s, List<Runs> bank, List<Runs> change) {
        List<Runs> judged = new ArrayList<>();
        bank.stream().filter(r -> !r.forked() && !r.cpython()).forEach(judged::add);
        change.stream().filter(r -> !r.forked() && !r.cpython()).forEach(judged::add);
        List<Runs> locked = judged.stream().filter(Runs::lock).toList();
        List<Runs> open = judged.stream().filter(r -> !r.lock()).toList();
        s.number("lockedCells", locked.size()).number("unlockedCells", open.size())
                .number("unlockedCellsLosing", open.stream().filter(r -> r.lost() > 0).count());
        bank.stream().filter(r -> r.concurrentInProcess() && !r.lock()).min(Comparator.comparingLong(r -> min(r.balances())))
                .ifPresent(r -> s.number("bankLowestUnlocked", min(r.balances())).number("bankLowestUnlockedModel", r.label()));
        for (Runs r : locked) {
            if (r.lost() > 0) {
                s.verdict(Verdict.CONTRADICTS, r.label() + " with the lock (" + what(r) + ") ended away from "
                        + r.trueBalance() + " in " + r.lost() + " of " + r.balances().length + " runs ("
                        + list(r.balances()) + "): the lock does not make the read-modify-write atomic");
                return;
            }
        }
        for (Runs r : judged) {
            if (r.model().equals(ModelNames.SERIAL) && r.lost() > 0) {
                s.verdict(Verdict.CONTRADICTS, "serial (" + what(r) + ") ended away from " + r.trueBalance() + " in "
                        + r.lost() + " of " + r.balances().length + " runs: one task at a time cannot lose an update,"
                        + " so the benchmark itself is wrong");
                return;
            }
        }
        for (Runs r : bank) {
            if (!r.lock() && !r.cpython() && r.concurrentInProcess() && r.lost() == 0 && r.balances().length >= MIN_RUNS
                    && !r.fallback()) {
                s.verdict(Verdict.CONTRADICTS, r.label() + " without a lock kept all " + r.trueBalance()
                        + " deposits in every one of " + r.balances().length + " runs, although "
                        + r.cell().workers() + " deposits at a time each sleep 10 ms between read and write: the"
                        + " deposits did not really run at once");
                return;
            }
        }
        if (locked.isEmpty() || open.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + BANK + " or " + CHANGE_IT + " in an in-process model both with"
                    + " lock=false and lock=true (found " + open.size() + " without, " + locked.size() + " with)");
            return;
        }
        List<Runs> losing = open.stream().filter(r -> r.lost() > 0).toList();
        if (losing.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, "no run without the lock lost an update (" + open.size() + " cells), so the"
                    + " run shows no race for the lock to prevent");
            return;
        }
        List<Runs> few = locked.stream().filter(r -> r.balances().length < MIN_RUNS).toList();
        if (!few.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, few.get(0).label() + " with the lock has " + few.get(0).balances().length
                    + " runs, fewer than " + MIN_RUNS + ": too few to say every run is exact");
            return;
        }
        boolean fallback = locked.stream().anyMatch(Runs::fallback) || losing.stream().allMatch(Runs::fallback);
        Runs worst = losing.stream().max(Comparator.comparingDouble(r -> (double) r.lost() / r.balances().length))
                .orElseThrow();
        String why = losing.size() + " of " + open.size() + " cells without the lock lost updates (e.g. " + worst.label()
                + ", " + what(worst) + ": " + worst.lost() + " of " + worst.balances().length + " runs wrong, "
                + list(worst.balances()) + " instead of " + worst.trueBalance() + "); all " + locked.size()
                + " cells with the lock were exact in every run";
        if (fallback) {
            s.verdict(Verdict.TOO_NOISY, why + "; but the deciding cells rest on disturbed attempts only");
        } else {
            s.verdict(Verdict.CONFIRMS, why);
        }
    }

    private static String what(Runs r) {
        return r.cell().shortName().contains("change") ? "change_it" : "bank";
    }

    private static long min(long[] v) {
        long m = Long.MAX_VALUE;
        for (long x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    /** "7, 8, 7, 6, 7" (the first 10 runs). */
    static String list(long[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(v.length, 10); i++) {
            b.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return b.append(v.length > 10 ? ", …" : "").toString();
    }

    private static String bankTable(List<Runs> bank) {
        StringBuilder t = new StringBuilder("Bank account (" + bank.get(0).cell().intParam("deposits", 100)
                + " deposits of 1):\n\n| model | lock | final balance of each run | true | runs wrong | time per run (ms) [95% CI] | irregular |\n"
                + "|---|---|---|---:|---:|---:|---|\n");
        for (Runs r : bank) {
            t.append("| ").append(Fmt.cell(r.label())).append(" | ").append(r.lock() ? "yes" : "no").append(" | ")
                    .append(list(r.balances())).append(" | ").append(r.trueBalance()).append(" | ")
                    .append(r.forked() ? "(not judged)" : r.lost() + " of " + r.balances().length).append(" | ")
                    .append(Fmt.pm(r.time())).append(" | ").append(Fmt.irregular(r.time())).append(" |\n");
        }
        return t.append('\n').toString();
    }

    /** The locked runs serialise: each takes about deposits x 10 ms. */
    static String lockCost(List<Runs> bank) {
        StringBuilder t = new StringBuilder();
        for (Runs r : bank) {
            if (!r.lock() || r.forked() || r.cpython() || !r.concurrentInProcess()) {
                continue;
            }
            Runs open = bank.stream().filter(o -> !o.lock() && o.cell().shortName().equals(r.cell().shortName())
                    && o.label().equals(r.label())).findFirst().orElse(null);
            double serialised = r.cell().intParam("deposits", 100) * DEPOSIT_SLEEP_MS;
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

    private static void forked(Section s, List<Runs> bank) {
        List<Runs> forked = bank.stream().filter(Runs::forked).toList();
        if (forked.isEmpty()) {
            return;
        }
        StringBuilder t = new StringBuilder("**forked-process**: the parent's balance stays ");
        t.append(list(forked.get(0).balances())).append(" — each child JVM deposits into its own copy of the"
                + " account, and nothing is sent back (the seed's Ping/Pong with a global variable: each process"
                + " counts on its own copy).");
        long highest = forked.stream().mapToLong(Runs::highest).max().orElse(-1);
        if (highest >= 0) {
            t.append(" The highest balance any child wrote was ").append(highest)
                    .append(": how far one copy got. To combine them the processes must communicate (a Queue or a"
                            + " Pipe: the next section prices one message).");
        }
        s.text(t.append("\n\n").toString());
    }

    /** change_it's non-zero share per setting, without the lock; CPython's cells, or the notes' numbers. */
    static List<LostUpdateChart.Share> shares(List<Runs> change) {
        List<LostUpdateChart.Share> out = new ArrayList<>();
        for (Runs r : change) {
            if (!r.lock()) {
                out.add(new LostUpdateChart.Share(r.label(), r.lost(), r.balances().length, r.cpython()));
            }
        }
        if (!out.isEmpty() && change.stream().noneMatch(Runs::cpython)) {
            for (int i = 0; i < CPYTHON_NOTES_LABEL.length; i++) {
                out.add(new LostUpdateChart.Share(CPYTHON_NOTES_LABEL[i], CPYTHON_NOTES_NON_ZERO[i], CPYTHON_NOTES_RUNS,
                        true));
            }
        }
        return out;
    }

    /** "30 [11, 60]": the share of runs not ending at 0, with its 95% Wilson interval. */
    private static String percent(Runs r) {
        double[] w = LostUpdateChart.wilson(r.lost(), r.balances().length);
        return Fmt.num(100.0 * r.lost() / Math.max(1, r.balances().length), 0) + " [" + Fmt.num(w[0], 0) + ", "
                + Fmt.num(w[1], 0) + "]";
    }

    private static String changeTable(List<Runs> change) {
        StringBuilder t = new StringBuilder("change_it (" + change.get(0).cell().params().getOrDefault("iterations", "?")
                + " iterations per thread):\n\n| model and GIL setting | lock | runs not ending at 0 | % [95% CI] | final balances |"
                + " time per run (ms) [95% CI] |\n|---|---|---:|---:|---|---:|\n");
        for (Runs r : change) {
            t.append("| ").append(Fmt.cell(r.label())).append(" | ").append(r.lock() ? "yes" : "no").append(" | ")
                    .append(r.lost()).append(" of ").append(r.balances().length).append(" | ").append(percent(r))
                    .append(" | ").append(list(r.balances()))
                    .append(" | ").append(Fmt.pm(r.time())).append(" |\n");
        }
        if (change.stream().noneMatch(Runs::cpython)) {
            t.append("\nCPython, 10 runs each (../shared/notes/suite-checks.md): 2.7.18 4 of 10 non-zero (0, 32, 137,"
                    + " −5, 0, 0, 0, 0, 0, 55), 3.9.18 1 of 10, 3.11.7 and 3.13.0 none.\n");
        }
        return t.append('\n').toString();
    }
}

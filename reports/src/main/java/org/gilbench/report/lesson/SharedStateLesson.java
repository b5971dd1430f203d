package org.gilbench.report.lesson;

import org.gilbench.report.read.ModelNames;
import org.gilbench.report.analysis.Workloads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gilbench.report.chart.LostUpdateChart;

/**
 * Seed lesson 5, first part: shared state needs a lock — the GIL does not give you one — and processes
 * share nothing. The bank account (100 deposits of 1, each {@code new = balance + 1; sleep(10 ms);
 * balance = new}) and seed 002's change_it (002:377-397), under every model, without and with the lock. The outcome
 * is not a time but a distribution of final balances: every run's value is in the JSON's rawData
 * (secondary metrics {@code balance}, {@code trueBalance}, {@code highestWritten}; read by {@link BalanceRuns};
 * the tables and paragraphs are {@link SharedStateTables}'s).
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
                + " and every locked cell was exact in every one of ≥ " + MIN_RUNS + " runs, each deciding cell on ≥ "
                + Rules.MIN_FORKS + " forks. Fewer runs, fewer than " + Rules.MIN_FORKS + " forks, no race without the lock, or disturbed-only cells:"
                + " too-noisy. A failed or timed-out in-process cell (a lock that loses updates fails its own check):"
                + " not-measured, naming it. " + ModelNames.FORKED_PROCESS + " is not"
                + " judged (the parent's balance is 0 by design).";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<BalanceRuns> bank = BalanceRuns.of(e.benchmark(BANK), false);
        bank.addAll(BalanceRuns.of(e.benchmark(CPYTHON_BANK), true));
        List<BalanceRuns> change = BalanceRuns.of(e.benchmark(CHANGE_IT), false);
        change.addAll(BalanceRuns.of(e.benchmark(CPYTHON_CHANGE_IT), true));
        decide(s, bank, change, e);
        CoreSeeds.sharedState(s, bank.stream().anyMatch(r -> !r.cpython()), change.stream().anyMatch(r -> !r.cpython()));
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
        long trueBalance = bank.stream().filter(r -> !r.forked()).mapToLong(BalanceRuns::trueBalance).max()
                .orElse(bank.stream().mapToInt(r -> r.cell().intParam("deposits", 100)).max().orElse(100));
        List<LostUpdateChart.Share> shares = SharedStateTables.shares(change);
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
            s.text(SharedStateTables.bankTable(bank));
            s.text(SharedStateTables.lockCost(bank));
            SharedStateTables.forked(s, bank);
        }
        if (!change.isEmpty()) {
            s.text(SharedStateTables.changeTable(change));
            s.text("change_it (`balance = balance + n; balance = balance - n`, n = 5 and 8, two threads) ends at 0"
                    + " unless a switch falls between a read and its write. CPython 2.7 checks for a switch every"
                    + " 100 bytecodes (`ticks`), 3.2–3.9 on a 5 ms interval but still between any two bytecodes,"
                    + " 3.10+ only at a loop's back edge — so in 3.10+ this loop never races, which is why the seed's"
                    + " race is hard to reproduce today. The GIL still does not make `+=` atomic: the bank, which"
                    + " blocks between read and write, loses updates in every version.\n\n");
        }
        return s;
    }


    /** The verdict (see the class comment). */
    static void decide(Section s, List<BalanceRuns> bank, List<BalanceRuns> change, Evidence e) {
        Rules.Outcome failed = Rules.unfinished(unfinished(e));
        if (failed != null) {
            s.verdict(failed.verdict(), failed.reason());
            return;
        }
        List<BalanceRuns> judged = new ArrayList<>();
        bank.stream().filter(r -> !r.forked() && !r.cpython()).forEach(judged::add);
        change.stream().filter(r -> !r.forked() && !r.cpython()).forEach(judged::add);
        List<BalanceRuns> locked = judged.stream().filter(BalanceRuns::lock).toList();
        List<BalanceRuns> open = judged.stream().filter(r -> !r.lock()).toList();
        s.number("lockedCells", locked.size()).number("unlockedCells", open.size())
                .number("unlockedCellsLosing", open.stream().filter(r -> r.lost() > 0).count());
        bank.stream().filter(r -> r.concurrentInProcess() && !r.lock()).min(Comparator.comparingLong(r -> BalanceRuns.min(r.balances())))
                .ifPresent(r -> s.number("bankLowestUnlocked", BalanceRuns.min(r.balances())).number("bankLowestUnlockedModel", r.label()));
        for (BalanceRuns r : locked) {
            if (r.lost() > 0) {
                s.verdict(Verdict.CONTRADICTS, r.label() + " with the lock (" + what(r) + ") ended away from "
                        + r.trueBalance() + " in " + r.lost() + " of " + r.balances().length + " runs ("
                        + BalanceRuns.list(r.balances()) + "): the lock does not make the read-modify-write atomic");
                return;
            }
        }
        for (BalanceRuns r : judged) {
            if (r.model().equals(ModelNames.SERIAL) && r.lost() > 0) {
                s.verdict(Verdict.CONTRADICTS, "serial (" + what(r) + ") ended away from " + r.trueBalance() + " in "
                        + r.lost() + " of " + r.balances().length + " runs: one task at a time cannot lose an update,"
                        + " so the benchmark itself is wrong");
                return;
            }
        }
        for (BalanceRuns r : bank) {
            if (!r.lock() && !r.cpython() && r.concurrentInProcess() && r.lost() == 0 && r.balances().length >= MIN_RUNS
                    && !r.fallback() && r.forks() >= Rules.MIN_FORKS) {
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
        List<BalanceRuns> losing = open.stream().filter(r -> r.lost() > 0).toList();
        if (losing.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, "no run without the lock lost an update (" + open.size() + " cells), so the"
                    + " run shows no race for the lock to prevent");
            return;
        }
        List<BalanceRuns> oneFork = java.util.stream.Stream.concat(locked.stream(), losing.stream())
                .filter(r -> r.forks() < Rules.MIN_FORKS).toList();
        if (!oneFork.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, oneFork.get(0).label() + " (" + what(oneFork.get(0)) + (oneFork.get(0).lock()
                    ? ", with the lock" : ", without the lock") + ") rests on " + oneFork.get(0).forks() + " fork, fewer than "
                    + Rules.MIN_FORKS + ": runs within one JVM are not independent, so they decide nothing");
            return;
        }
        List<BalanceRuns> few = locked.stream().filter(r -> r.balances().length < MIN_RUNS).toList();
        if (!few.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, few.get(0).label() + " with the lock has " + few.get(0).balances().length
                    + " runs, fewer than " + MIN_RUNS + ": too few to say every run is exact");
            return;
        }
        boolean fallback = locked.stream().anyMatch(BalanceRuns::fallback) || losing.stream().allMatch(BalanceRuns::fallback);
        BalanceRuns worst = losing.stream().max(Comparator.comparingDouble(r -> (double) r.lost() / r.balances().length))
                .orElseThrow();
        String why = losing.size() + " of " + open.size() + " cells without the lock lost updates (e.g. " + worst.label()
                + ", " + what(worst) + ": " + worst.lost() + " of " + worst.balances().length + " runs wrong, "
                + BalanceRuns.list(worst.balances()) + " instead of " + worst.trueBalance() + "); all " + locked.size()
                + " cells with the lock were exact in every run";
        if (fallback) {
            s.verdict(Verdict.TOO_NOISY, why + "; but the deciding cells rest on disturbed attempts only");
        } else {
            s.verdict(Verdict.CONFIRMS, why);
        }
    }

    /** The bank and change_it cells of in-process Java models that failed (a lock that loses updates) or timed out. */
    private static List<Evidence.Unfinished> unfinished(Evidence e) {
        java.util.function.Predicate<java.util.Map<String, String>> judged =
                p -> !p.getOrDefault("model", "").equals(ModelNames.FORKED_PROCESS);
        List<Evidence.Unfinished> out = new ArrayList<>(e.unfinished(BANK, judged));
        out.addAll(e.unfinished(CHANGE_IT, judged));
        return out;
    }

    /**
     * Undecided: the locked cells and the cells without a lock of the in-process models, those with fewer forks
     * (or fewer runs) first: their next fork adds runs to "every run exact" and chances for a lost update.
     */
    @Override
    public List<String> deciding(Evidence e) {
        if (!unfinished(e).isEmpty()) {
            return List.of();
        }
        Section s = new Section();
        List<BalanceRuns> bank = BalanceRuns.of(e.benchmark(BANK), false);
        List<BalanceRuns> change = BalanceRuns.of(e.benchmark(CHANGE_IT), false);
        decide(s, bank, change, e);
        List<org.gilbench.report.read.Measurement> cells = java.util.stream.Stream.concat(bank.stream(), change.stream())
                .filter(r -> !r.forked()).map(BalanceRuns::cell).toList();
        return s.verdict() != Verdict.TOO_NOISY ? List.of() : Deciding.order(e, cells);
    }

    private static String what(BalanceRuns r) {
        return BalanceRuns.changeIt(r.cell()) ? "change_it" : "bank";
    }

}

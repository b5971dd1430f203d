package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.chart.PairedBarChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 6, "coroutines need no locks" (seed 001:270-274, 002:676-682), examined (issue 22): lesson 5's
 * bank account (100 deposits of 1, 10 ms of I/O each) on the event loop, with the sleep between the read and
 * the write ({@code suspension=between}: an {@code await} there) or after the write ({@code after}). One
 * thread, no lock: the first loses updates like a pool of 16 threads, the second cannot.
 *
 * <p>Verdict (counts of runs: a final balance is exact or it is not):
 * <ul>
 *   <li>contradicts — a run with the sleep after the write ended below its true balance (nothing can run
 *       between that read and its write), or {@code between} kept every deposit in ≥ {@link #MIN_RUNS} runs
 *       (16 coroutines awaiting 10 ms between read and write must overwrite each other); or a run's true
 *       balance — the deposits the account itself counted — was not the 100 asked for (a model that skipped
 *       deposits: the counter a fake cannot produce);</li>
 *   <li>confirms — {@code between} lost updates and {@code after} was exact in every run, each cell with
 *       ≥ {@link #MIN_RUNS} runs over ≥ {@link #MIN_FORKS} forks, neither disturbed-only nor failed;</li>
 *   <li>too-noisy — fewer runs or forks, disturbed-only, or a failed cell (named);</li>
 *   <li>not-measured — no event-loop cell of each kind.</li>
 * </ul>
 */
public final class EventLoopSuspensionLesson implements Lesson {

    static final String BENCH = "SuspensionBankBenchmark.bank";
    static final String BETWEEN = "between";
    static final String AFTER = "after";
    /** As lesson 5 (SharedStateLesson.MIN_RUNS): "every run" needs 3 runs at least. */
    public static final int MIN_RUNS = SharedStateLesson.MIN_RUNS;
    /** Runs within one fork are not independent (issue 18). */
    public static final int MIN_FORKS = 2;
    /** The seed's bank: 100 deposits of 1. */
    static final int SEED_DEPOSITS = 100;

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String id() {
        return "event-loop-suspension";
    }

    @Override
    public String title() {
        return "Coroutines need no lock only while no await lies between a read and its write";
    }

    @Override
    public List<String> evidence() {
        return List.of(ThreadLessons.SUSPENSION_BANK, ThreadLessons.CPYTHON_SUSPENSION_BANK);
    }

    @Override
    public String rule() {
        return "*Lesson 6, the event loop's bank* (100 deposits, 16 at a time, the 10 ms sleep between the read and the"
                + " write or after it): counts of runs. Confirms when `between` lost updates and `after` was exact in"
                + " every run, each cell with ≥ " + MIN_RUNS + " runs over ≥ " + MIN_FORKS + " forks, none disturbed-only"
                + " or failed. Contradicts when `after` lost one, `between` kept every deposit in ≥ " + MIN_RUNS
                + " runs, or the account counted other than the deposits asked for.";
    }

    /** One cell's runs: final balances and the account's own count of deposits, per operation. */
    record Runs(Measurement cell, double[] balances, double[] trueBalances) {
        static Runs of(Measurement m) {
            return new Runs(m, ThreadCells.values(m, "balance"), ThreadCells.values(m, "trueBalance"));
        }

        long lost() {
            long n = 0;
            for (int i = 0; i < balances.length; i++) {
                if (i < trueBalances.length && balances[i] != trueBalances[i]) {
                    n++;
                }
            }
            return n;
        }

        int forks() {
            return ThreadCells.forks(cell.time());
        }

        boolean fallback() {
            return cell.time().disturbed();
        }

        String list() {
            StringBuilder b = new StringBuilder();
            for (double v : balances) {
                b.append(b.length() == 0 ? "" : ", ").append(Fmt.num(v, 0));
            }
            return b.toString();
        }
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Measurement> cells = e.benchmark(BENCH);
        Optional<Runs> between = ThreadCells.find(cells, Map.of("model", ModelNames.EVENT_LOOP, "suspension", BETWEEN))
                .map(Runs::of);
        Optional<Runs> after = ThreadCells.find(cells, Map.of("model", ModelNames.EVENT_LOOP, "suspension", AFTER))
                .map(Runs::of);
        decide(s, between.orElse(null), after.orElse(null), ThreadCells.failed(e, BENCH));
        s.text("The seeds: coroutines switch only where the program says, so they need no locks. That holds only while"
                + " no `await` sits between a read and its write: lesson 5's deposit (`new = balance + 1; await sleep(10"
                + " ms); balance = new`) on one event-loop thread loses updates like 16 threads; with the sleep after the"
                + " write, nothing can run between the read and the write and every deposit lands.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        List<Measurement> shown = new ArrayList<>(cells);
        // CPython's asyncio bank (cpython/gilbench_threads.py), shown beside, not judged.
        shown.addAll(e.benchmark(ThreadLessons.CPYTHON_SUSPENSION_BANK));
        if (!shown.isEmpty()) {
            List<String> labels = new ArrayList<>();
            List<Estimate> finals = new ArrayList<>();
            List<Estimate> truth = new ArrayList<>();
            StringBuilder t = new StringBuilder("| model | sleep | runs (forks) | final balances | true balance |\n"
                    + "|---|---|---|---|---|\n");
            for (Measurement m : shown) {
                Runs r = Runs.of(m);
                String who = m.params().containsKey("python") ? m.model() + " " + m.params().get("python") : m.model();
                labels.add(who + ", sleep " + m.params().getOrDefault("suspension", "?"));
                finals.add(Estimate.exact(Estimate.median(r.balances())));
                truth.add(Estimate.exact(asked(m)));
                t.append("| ").append(who).append(" | ").append(BETWEEN.equals(m.params().get("suspension"))
                                ? "between the read and the write" : m.params().getOrDefault("suspension", "?") + " the write")
                        .append(" | ").append(r.balances().length).append(" (").append(r.forks()).append(") | ")
                        .append(r.list()).append(" | ").append(r.trueBalances().length == 0 ? Fmt.NONE + " (asked "
                                + asked(m) + ")" : Fmt.num(r.trueBalances()[0], 0)).append(" |\n");
            }
            Map<String, List<Estimate>> series = new LinkedHashMap<>();
            series.put("median final balance", finals);
            series.put("deposits asked for", truth);
            s.chart("event-loop-suspension", "final balance of the event loop's bank, the sleep between or after the write",
                    () -> List.of(PairedBarChart.create("The event loop's bank: where the await lies", "balance",
                            labels, series)));
            s.text(t + "\n");
        }
        return s;
    }

    /** The deposits a cell asked for: Java's {@code deposits}, CPython's {@code tasks}. */
    private static int asked(Measurement m) {
        return m.intParam("deposits", m.intParam("tasks", SEED_DEPOSITS));
    }

    /** The verdict (see the class comment). */
    static void decide(Section s, Runs between, Runs after, List<String> failed) {
        for (Runs r : java.util.stream.Stream.of(between, after).filter(java.util.Objects::nonNull).toList()) {
            for (double t : r.trueBalances()) {
                if (t != asked(r.cell())) {
                    s.verdict(Verdict.CONTRADICTS, "the account counted " + Fmt.num(t, 0) + " deposits, not the "
                            + asked(r.cell()) + " asked for: the model skipped some");
                    return;
                }
            }
        }
        if (after != null && after.lost() > 0) {
            s.verdict(Verdict.CONTRADICTS, "with the sleep after the write the event loop ended away from its true"
                    + " balance in " + after.lost() + " of " + after.balances().length + " runs (" + after.list()
                    + "): something ran between a read and its write");
            return;
        }
        if (between != null && between.lost() == 0 && between.balances().length >= MIN_RUNS && !between.fallback()) {
            s.verdict(Verdict.CONTRADICTS, "with the sleep between the read and the write the event loop kept every"
                    + " deposit in all " + between.balances().length + " runs: its coroutines did not interleave at the"
                    + " await");
            return;
        }
        if (between == null || after == null) {
            s.verdict(Verdict.NOT_MEASURED, failed.isEmpty() ? "needs " + BENCH + " under " + ModelNames.EVENT_LOOP
                    + " with suspension=" + BETWEEN + " and " + AFTER + " (--workloads " + ThreadLessons.SUSPENSION_BANK
                    + ")" : failed.get(0));
            return;
        }
        s.number("betweenLost", between.lost()).number("betweenRuns", between.balances().length)
                .number("afterRuns", after.balances().length);
        String what = "sleep between: " + between.lost() + " of " + between.balances().length + " runs lost updates ("
                + between.list() + " of " + SEED_DEPOSITS + "); sleep after: all " + after.balances().length
                + " runs exact";
        if (!failed.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, what + "; but " + failed.get(0));
            return;
        }
        for (Runs r : List.of(between, after)) {
            if (r.balances().length < MIN_RUNS || r.forks() < MIN_FORKS || r.fallback()) {
                s.verdict(Verdict.TOO_NOISY, what + "; but " + r.cell().params().get("suspension") + " has "
                        + r.balances().length + " runs over " + r.forks() + " fork(s)" + (r.fallback()
                        ? ", disturbed attempts only" : "") + " (needs " + MIN_RUNS + " over " + MIN_FORKS + ")");
                return;
            }
        }
        s.verdict(Verdict.CONFIRMS, what + ", and the account counted every deposit");
    }
}

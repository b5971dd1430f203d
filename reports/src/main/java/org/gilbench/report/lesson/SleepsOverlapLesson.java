package org.gilbench.report.lesson;

import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.ModelNames;
import java.util.ArrayList;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.IoAnalysis;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.IoScalingChart;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 3: blocking work (sleeps, I/O) overlaps in threads even under the GIL, because a blocked
 * thread releases it. The I/O chart (wall time vs concurrent sleeping tasks, log-log), its table with
 * the best possible number of waves, and the gil-emulated vs thread-pool comparison.
 *
 * <p>Verdict: every cell where gil-emulated and a thread-pool of the same size ran the same task
 * count, and the pool itself stays within {@link #FLOOR_FACTOR} of its ideal ceil(N / workers)
 * sleeps (so overlap, not thread start-up, is what is measured): the ratio gil / pool with its
 * log-space interval. All wholly inside [1 / {@link #SAME_BAND}, {@link #SAME_BAND}] confirms; any
 * wholly outside contradicts; else too noisy. Pairs off the pool's floor are listed, not judged.
 */
public final class SleepsOverlapLesson implements Lesson {

    /**
     * "The same" = within 50%. Every sleeper takes the GIL again when it wakes; with 1,000 threads waking
     * within the same millisecond those re-takes queue up, tens of microseconds each, so 1,000 sleeps of
     * 100 ms on 1,000 GIL threads took 148-158 ms against the plain pool's 126-132 ms in two quick runs
     * here (1.12-1.25x; CPython 3.11's own pool of 1,000 takes 0.33-0.57 s). ±25% would call that
     * hand-off queue a failure to overlap. An emulation that kept the GIL across a sleep would serialise
     * each wave: `workers` times slower (16x, 1000x), far outside ±50%.
     */
    public static final double SAME_BAND = 1.5;

    /**
     * A pool is "on its floor" when its time is at most 1.5x its ideal ceil(N / workers) sleeps: past
     * that, starting and scheduling the threads dominates (lesson 4), not the overlap of sleeps.
     */
    public static final double FLOOR_FACTOR = 1.5;

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String id() {
        return "sleeps-overlap";
    }

    @Override
    public String title() {
        return "Sleeps overlap in threads, even under the GIL";
    }

    @Override
    public List<String> evidence() {
        return List.of(PlanEntries.SLEEP_IO, Workloads.CPYTHON_SLEEP_IO);
    }

    @Override
    public String rule() {
        return "*Lesson 3* (sleeps overlap under the GIL): " + ModelNames.GIL_EMULATED + " / same-size "
                + ModelNames.THREAD_POOL + " per task count, where the pool stays within " + Fmt.num(FLOOR_FACTOR, 1)
                + "× its ideal ceil(N / workers) sleeps: every interval inside ±" + Math.round((SAME_BAND - 1) * 100)
                + "% confirms (1,000 waking threads queue to re-take the GIL); any wholly outside contradicts; else"
                + " too-noisy.";
    }

    /** One gil-emulated vs thread-pool pair. */
    record Pair(int workers, long tasks, Estimate ratio, boolean onFloor, Verdict verdict) {
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        if (e.sweeps().isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "no sleep-io results in this folder");
            s.text("**Verdict: not-measured** — no sleep-io results in this folder.\n\n");
            return s;
        }
        List<Pair> pairs = new ArrayList<>();
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            pairs.addAll(pairs(sweep));
        }
        decide(s, pairs);
        s.text("The seed: threads that sleep (or wait for I/O) release the GIL, so their waits overlap: three"
                + " downloads of 3, 5 and 6 s take 6 s in threads, not 14. Here: N tasks that each sleep once,"
                + " under each model; tasks that overlap finish in one sleep.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        int i = 0;
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            String name = e.sweeps().size() == 1 ? "io-scaling" : "io-scaling-" + (++i);
            s.text("### sleep-io — `" + sweep.view() + "`\n\n");
            String insight = s.verdict() == Verdict.CONFIRMS
                    ? "gil-emulated = thread-pool within ±" + Math.round((SAME_BAND - 1) * 100) + "%: sleep releases the GIL"
                    : null;
            s.chart(name, "sleep-io wall time", () -> List.of(IoScalingChart.create(
                    "sleep-io: wall time vs concurrent tasks, " + sweep.view(), sweep, insight)));
            s.text(table(sweep));
        }
        if (!pairs.isEmpty()) {
            StringBuilder t = new StringBuilder("gil-emulated / thread-pool of the same size, per cell:\n\n"
                    + "| workers | tasks | gil / pool [95% CI] | pool on its floor | reading |\n|---:|---:|---:|---|---|\n");
            for (Pair p : pairs) {
                t.append("| ").append(p.workers()).append(" | ").append(p.tasks()).append(" | ").append(Fmt.ci(p.ratio()))
                        .append(" | ").append(p.onFloor() ? "yes" : "no (not judged)").append(" | ")
                        .append(reading(p.verdict())).append(" |\n");
            }
            s.text(t.append('\n').toString());
        }
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            fidelity(sweep).forEach(s::fidelity);
        }
        s.text(Fidelity.table(s.fidelity()));
        return s;
    }

    /** gil-emulated beside CPython's threads at the same pool size and task count: time in sleeps. */
    static List<Fidelity> fidelity(IoAnalysis.Sweep sweep) {
        List<Fidelity> rows = new ArrayList<>();
        if (!(sweep.sleepMillis() > 0)) {
            return rows;
        }
        for (IoAnalysis.Line gil : sweep.lines()) {
            if (!gil.series().model().equals(ModelNames.GIL_EMULATED) || !gil.series().options().isBlank()) {
                continue;
            }
            for (IoAnalysis.Line real : sweep.lines()) {
                if (!real.series().model().equals(ModelNames.CPYTHON_THREADS) || real.workers() != gil.workers()) {
                    continue;
                }
                for (IoAnalysis.Point g : gil.points()) {
                    for (IoAnalysis.Point c : real.points()) {
                        if (g.tasks() == c.tasks()) {
                            rows.add(new Fidelity(3, g.tasks() + " sleeps of " + ChartStyle.millis(sweep.sleepMillis())
                                    + " on " + gil.workers() + " threads: gil-emulated vs " + real.series().label(),
                                    "time / one sleep", g.time().times(1 / sweep.sleepMillis()),
                                    c.time().times(1 / sweep.sleepMillis())));
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static String reading(Verdict v) {
        return switch (v) {
            case CONFIRMS -> "same (interval within ±25%)";
            case CONTRADICTS -> "different, beyond the interval";
            default -> "interval too wide to tell";
        };
    }

    static List<Pair> pairs(IoAnalysis.Sweep sweep) {
        List<Pair> pairs = new ArrayList<>();
        for (IoAnalysis.Line gil : sweep.lines()) {
            if (!gil.series().model().equals(ModelNames.GIL_EMULATED)) {
                continue;
            }
            for (IoAnalysis.Line pool : sweep.lines()) {
                if (!pool.series().model().equals(ModelNames.THREAD_POOL) || pool.workers() != gil.workers()) {
                    continue;
                }
                for (IoAnalysis.Point g : gil.points()) {
                    for (IoAnalysis.Point t : pool.points()) {
                        if (g.tasks() != t.tasks()) {
                            continue;
                        }
                        long waves = (t.tasks() + pool.workers() - 1) / Math.max(1, pool.workers());
                        boolean floor = sweep.sleepMillis() > 0
                                && t.time().value() <= FLOOR_FACTOR * waves * sweep.sleepMillis();
                        Estimate ratio = g.time().dividedBy(t.time());
                        pairs.add(new Pair(gil.workers(), g.tasks(), ratio, floor, Rules.same(ratio, SAME_BAND)));
                    }
                }
            }
        }
        return pairs;
    }

    static void decide(Section s, List<Pair> pairs) {
        List<Pair> judged = pairs.stream().filter(Pair::onFloor).toList();
        s.number("pairs", pairs.size()).number("judged", judged.size());
        if (judged.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, pairs.isEmpty()
                    ? "no gil-emulated and same-size thread-pool cells at the same task count"
                    : "no pair where the thread-pool stays within " + FLOOR_FACTOR + "× its ideal waves");
            return;
        }
        long same = judged.stream().filter(p -> p.verdict() == Verdict.CONFIRMS).count();
        List<Pair> apart = judged.stream().filter(p -> p.verdict() == Verdict.CONTRADICTS).toList();
        Pair worst = judged.stream().max((a, b) -> Double.compare(Math.abs(Math.log(a.ratio().value())),
                Math.abs(Math.log(b.ratio().value())))).orElseThrow();
        s.number("worstRatio", worst.ratio().value()).number("worstLow", worst.ratio().low())
                .number("worstHigh", worst.ratio().high());
        if (!apart.isEmpty()) {
            Pair a = apart.get(0);
            s.verdict(Verdict.CONTRADICTS, "gil-emulated / thread-pool = " + Fmt.ci(a.ratio()) + " at " + a.tasks()
                    + " tasks on " + a.workers() + " workers, wholly outside ±" + Math.round((SAME_BAND - 1) * 100)
                    + "%: the emulated GIL is not released around sleeps as CPython's is");
        } else if (same == judged.size()) {
            s.verdict(Verdict.CONFIRMS, "all " + judged.size() + " pairs on the pool's floor have gil / pool within ±"
                    + Math.round((SAME_BAND - 1) * 100) + "% (largest " + Fmt.ci(worst.ratio())
                    + "): sleeping releases the GIL");
        } else {
            s.verdict(Verdict.TOO_NOISY, (judged.size() - same) + " of " + judged.size()
                    + " pairs have an interval too wide to tell (largest difference " + Fmt.ci(worst.ratio()) + ")");
        }
    }

    private static String table(IoAnalysis.Sweep sweep) {
        StringBuilder t = new StringBuilder("| model | " + sweep.taskParam()
                + " | time (ms) [95% CI] | time / one sleep | waves ceil(N / workers) | irregular |\n"
                + "|---|---:|---:|---:|---:|---|\n");
        for (IoAnalysis.Line line : sweep.lines()) {
            for (IoAnalysis.Point p : line.points()) {
                long concurrency = line.series().model().equals(ModelNames.SERIAL) ? 1 : Math.max(1, line.workers());
                t.append("| ").append(Fmt.cell(line.label())).append(" | ").append(p.tasks()).append(" | ")
                        .append(Fmt.pm(p.time())).append(" | ")
                        .append(sweep.sleepMillis() > 0 ? Fmt.num(p.time().value() / sweep.sleepMillis(), 2) : Fmt.NONE)
                        .append(" | ").append((p.tasks() + concurrency - 1) / concurrency).append(" | ")
                        .append(Fmt.irregular(p.time())).append(" |\n");
            }
        }
        t.append('\n');
        boolean waves = sweep.lines().stream().anyMatch(l -> l.showWorkers()
                && l.points().get(l.points().size() - 1).tasks() > l.workers()
                && l.points().get(l.points().size() - 1).time().value() > FLOOR_FACTOR * sweep.sleepMillis());
        if (waves) {
            t.append("Fixed pools with fewer workers than tasks sleep in waves, about ceil(N / workers) sleeps"
                    + " (seed 004's waves of 4). " + "One sleep is " + ChartStyle.millis(sweep.sleepMillis()) + ".\n\n");
        }
        return t.toString();
    }
}

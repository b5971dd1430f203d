package org.gilbench.report.lesson;

import org.gilbench.report.read.ModelNames;
import org.gilbench.report.analysis.Workloads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.IoAnalysis;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.ConvoyChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.write.Fmt;
import org.gilbench.contract.Metric;
import org.gilbench.model.Gil;
import org.gilbench.report.chart.CpuUtilisationChart;

/**
 * Seed lesson 4: switching has a cost. The convoy (GilBenchmark.wakeUp): a thread sleeping 1 ms must
 * take the GIL back when it wakes, and with a CPU-bound thread holding it that takes about one switch
 * interval, so every blocking call costs ~5 ms. Drawn beside CPython 3.11's numbers; plus what the
 * I/O sweep says about thousands of threads.
 *
 * <p>Verdict: the sleeper's step time with 1 competitor / with 0, with its log-space interval:
 * wholly above {@link #CONVOY_FACTOR} confirms, wholly below contradicts, else too noisy. Confirms only with the
 * mechanism (issue 18): the lateness below {@link #LATE_INTERVALS} switch intervals (a GIL that switches late
 * contradicts) and one core busy ({@code cpu.util}; a spinning waiter contradicts).
 */
public final class SwitchingCostLesson implements Lesson {

    /** The benchmark that measures the convoy, and its parameter. */
    static final String BENCHMARK = Workloads.CONVOY_BENCH;
    static final String COMPETITORS = "competitors";

    /** CPython's convoy cells (issue 12): the same step, in ms/op, with the same parameter. */
    static final String CPYTHON_BENCHMARK = Workloads.CPYTHON_CONVOY;

    /** The sleep the benchmark's step contains: lateness = step time - this. */
    static final double SLEEP_MS = 1.0;

    /**
     * CPython 3.11's lateness (ms) of a 1 ms sleep with 0, 1, 2 CPU-bound threads, measured on a
     * 2-core machine (../shared/notes/gil.md): the reference points of the chart.
     */
    static final double[] CPYTHON_311_LATENESS_MS = {0.11, 5.28, 4.24};

    /**
     * A competitor must at least double the sleeper's step: CPython's ratio is ~5.7x (6.3 / 1.1 ms);
     * 2x is far beyond scheduler jitter on an idle sleeper yet well below one 5 ms interval's effect.
     */
    static final double CONVOY_FACTOR = 2.0;

    /**
     * With one competitor the sleeper must be served within 4 switch intervals: CPython 3.11 is 5.28 ms late at
     * 5 ms (1.06 intervals); the waiter's time-out and the holder's check point come late by the scheduler's
     * latency on a busy 2-core machine, the allowance the GIL timeline's slices get too
     * ({@link GilTimelineLesson#LONG_SLICE}). A GIL that ignores drop requests makes a worse convoy, not a truer one.
     */
    static final double LATE_INTERVALS = GilTimelineLesson.LONG_SLICE;

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String id() {
        return "switching-costs";
    }

    @Override
    public String title() {
        return "Switching has a cost: the convoy";
    }

    @Override
    public List<String> evidence() {
        return List.of(PlanEntries.GIL_CONVOY, PlanEntries.SLEEP_IO, Workloads.CPYTHON_CONVOY);
    }

    @Override
    public String rule() {
        return "*Lesson 4* (switching costs): a " + Fmt.num(SLEEP_MS, 0) + " ms sleeper's step with one CPU-bound"
                + " competitor / alone: wholly above " + Fmt.num(CONVOY_FACTOR, 0) + "× confirms, wholly below"
                + " contradicts, else (or on fewer than " + Rules.MIN_FORKS + " forks, or disturbed-only) too-noisy."
                + " Confirms only with the mechanism: the lateness with one competitor wholly below "
                + Fmt.num(LATE_INTERVALS, 0) + " switch intervals (above: contradicts, a GIL that switches late) and"
                + " the cell's " + CpuUtilisationChart.METRIC + " wholly below " + Fmt.num(Rules.ONE_CORE_PERCENT, 0)
                + " % (above: contradicts, a spinning waiter). A failed or timed-out convoy cell: not-measured.";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<ConvoyChart.Point> points = points(e.benchmark(BENCHMARK));
        List<ConvoyChart.Line> real = cpython(e.measurements());
        decide(s, e.benchmark(BENCHMARK), e);
        s.text("The seed: switching has a cost; thousands of threads spend their time switching. Under a GIL the"
                + " sharpest form is the convoy: a thread back from a short blocking call must wait for the GIL"
                + " while a CPU-bound thread holds it.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (!points.isEmpty()) {
            s.chart("convoy", "wake-up lateness of a 1 ms sleep with 0, 1, 2 CPU-bound competitors",
                    () -> List.of(ConvoyChart.create("The convoy: a 1 ms sleep under the GIL", points,
                            CPYTHON_311_LATENESS_MS, real)));
            StringBuilder t = new StringBuilder("| CPU-bound competitors | lateness (ms) [95% CI] | CPython 3.11, reference (ms) | irregular |\n"
                    + "|---:|---:|---:|---|\n");
            for (ConvoyChart.Point p : points) {
                t.append("| ").append(p.competitors()).append(" | ").append(Fmt.pm(p.lateness())).append(" | ")
                        .append(p.competitors() < CPYTHON_311_LATENESS_MS.length
                                ? Fmt.num(CPYTHON_311_LATENESS_MS[p.competitors()], 2) : Fmt.NONE)
                        .append(" | ").append(Fmt.irregular(p.lateness())).append(" |\n");
            }
            s.text(t.append("\nThe CPython column is a ").append(CPython.REFERENCE).append(".\n\n").toString());
            if (!real.isEmpty()) {
                StringBuilder r = new StringBuilder("Real CPython in this run (grey; `cpython.convoy`, a fresh interpreter"
                        + " per cell):\n\n| interpreter | CPU-bound competitors | lateness (ms) [95% CI] |\n|---|---:|---:|\n");
                for (ConvoyChart.Line l : real) {
                    for (ConvoyChart.Point p : l.points()) {
                        r.append("| ").append(l.label()).append(" | ").append(p.competitors()).append(" | ")
                                .append(Fmt.pm(p.lateness())).append(" |\n");
                    }
                }
                s.text(r.append('\n').toString());
                for (Fidelity f : fidelity(e.benchmark(BENCHMARK), e.measurements())) {
                    s.fidelity(f);
                }
                s.text(Fidelity.table(s.fidelity()));
            }
            s.text("A thread that sleeps wakes on time, then waits for the GIL: alone it gets it at once; with a"
                    + " CPU-bound thread holding it, it waits about one switch interval (5 ms) before it may even"
                    + " ask the holder to drop it. Every blocking call then costs ~5 ms: the convoy that makes"
                    + " I/O threads crawl beside a busy one (bpo-7946).\n\n");
        }
        ioThousands(s, e);
        return s;
    }

    /** The step time per competitor count, as lateness (step - 1 ms), sorted. */
    static List<ConvoyChart.Point> points(List<Measurement> cells) {
        List<ConvoyChart.Point> points = new ArrayList<>();
        for (Measurement m : cells) {
            if (!m.options().isBlank()) {
                continue;  // another switch interval: the switch-interval sweep's lesson, not this one
            }
            int c = m.intParam(COMPETITORS, -1);
            if (c >= 0) {
                Estimate step = Estimate.of(m.time());
                points.add(new ConvoyChart.Point(c, step.shifted(-SLEEP_MS)));
            }
        }
        points.sort(Comparator.comparingInt(ConvoyChart.Point::competitors));
        return points;
    }

    /** CPython's convoy cells (issue 12), one line per interpreter and model, sorted by competitors. */
    static List<ConvoyChart.Line> cpython(List<Measurement> all) {
        java.util.Map<String, ConvoyChart.Line> lines = new java.util.LinkedHashMap<>();
        for (Measurement m : all) {
            if (!m.benchmark().equals(CPYTHON_BENCHMARK)) {
                continue;
            }
            int c = m.intParam(COMPETITORS, -1);
            if (c < 0) {
                continue;
            }
            String label = org.gilbench.report.analysis.Series.of(m).label();
            lines.computeIfAbsent(label, k -> new ConvoyChart.Line(k, m.model(), new ArrayList<>())).points()
                    .add(new ConvoyChart.Point(c, Estimate.of(m.time()).shifted(-SLEEP_MS)));
        }
        lines.values().forEach(l -> l.points().sort(Comparator.comparingInt(ConvoyChart.Point::competitors)));
        return List.copyOf(lines.values());
    }

    /**
     * The emulation beside CPython's threads (3.x, the interval GIL): the sleeper's step with k competitors /
     * alone, for every k both measured, from the steps themselves (their fork statistics carry into the ratio).
     */
    static List<Fidelity> fidelity(List<Measurement> emulated, List<Measurement> all) {
        List<Fidelity> rows = new ArrayList<>();
        java.util.Map<Integer, Measurement> mine = byCompetitors(emulated);
        if (mine.get(0) == null) {
            return rows;
        }
        java.util.Map<String, java.util.Map<Integer, Measurement>> real = new java.util.LinkedHashMap<>();
        for (Measurement m : all) {
            if (m.benchmark().equals(CPYTHON_BENCHMARK) && m.model().equals(ModelNames.CPYTHON_THREADS)
                    && m.intParam(COMPETITORS, -1) >= 0) {
                real.computeIfAbsent(org.gilbench.report.analysis.Series.of(m).label(), k -> new java.util.TreeMap<>())
                        .putIfAbsent(m.intParam(COMPETITORS, -1), m);
            }
        }
        Estimate alone = Estimate.of(mine.get(0).time());
        real.forEach((label, byC) -> {
            if (byC.get(0) == null) {
                return;
            }
            Estimate realAlone = Estimate.of(byC.get(0).time());
            mine.forEach((c, m) -> {
                if (c > 0 && byC.containsKey(c)) {
                    rows.add(new Fidelity(4, "1 ms sleep beside " + c + " CPU-bound thread" + (c > 1 ? "s" : "")
                            + ": gil-emulated vs " + label, "step / step alone", Estimate.of(m.time()).dividedBy(alone),
                            Estimate.of(byC.get(c).time()).dividedBy(realAlone)));
                }
            });
        });
        return rows;
    }

    /** The convoy cells of the default interval by competitor count (cells with options are the sweep's). */
    static java.util.Map<Integer, Measurement> byCompetitors(List<Measurement> cells) {
        java.util.Map<Integer, Measurement> out = new java.util.TreeMap<>();
        for (Measurement m : cells) {
            int c = m.intParam(COMPETITORS, -1);
            if (m.options().isBlank() && c >= 0) {
                out.putIfAbsent(c, m);
            }
        }
        return out;
    }

    static void decide(Section s, List<Measurement> cells, Evidence e) {
        Rules.Outcome failed = Rules.unfinished(e.unfinished(BENCHMARK, p -> p.getOrDefault("options", "").isBlank()));
        if (failed != null) {
            s.verdict(failed.verdict(), failed.reason());
            return;
        }
        java.util.Map<Integer, Measurement> by = byCompetitors(cells);
        Measurement alone = by.get(0);
        Measurement one = by.get(1);
        if (alone == null || one == null) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + BENCHMARK + " with competitors=0 and competitors=1");
            return;
        }
        // The steps themselves (not lateness + 1 ms): their fork statistics carry over into the ratio.
        Estimate stepOne = Estimate.of(one.time());
        Estimate ratio = stepOne.dividedBy(Estimate.of(alone.time()));
        Estimate lateOne = stepOne.shifted(-SLEEP_MS);
        s.number("latenessAloneMs", Estimate.of(alone.time()).value() - SLEEP_MS).number("latenessOneCompetitorMs",
                        lateOne.value()).number("stepRatio", ratio.value()).number("stepRatioLow", ratio.low())
                .number("stepRatioHigh", ratio.high());
        String shown = "a 1 ms sleep's step with 1 CPU-bound competitor / alone = " + Fmt.ci(ratio) + " ("
                + ratio.basis() + ") against " + Fmt.num(CONVOY_FACTOR, 0) + "×";
        Rules.Outcome o = Rules.bound(ratio, CONVOY_FACTOR, true, shown,
                "waiting for the GIL costs more than the sleep itself", "the sleeper gets the GIL back at once",
                CONVOY_FACTOR);
        if (!o.confirms()) {
            s.verdict(o.verdict(), o.reason());
            return;
        }
        // The mechanism: the sleeper is served after about one interval (a GIL that switches late makes the convoy
        // worse, not truer) and waits parked (a spinning waiter burns a second core beside the competitor).
        double intervalMs = Gil.DEFAULT_INTERVAL_US / 1000.0;
        Estimate intervals = lateOne.times(1 / intervalMs);
        Rules.Outcome late = Rules.bound(intervals, LATE_INTERVALS, false, "its lateness " + Fmt.ci(lateOne) + " ms = "
                + Fmt.ci(intervals) + " switch intervals of " + Fmt.num(intervalMs, 0) + " ms",
                "served after about one interval, as CPython 3.11's (5.28 ms, a reference, not this run)",
                "the holder ignores the drop request for several intervals (a GIL that switches late)");
        if (!late.confirms()) {
            s.verdict(late.verdict(), o.reason() + "; but " + late.reason());
            return;
        }
        Metric cpu = one.secondary().get(CpuUtilisationChart.METRIC);
        if (cpu == null) {
            s.verdict(Verdict.NOT_MEASURED, o.reason() + "; " + late.reason() + "; but the cell has no "
                    + CpuUtilisationChart.METRIC + ", so nothing shows the sleeper waits parked");
            return;
        }
        Rules.Outcome core = Rules.oneCore(Estimate.of(cpu), "the sleeper and its competitor");
        s.verdict(core.verdict(), o.reason() + "; " + late.reason() + (core.confirms() ? "; " : "; but ") + core.reason());
    }

    /** Undecided: the two steps of the ratio, the least settled first. */
    @Override
    public List<String> deciding(Evidence e) {
        Section s = new Section();
        List<Measurement> cells = e.benchmark(BENCHMARK);
        decide(s, cells, e);
        java.util.Map<Integer, Measurement> by = byCompetitors(cells);
        return s.verdict() != Verdict.TOO_NOISY || by.get(0) == null || by.get(1) == null ? List.of()
                : Deciding.order(e, List.of(by.get(1), by.get(0)));
    }

    /** Lines that may run every task at once: how far do they stay on one sleep? */
    private static void ioThousands(Section s, Evidence e) {
        StringBuilder t = new StringBuilder();
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            if (sweep.sleepMillis() <= 0) {
                continue;
            }
            for (IoAnalysis.Line l : sweep.lines()) {
                IoAnalysis.Point largest = l.points().get(l.points().size() - 1);
                if (l.series().model().equals(ModelNames.SERIAL) || l.workers() < largest.tasks()) {
                    continue;
                }
                Estimate sleeps = largest.time().times(1 / sweep.sleepMillis());
                t.append("- ").append(l.label()).append(": ").append(ChartStyle.count(largest.tasks()))
                        .append(" concurrent sleeps take ").append(Fmt.ci(sleeps)).append(" sleeps");
                if (sleeps.hasError() && sleeps.low() > SleepsOverlapLesson.FLOOR_FACTOR) {
                    t.append(", beyond ").append(SleepsOverlapLesson.FLOOR_FACTOR)
                            .append(": starting and scheduling that many threads costs more than the sleep");
                }
                t.append(".\n");
            }
        }
        if (t.length() > 0) {
            s.text("Thousands of threads (the I/O sweep of section 3, lines that may run every task at once):\n\n"
                    + t + "\n");
        }
    }
}

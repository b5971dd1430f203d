package org.gilbench.report.lesson;

import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.ModelNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.CpuScalingChart;
import org.gilbench.report.chart.CpuUtilisationChart;
import org.gilbench.report.read.Cells;
import org.gilbench.contract.Metric;
import org.gilbench.contract.Estimate;
import org.gilbench.report.write.Fmt;
import org.gilbench.report.read.Measurement;
import org.gilbench.model.Gil;
import org.gilbench.report.analysis.AboveBound;

/**
 * Seed lesson 1: CPU-bound work in threads under the GIL does not get faster. One scaling chart per
 * CPU-bound workload (speedup over serial vs workers, the ideal from the real task schedule), its
 * table and fits, and the CPU-utilisation chart (the seed's "101% CPU").
 *
 * <p>Verdict, on the headline CPU experiment: gil-emulated's speedup over serial at the most workers
 * that fit the cores (at least 2), never a substitute cell, against {@link Rules#scaling}: wholly
 * below sqrt(ideal) confirms, wholly above contradicts, else too noisy (and on fewer than 2 forks of a cell, or on
 * disturbed attempts only). Flat is not enough (issue 18): the cell must also show the mechanism — one core busy
 * ({@code cpu.util} wholly below {@link Rules#ONE_CORE_PERCENT}: a spinning waiter contradicts) and threads that
 * took turns ({@code gil.switches} ≥ {@link #MIN_SWITCHES}) — and the GIL-free control (thread-pool) must scale:
 * flat too is too noisy (the cores were busy), not measured says so. A failed or timed-out cell of the models it
 * judges leaves the lesson not measured, naming the cell.
 */
public final class GilThreadsLesson implements Lesson {

    /** The models whose cells the verdict reads: a failed or timed-out one of them leaves it not measured. */
    static final List<String> JUDGED = List.of(ModelNames.GIL_EMULATED, ModelNames.THREAD_POOL, ModelNames.SERIAL);

    /**
     * At least one GIL switch per operation at 2+ workers: the prime list's 65 tasks on 2 threads switched 69
     * times per operation in the quick-run fixture (every 5 ms interval a forced drop); a "GIL" under which
     * one thread ran every task switches 0 times.
     */
    static final double MIN_SWITCHES = 1;

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String id() {
        return "cpu-threads-under-gil";
    }

    @Override
    public String title() {
        return "CPU-bound threads under the GIL do not get faster";
    }

    @Override
    public List<String> evidence() {
        // The verdict reads prime-check; count-loop (seed 003's calc()) and the streamed range-sum are the same
        // lesson on the other CPU-bound seeds. The materialised range-sums are lesson 2's (data to ship).
        return List.of(PlanEntries.PRIME_CHECK, PlanEntries.COUNT_LOOP, PlanEntries.RANGE_SUM_STREAMED,
                Workloads.CPYTHON_PRIME_CHECK, Workloads.CPYTHON_COUNT_LOOP);
    }

    /** Threads with and without the GIL, serial and CPython's threads: what the section compares. */
    @Override
    public List<String> models() {
        return List.of(ModelNames.SERIAL, ModelNames.THREAD_POOL, ModelNames.VIRTUAL_THREAD, ModelNames.GIL_EMULATED,
                ModelNames.CPYTHON_SERIAL, ModelNames.CPYTHON_THREADS, ModelNames.CPYTHON2_THREADS,
                ModelNames.CPYTHON_FREE_THREADED);
    }

    @Override
    public String rule() {
        return "*Lesson 1* (" + ModelNames.GIL_EMULATED + " stays flat): the model's speedup at the most workers that fit the"
                + " cores (≥ 2; never another worker count in its place), against the midpoint sqrt(ideal) between 1×"
                + " and the ideal: wholly below = flat, wholly above = scales (contradicts), straddling, wider than "
                + Fmt.num(Rules.TOO_WIDE, 0) + "× end to end, on fewer than " + Rules.MIN_FORKS + " forks of a cell or on"
                + " disturbed attempts only = too-noisy. Flat confirms only with the mechanism: the cell's "
                + CpuUtilisationChart.METRIC + " wholly below " + Fmt.num(Rules.ONE_CORE_PERCENT, 0) + " % (one core, as"
                + " CPython's 101–105 %; a spinning waiter shows ~195 %: contradicts) and at least "
                + Fmt.num(MIN_SWITCHES, 0) + " " + Gil.SWITCHES + " per operation (0: contradicts), and with the GIL-free "
                + ModelNames.THREAD_POOL + " control scaling (not scaling: too-noisy; not measured, or no "
                + CpuUtilisationChart.METRIC + ": not-measured, naming what is missing). A failed or timed-out cell of "
                + String.join(", ", JUDGED) + " in the experiment: not-measured, naming it.";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        int cores = e.cores();
        Optional<List<ScalingAnalysis.Curve>> headline = e.headlineCpu();
        s.verdict(Verdict.NOT_MEASURED, "no CPU-bound experiment with a serial baseline");
        if (e.experiments().isEmpty()) {
            s.text("_No CPU-bound experiment with a serial baseline in this folder: nothing to draw._\n\n");
            return s;
        }
        decide(s, headline.get(), cores, e);
        s.text("The seed: CPU-bound work in CPython threads does not get faster, because the GIL lets one thread"
                + " run bytecode at a time (16 threads on the prime list: 39 s, 101% CPU, no faster than one)."
                + " Here `gil-emulated` imitates that GIL in Java; `thread-pool` is Java's own threads, with no"
                + " GIL, the control.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        for (List<ScalingAnalysis.Curve> curves : e.experiments().values()) {
            List<ScalingAnalysis.Curve> real = e.cpythonCurves(curves.get(0).workload());
            scalingBlock(s, curves, real, cores, e.machine().threads(), limits(e, curves));
            for (Fidelity f : CPython.compare(1, curves, real, CPython.THREAD_PAIRS)) {
                s.fidelity(f);
            }
        }
        s.text(Fidelity.table(s.fidelity()));
        s.text(CPython.seedTable(e));
        CoreSeeds.threads(s, e);
        utilisation(s, headline.get(), e);
        return s;
    }

    /** The verdict on the headline experiment (see the class comment). */
    static void decide(Section s, List<ScalingAnalysis.Curve> curves, int cores, Evidence e) {
        String where = curves.get(0).workload() + " " + curves.get(0).view();
        Rules.Outcome failed = Rules.unfinished(e.unfinishedLike(curves.get(0).baseline(), JUDGED, cores));
        if (failed != null) {
            s.verdict(failed.verdict(), where + ": " + failed.reason());
            return;
        }
        Optional<Evidence.Scaling> gil = Evidence.scaling(curves, ModelNames.GIL_EMULATED, cores);
        if (gil.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, where + ": no gil-emulated cell at 2.." + (cores > 0 ? cores : "n")
                    + " workers (a 1-worker point says nothing about scaling)");
            return;
        }
        ScalingAnalysis.Point p = gil.get().at();
        Estimate ratio = gil.get().ratio();
        s.number("workload", where).number("workers", p.workers()).number("against", gil.get().against())
                .number("scaling", ratio.value()).number("scalingLow", ratio.low()).number("scalingHigh", ratio.high())
                .number("speedupOverSerial", p.speedup().value()).number("ideal", p.ideal())
                .number("basis", ratio.basis());
        Rules.Outcome o = Rules.scaling(ratio, p.ideal(), false,
                "gil-emulated at " + Fmt.workers(p.workers()) + " vs " + gil.get().against());
        if (!o.confirms()) {
            s.verdict(o.verdict(), o.reason());
            return;
        }
        // Flat in time is not enough: a GIL whose waiter spins is flat too. The mechanism: one core busy,
        // and the threads really took turns (the GIL's own switch counter).
        Metric cpu = p.measurement().secondary().get(CpuUtilisationChart.METRIC);
        if (cpu == null) {
            s.verdict(Verdict.NOT_MEASURED, o.reason() + "; but the cell has no " + CpuUtilisationChart.METRIC
                    + " (run with the ModelProfiler), so the run cannot show that the GIL threads use one core");
            return;
        }
        Estimate util = Estimate.of(cpu);
        s.number("cpuUtil", util.value()).number("cpuUtilLow", util.low()).number("cpuUtilHigh", util.high());
        Rules.Outcome core = Rules.oneCore(util, "gil-emulated at " + Fmt.workers(p.workers()));
        if (!core.confirms()) {
            s.verdict(core.verdict(), o.reason() + "; but " + core.reason());
            return;
        }
        double switches = p.measurement().secondaryScore(Gil.SWITCHES);
        s.number("gilSwitches", switches);
        if (!(switches >= MIN_SWITCHES)) {
            s.verdict(Double.isNaN(switches) ? Verdict.NOT_MEASURED : Verdict.CONTRADICTS, o.reason() + "; but "
                    + (Double.isNaN(switches) ? "the cell has no " + Gil.SWITCHES + " counter, so nothing shows a GIL"
                    + " was taken in turns" : Gil.SWITCHES + " = " + Fmt.sig(switches) + " per operation: the "
                    + p.workers() + " threads never took turns, so no GIL was shared (one thread ran everything)"));
            return;
        }
        String reason = o.reason() + "; " + core.reason() + ", " + Fmt.sig(switches) + " GIL switches per operation";
        Optional<ScalingAnalysis.Point> pool = Evidence.atCores(curves, ModelNames.THREAD_POOL, cores);
        if (pool.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, reason + "; but the GIL-free control (" + ModelNames.THREAD_POOL + " at "
                    + Fmt.workers(p.workers()) + ") was not measured, so the run cannot tell the GIL from busy cores");
            return;
        }
        Evidence.Scaling ps = Evidence.scaling(curves, ModelNames.THREAD_POOL, cores).orElseThrow();
        Rules.Outcome control = Rules.scaling(ps.ratio(), ps.at().ideal(), true, "thread-pool vs " + ps.against());
        s.number("controlScaling", ps.ratio().value());
        if (!control.confirms()) {
            s.verdict(Verdict.TOO_NOISY, reason + "; but the GIL-free control does not clearly scale either ("
                    + control.reason() + "), so the cores were not free and the run cannot tell the GIL from a busy"
                    + " machine");
            return;
        }
        s.verdict(Verdict.CONFIRMS, reason + "; the control scales (" + control.reason() + ")");
    }

    /**
     * Undecided: the four cells behind the two scaling intervals (gil-emulated at the core count and its
     * 1-worker cell or serial, the thread-pool control likewise), the least settled first ({@link Deciding}).
     */
    @Override
    public List<String> deciding(Evidence e) {
        Optional<List<ScalingAnalysis.Curve>> headline = e.headlineCpu();
        if (headline.isEmpty()) {
            return List.of();
        }
        Section s = new Section();
        decide(s, headline.get(), e.cores(), e);
        if (s.verdict() != Verdict.TOO_NOISY) {
            return List.of();
        }
        return Deciding.order(e, scalingCells(headline.get(), e.cores(), ModelNames.GIL_EMULATED, ModelNames.THREAD_POOL));
    }

    /** The cells behind each model's {@link Evidence#scaling}: its point at the core count and its divisor. */
    static List<Measurement> scalingCells(List<ScalingAnalysis.Curve> curves, int cores, String... models) {
        List<Measurement> out = new java.util.ArrayList<>();
        for (String model : models) {
            Evidence.scaling(curves, model, cores).ifPresent(sc -> {
                out.add(sc.at().measurement());
                if (sc.against().equals(ModelNames.SERIAL)) {
                    out.add(curves.get(0).baseline());
                } else {
                    curves.stream().filter(c -> c.series().model().equals(model) && c.series().options().isBlank())
                            .flatMap(c -> c.points().stream()).filter(q -> q.workers() == 1).findFirst()
                            .ifPresent(q -> out.add(q.measurement()));
                }
            });
        }
        return out;
    }

    /** Cells of this experiment that timed out: their speedup is below serial time / the limit. */
    static List<CpuScalingChart.Limit> limits(Evidence e, List<ScalingAnalysis.Curve> curves) {
        ScalingAnalysis.Curve first = curves.get(0);
        List<CpuScalingChart.Limit> out = new java.util.ArrayList<>();
        for (Cells.Timeout t : e.timeouts(first.baseline())) {
            if (t.limitSeconds() > 0) {
                int w = Integer.parseInt(t.params().getOrDefault("workers", "1").trim());
                out.add(new CpuScalingChart.Limit(t.params().getOrDefault("model", ""), w,
                        first.baselineTime().value() / (t.limitSeconds() * 1000), t.limitSeconds()));
            }
        }
        return out;
    }

    private static void scalingBlock(Section s, List<ScalingAnalysis.Curve> curves, List<ScalingAnalysis.Curve> real,
                                     int cores, int logicalCpus, List<CpuScalingChart.Limit> limits) {
        ScalingAnalysis.Curve first = curves.get(0);
        s.text("### " + first.workload() + " — `" + first.view() + "`\n\n");
        if (curves.stream().allMatch(c -> org.gilbench.report.analysis.Series.isBaseline(c.series().model()))) {
            s.text("_Only the serial baseline was measured (" + Fmt.pm(first.baselineTime())
                    + " ms): no speedup to draw._\n\n");
            return;
        }
        String name = "cpu-scaling-" + Fmt.slug(first.workload() + "-" + first.view());
        List<ScalingAnalysis.Curve> drawn = new java.util.ArrayList<>(curves);
        drawn.addAll(real);
        s.chart(name, first.workload() + " speedup vs workers", () -> List.of(CpuScalingChart.create(
                first.workload() + ": speedup over serial, " + first.view(), drawn, cores, limits, logicalCpus)));
        if (!real.isEmpty()) {
            s.text(CPython.chartNote(curves, real) + "\n\n");
        }
        s.text("Serial baseline: " + ChartStyle.millis(first.baselineTime().value()) + " (" + Fmt.pm(first.baselineTime())
                + " ms, " + first.baselineTime().basis() + "). Ideal: " + first.balance().source() + ".\n\n");
        StringBuilder t = new StringBuilder("| model | workers | time (ms) [95% CI] | speedup [95% CI] | efficiency"
                + " | ideal (limit) | CPU % | irregular |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScalingAnalysis.Curve c : drawn) {
            for (ScalingAnalysis.Point p : c.points()) {
                t.append("| ").append(Fmt.cell(c.series().label())).append(" | ").append(p.workers()).append(" | ")
                        .append(Fmt.ci(p.time())).append(" | ").append(Fmt.ci(p.speedup())).append(" | ")
                        .append(Fmt.num(p.efficiency().value(), 2)).append(p.speedup().value() > p.ideal() ? " (above the bound: see below)" : "")
                        .append(" | ").append(Fmt.num(p.ideal(), 2)).append(" (").append(p.limiter().label).append(") | ")
                        .append(Fmt.num(p.measurement().secondaryScore(CpuUtilisationChart.METRIC), 0)).append(" | ")
                        .append(Fmt.irregular(p.time())).append(" |\n");
            }
        }
        for (CpuScalingChart.Limit l : limits) {
            t.append("| ").append(Fmt.cell(l.model())).append(" | ").append(l.workers()).append(" | did not finish within ")
                    .append(Math.round(l.limitSeconds())).append(" s | below ").append(Fmt.num(l.below(), 2))
                    .append(" | | | | timeout |\n");
        }
        s.text(t.append('\n').toString());
        StringBuilder above = new StringBuilder();
        for (ScalingAnalysis.Curve c : drawn) {
            for (ScalingAnalysis.Point p : c.points()) {
                String why = AboveBound.explain(c, p);
                if (!why.isEmpty()) {
                    above.append("- ").append(why).append('\n');
                }
            }
        }
        if (above.length() > 0) {
            s.text("Speedups above their bound (no model beats the task schedule with the same work, so the baseline is"
                    + " what is checked):\n\n" + above + "\n");
        }
        StringBuilder f = new StringBuilder("Fits T(n) = T₁ / C(n), T₁ free (Amdahl and USL, weighted, n ≤ cores):\n\n");
        for (ScalingAnalysis.Curve c : curves) {
            if (org.gilbench.report.analysis.Series.isBaseline(c.series().model())) {
                continue;
            }
            f.append("- ").append(c.series().label()).append(": ");
            if (c.amdahl() == null && c.usl() == null) {
                f.append(c.fitNote());
            } else {
                if (c.amdahl() != null) {
                    f.append("Amdahl ").append(c.amdahl().describe()).append("; ");
                }
                if (c.usl() != null) {
                    f.append("USL ").append(c.usl().describe()).append("; at ").append(cores)
                            .append(" cores the larger cost is ").append(c.usl().dominantLimit(cores));
                    double peak = c.usl().peak();
                    f.append(Double.isFinite(peak) ? ", peak at n* = " + Fmt.num(peak, 1)
                            : ", no peak claimed (κ's interval includes 0)");
                }
            }
            f.append('\n');
        }
        s.text(f.append('\n').toString());
        s.text(speedups(curves, cores) + "\n\n");
    }

    /** "At the core count, speedups over serial: ..." */
    static String speedups(List<ScalingAnalysis.Curve> curves, int cores) {
        Map<String, ScalingAnalysis.Point> at = new LinkedHashMap<>();
        for (ScalingAnalysis.Curve c : curves) {
            if (!org.gilbench.report.analysis.Series.isBaseline(c.series().model())) {
                Evidence.atCores(List.of(c), c.series().model(), cores).ifPresent(p -> at.putIfAbsent(c.series().label(), p));
            }
        }
        if (at.isEmpty()) {
            return "No model was measured at 2.." + cores + " workers: no speedup at the core count.";
        }
        StringBuilder s = new StringBuilder("At the most workers that fit the cores, speedups over serial: ");
        at.forEach((label, p) -> s.append(label).append(" ").append(Fmt.ci(p.speedup())).append(" (")
                .append(Fmt.workers(p.workers())).append("), "));
        s.setLength(s.length() - 2);
        return s.append('.').toString();
    }

    private static void utilisation(Section s, List<ScalingAnalysis.Curve> curves, Evidence e) {
        s.text("### CPU utilisation per model\n\n");
        if (!CpuUtilisationChart.hasData(curves)) {
            s.text("_No `cpu.util` secondary metric in the CPU-bound results (run with the ModelProfiler):"
                    + " nothing to draw._\n\n");
            return;
        }
        String workload = curves.get(0).workload();
        List<ScalingAnalysis.Curve> all = new java.util.ArrayList<>(curves);
        all.addAll(e.cpythonCurves(workload));
        s.chart("cpu-utilisation", "CPU utilisation per model", () -> List.of(CpuUtilisationChart.create(
                "CPU utilisation: " + workload + " (like `time`'s CPU %)", all, e.cores())));
        StringBuilder t = new StringBuilder("| model | workers | CPU % [95% CI] |\n|---|---:|---:|\n");
        for (ScalingAnalysis.Curve c : all) {
            for (ScalingAnalysis.Point p : c.points()) {
                Metric m = p.measurement().secondary().get(CpuUtilisationChart.METRIC);
                t.append("| ").append(Fmt.cell(c.series().label())).append(" | ").append(p.workers()).append(" | ")
                        .append(m == null ? Fmt.NONE : Fmt.ci(Estimate.of(m))).append(" |\n");
            }
        }
        s.text(t.append('\n').toString());
        s.text("The seed measured 101% for CPython threads (one core) and 389% for processes on 4 cores: a"
                + " GIL shows as one busy core whatever the thread count.\n\n");
    }
}

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

/**
 * Seed lesson 1: CPU-bound work in threads under the GIL does not get faster. One scaling chart per
 * CPU-bound workload (speedup over serial vs workers, the ideal from the real task schedule), its
 * table and fits, and the CPU-utilisation chart (the seed's "101% CPU").
 *
 * <p>Verdict, on the headline CPU experiment: gil-emulated's speedup over serial at the most workers
 * that fit the cores (at least 2), never a substitute cell, against {@link Rules#scaling}: wholly
 * below sqrt(ideal) confirms, wholly above contradicts, else too noisy. When thread-pool (the
 * GIL-free control) was measured and is flat too, the run cannot tell the GIL from a busy machine:
 * too noisy.
 */
public final class GilThreadsLesson implements Lesson {

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
        return PlanEntries.plus(PlanEntries.CPU_BOUND, Workloads.CPYTHON_PRIME_CHECK, Workloads.CPYTHON_COUNT_LOOP);
    }

    @Override
    public String rule() {
        return "*Lesson 1* (" + ModelNames.GIL_EMULATED + " stays flat): the model's speedup at the most workers that fit the"
                + " cores (≥ 2; never another worker count in its place), against the midpoint sqrt(ideal) between 1×"
                + " and the ideal: wholly below = flat (confirms), wholly above = scales (contradicts), straddling ="
                + " too-noisy; an interval wider than " + Fmt.num(Rules.TOO_WIDE, 0) + "× end to end is too-noisy."
                + " It also needs the GIL-free " + ModelNames.THREAD_POOL + " to scale (else the cores were busy:"
                + " too-noisy).";
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
        decide(s, headline.get(), cores);
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
        utilisation(s, headline.get(), e);
        return s;
    }

    /** The verdict on the headline experiment (see the class comment). */
    static void decide(Section s, List<ScalingAnalysis.Curve> curves, int cores) {
        String where = curves.get(0).workload() + " " + curves.get(0).view();
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
        Verdict v = o.verdict();
        String reason = o.reason();
        Optional<ScalingAnalysis.Point> pool = Evidence.atCores(curves, ModelNames.THREAD_POOL, cores);
        if (v == Verdict.CONFIRMS && pool.isPresent()) {
            Evidence.Scaling ps = Evidence.scaling(curves, ModelNames.THREAD_POOL, cores).orElseThrow();
            Rules.Outcome control = Rules.scaling(ps.ratio(), ps.at().ideal(), true, "thread-pool vs " + ps.against());
            s.number("controlScaling", ps.ratio().value());
            if (control.verdict() != Verdict.CONFIRMS) {
                v = Verdict.TOO_NOISY;
                reason += "; but the GIL-free control does not clearly scale either (" + control.reason()
                        + "), so the cores were not free and the run cannot tell the GIL from a busy machine";
            }
        }
        s.verdict(v, reason);
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
                        .append(Fmt.num(p.efficiency().value(), 2)).append(p.superlinear() ? " (>1!)" : "")
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

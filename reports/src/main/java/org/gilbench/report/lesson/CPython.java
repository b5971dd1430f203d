package org.gilbench.report.lesson;

import org.gilbench.report.read.ModelNames;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Series;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.CpuUtilisationChart;
import org.gilbench.contract.Metric;
import org.gilbench.report.write.Fmt;

/**
 * What lessons 1 and 2 say about the real interpreter's cells (issue 12): the pairs of Java and CPython
 * models that stand for the same thing, the fidelity rows at equal worker counts, the note when CPython
 * ran a smaller list, and the seed authors' published numbers beside this machine's.
 */
final class CPython {

    /**
     * How a CPython figure that this run did not measure is labelled (issue 23): the reference tables and texts
     * quote CPython 3.11.7 measured earlier on a 2-core VM like this one (docs/gil.md), never as this run's.
     */
    static final String REFERENCE = "reference: CPython 3.11.7 measured earlier on a 2-core VM (docs/gil.md), not in this run";

    /** Lesson 1: the emulated GIL against CPython's threads; Java's free threads against a free-threaded build. */
    static final Map<String, List<String>> THREAD_PAIRS = Map.of(
            ModelNames.GIL_EMULATED, List.of(ModelNames.CPYTHON_THREADS),
            ModelNames.THREAD_POOL, List.of(ModelNames.CPYTHON_FREE_THREADED));

    /** Lesson 2: child JVMs against multiprocessing. */
    static final Map<String, List<String>> PROCESS_PAIRS = Map.of(ModelNames.FORKED_PROCESS, List.of(ModelNames.CPYTHON_PROCESSES));

    /**
     * The seed's prime list x5 on a 4-core Mac (../shared/SEEDS.md, seed 000 section 7), 16 workers:
     * threads 39.213 s at 101% CPU, processes 27.497 s at 389%.
     */
    static final double SEED_THREADS_S = 39.213;
    static final double SEED_THREADS_CPU = 101;
    static final double SEED_PROCESSES_S = 27.497;
    static final double SEED_PROCESSES_CPU = 389;

    /** The Java prime-check runs the seed's list x5 (65 numbers). */
    static final int JAVA_LIST_MULTIPLE = 5;

    private CPython() {
    }

    /**
     * One fidelity row per (Java model, CPython model) pair of {@code pairs} at each worker count both
     * measured: their speedups, each over its own serial baseline.
     */
    static List<Fidelity> compare(int lesson, List<ScalingAnalysis.Curve> java, List<ScalingAnalysis.Curve> real,
                                  Map<String, List<String>> pairs) {
        List<Fidelity> rows = new ArrayList<>();
        for (ScalingAnalysis.Curve j : java) {
            if (!j.series().options().isBlank()) {
                continue;
            }
            for (String cpModel : pairs.getOrDefault(j.series().model(), List.of())) {
                for (ScalingAnalysis.Curve c : real) {
                    if (!c.series().model().equals(cpModel)) {
                        continue;
                    }
                    for (ScalingAnalysis.Point jp : j.points()) {
                        for (ScalingAnalysis.Point cp : c.points()) {
                            if (jp.workers() == cp.workers() && jp.workers() >= 2) {
                                // On equal terms: each speedup as a fraction of its own task list's ideal (CPython
                                // runs the seed list x1, ideal ~1.7 at 2 workers; the Java side x5, 1.95).
                                rows.add(new Fidelity(lesson, j.workload() + ", " + Fmt.workers(jp.workers()) + ": "
                                        + j.series().label() + " (ideal " + Fmt.num(jp.ideal(), 2) + "×) vs "
                                        + c.series().label() + " (ideal " + Fmt.num(cp.ideal(), 2) + "×)",
                                        "speedup / own ideal", jp.speedup().times(1 / jp.ideal()),
                                        cp.speedup().times(1 / cp.ideal())));
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** "CPython ran the list x1 (listMultiple=1), the Java side x5: compare ratios, not times." */
    static String chartNote(List<ScalingAnalysis.Curve> java, List<ScalingAnalysis.Curve> real) {
        StringBuilder s = new StringBuilder("Grey lines: real CPython on this machine, in the same run, each over its own"
                + " `cpython-serial` baseline (");
        Set<String> seen = new LinkedHashSet<>();
        for (ScalingAnalysis.Curve c : real) {
            seen.add(c.series().label().replace(" (real)", "") + ": serial " + ChartStyle.millis(c.baselineTime().value()));
        }
        s.append(String.join("; ", seen)).append(").");
        for (ScalingAnalysis.Curve c : real) {
            String multiple = c.baseline().params().get("listMultiple");
            String iterations = c.baseline().params().get("iterations");
            String javaIterations = java.get(0).baseline().params().get("iterations");
            if (multiple != null && !multiple.equals(Integer.toString(JAVA_LIST_MULTIPLE))) {
                s.append(" CPython ran the seed list ×").append(multiple).append(" (listMultiple=").append(multiple)
                        .append("), the Java side ×").append(JAVA_LIST_MULTIPLE).append(": CPython is 20–50× slower per"
                        + " division, so it ran a smaller list; compare the speedups, not the times.");
                break;
            }
            if (iterations != null && javaIterations != null && !iterations.equals(javaIterations)) {
                s.append(" CPython counted ").append(ChartStyle.count(Double.parseDouble(iterations)))
                        .append(" iterations per task, the Java side ").append(ChartStyle.count(Double.parseDouble(javaIterations)))
                        .append(": compare the speedups, not the times.");
                break;
            }
        }
        return s.toString();
    }

    /**
     * The seed's published prime-list numbers beside this machine's CPython and emulation at the core
     * count; "" when this run has no prime-check cells of either kind.
     */
    static String seedTable(Evidence e) {
        List<ScalingAnalysis.Curve> java = e.experiments().values().stream()
                .filter(l -> l.get(0).workload().equals(org.gilbench.report.analysis.Workloads.PRIME_CHECK))
                .findFirst().orElse(List.of());
        List<ScalingAnalysis.Curve> real = e.cpythonCurves(org.gilbench.report.analysis.Workloads.PRIME_CHECK);
        if (java.isEmpty() && real.isEmpty()) {
            return "";
        }
        int cores = e.cores();
        StringBuilder t = new StringBuilder("The seed's prime list beside this machine (the seed: its authors' 4-core Mac;"
                + " threads / processes = how much faster processes finished):\n\n"
                + "| who | list | threads: time, CPU % | processes: time, CPU % | threads / processes |\n"
                + "|---|---|---|---|---:|\n");
        t.append("| seed 000, CPython 3, 16 workers, 4 cores | ×5 | ").append(ChartStyle.millis(SEED_THREADS_S * 1000))
                .append(", ").append(Fmt.num(SEED_THREADS_CPU, 0)).append("% | ").append(ChartStyle.millis(SEED_PROCESSES_S * 1000))
                .append(", ").append(Fmt.num(SEED_PROCESSES_CPU, 0)).append("% | ")
                .append(Fmt.num(SEED_THREADS_S / SEED_PROCESSES_S, 2)).append("× |\n");
        Set<String> versions = new LinkedHashSet<>();
        real.forEach(c -> versions.add(c.series().options()));
        for (String v : versions) {
            List<ScalingAnalysis.Curve> mine = real.stream().filter(c -> c.series().options().equals(v)).toList();
            row(t, Series.cpythonLabel(ModelNames.CPYTHON_THREADS, v).replace(" threads (real)", "") + ", this machine",
                    "×" + mine.get(0).baseline().params().getOrDefault("listMultiple", "?"),
                    at(mine, ModelNames.CPYTHON_THREADS, cores), at(mine, ModelNames.CPYTHON_PROCESSES, cores));
        }
        if (!java.isEmpty()) {
            row(t, "the emulation (gil-emulated, forked-process), this machine", "×" + JAVA_LIST_MULTIPLE,
                    Evidence.atCores(java, ModelNames.GIL_EMULATED, cores), Evidence.atCores(java, ModelNames.FORKED_PROCESS, cores));
        }
        return t.append('\n').toString();
    }

    /** A CPython model's point at the most workers that fit the cores (its series carries the version). */
    static Optional<ScalingAnalysis.Point> at(List<ScalingAnalysis.Curve> curves, String model, int cores) {
        return curves.stream().filter(c -> c.series().model().equals(model))
                .map(c -> Evidence.atCores(List.of(new ScalingAnalysis.Curve(c.workload(), c.view(),
                        new Series(model, ""), c.baseline(), c.baselineTime(), c.points(), c.balance(), null, null, "")),
                        model, cores))
                .flatMap(Optional::stream).findFirst();
    }

    private static void row(StringBuilder t, String who, String list, Optional<ScalingAnalysis.Point> threads,
                            Optional<ScalingAnalysis.Point> processes) {
        t.append("| ").append(who).append(", ")
                .append(threads.or(() -> processes).map(p -> Fmt.workers(p.workers())).orElse("—"))
                .append(" | ").append(list).append(" | ")
                .append(cell(threads)).append(" | ").append(cell(processes)).append(" | ");
        if (threads.isPresent() && processes.isPresent()) {
            t.append(Fmt.ci(threads.get().time().dividedBy(processes.get().time()))).append("×");
        } else {
            t.append(Fmt.NONE);
        }
        t.append(" |\n");
    }

    private static String cell(Optional<ScalingAnalysis.Point> p) {
        if (p.isEmpty()) {
            return Fmt.NONE;
        }
        Metric cpu = p.get().measurement().secondary().get(CpuUtilisationChart.METRIC);
        return ChartStyle.millis(p.get().time().value()) + ", "
                + (cpu == null ? Fmt.NONE : Fmt.num(Estimate.of(cpu).value(), 0) + "%");
    }
}

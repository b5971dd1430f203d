package org.gilbench.report.lesson;

import org.gilbench.report.read.ModelNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.report.analysis.IoAnalysis;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.Machine;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ResultsFolder;

/**
 * Everything a lesson may read, analysed once: the folder's measurements (one per cell, attempts
 * merged), the CPU-bound scaling curves grouped by experiment, the sleep-io sweeps, the machine. The
 * analyses are shared so that two lessons reading one cell see the same numbers.
 */
public final class Evidence {

    private final ResultsFolder folder;
    private final ScalingAnalysis scaling;
    private final List<IoAnalysis.Sweep> sweeps;
    private final Map<String, List<ScalingAnalysis.Curve>> experiments;
    private final Map<String, List<ScalingAnalysis.Curve>> cpython;
    private final List<String> warnings = new ArrayList<>();

    public Evidence(ResultsFolder folder) {
        this.folder = folder;
        this.scaling = ScalingAnalysis.of(folder.measurements(), cores());
        this.sweeps = IoAnalysis.of(folder.measurements(), warnings);
        warnings.addAll(scaling.warnings());
        List<ScalingAnalysis.Curve> java = scaling.curves().stream()
                .filter(c -> !org.gilbench.report.analysis.Series.isCpython(c.baseline().model())).toList();
        List<ScalingAnalysis.Curve> real = scaling.curves().stream()
                .filter(c -> org.gilbench.report.analysis.Series.isCpython(c.baseline().model())).toList();
        this.experiments = byExperiment(java);
        this.cpython = byExperiment(real);
    }

    public ResultsFolder folder() {
        return folder;
    }

    public Machine machine() {
        return folder.machine();
    }

    /** Physical cores (0 = unknown). */
    public int cores() {
        return folder.machine().cores();
    }

    public List<Measurement> measurements() {
        return folder.measurements();
    }

    /** Measurements of one benchmark method (its simple "Class.method" name). */
    public List<Measurement> benchmark(String shortName) {
        return folder.measurements().stream().filter(m -> m.shortName().equals(shortName)).toList();
    }

    public ScalingAnalysis scaling() {
        return scaling;
    }

    public List<IoAnalysis.Sweep> sweeps() {
        return sweeps;
    }

    /** The warnings the analyses raised (the folder's own are in {@link ResultsFolder#warnings()}). */
    public List<String> warnings() {
        return warnings;
    }

    /** CPU-bound experiments (workload + view), in {@link Workloads#CPU_BOUND} order. */
    public Map<String, List<ScalingAnalysis.Curve>> experiments() {
        return experiments;
    }

    /**
     * CPython's CPU-bound experiments (issue 12), each with its own {@code cpython-serial} baseline, by
     * workload + view; drawn on the Java experiment's charts, never mixed into its analysis.
     */
    public Map<String, List<ScalingAnalysis.Curve>> cpythonExperiments() {
        return cpython;
    }

    /** The CPython curves (baselines left out) of one CPU-bound workload, every interpreter and view. */
    public List<ScalingAnalysis.Curve> cpythonCurves(String workload) {
        return cpython.values().stream().flatMap(List::stream).filter(c -> c.workload().equals(workload))
                .filter(c -> !org.gilbench.report.analysis.Series.isBaseline(c.series().model())).toList();
    }

    /** The headline CPU experiment: prime-check if measured, else the next CPU workload; most models wins. */
    public Optional<List<ScalingAnalysis.Curve>> headlineCpu() {
        for (String w : Workloads.CPU_BOUND) {
            Optional<List<ScalingAnalysis.Curve>> best = experiments.values().stream()
                    .filter(l -> l.get(0).workload().equals(w))
                    .max((a, b) -> Integer.compare(a.size(), b.size()));
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    /** The sleep-io sweep with the most points. */
    public Optional<IoAnalysis.Sweep> headlineIo() {
        return sweeps.stream().max((a, b) -> Integer.compare(
                a.lines().stream().mapToInt(l -> l.points().size()).sum(),
                b.lines().stream().mapToInt(l -> l.points().size()).sum()));
    }

    /**
     * A model's measured point at the most workers that fit the cores, or empty: never a substitute
     * from another worker count (a 1-worker point must not stand in for a missing 2-worker one).
     */
    public static Optional<ScalingAnalysis.Point> atCores(List<ScalingAnalysis.Curve> curves, String model, int cores) {
        ScalingAnalysis.Point best = null;
        for (ScalingAnalysis.Curve c : curves) {
            if (!c.series().model().equals(model) || !c.series().options().isBlank()) {
                continue;
            }
            for (ScalingAnalysis.Point p : c.points()) {
                if (p.workers() >= 2 && (cores <= 0 || p.workers() <= cores)
                        && (best == null || p.workers() > best.workers())) {
                    best = p;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * How a model's time changes with workers: its time at 1 worker / its time at {@code at} (immune to
     * a serial baseline measured in another, noisier moment), or, without a 1-worker cell of the same
     * model, the speedup over serial.
     *
     * @param against "its own 1-worker time" or "serial"
     */
    public record Scaling(ScalingAnalysis.Point at, org.gilbench.contract.Estimate ratio, String against) {
    }

    public static Optional<Scaling> scaling(List<ScalingAnalysis.Curve> curves, String model, int cores) {
        Optional<ScalingAnalysis.Point> at = atCores(curves, model, cores);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        for (ScalingAnalysis.Curve c : curves) {
            if (c.series().model().equals(model) && c.series().options().isBlank()) {
                for (ScalingAnalysis.Point p : c.points()) {
                    if (p.workers() == 1) {
                        return Optional.of(new Scaling(at.get(), p.time().dividedBy(at.get().time()),
                                "its own 1-worker time"));
                    }
                }
            }
        }
        return Optional.of(new Scaling(at.get(), at.get().speedup(), ModelNames.SERIAL));
    }

    /**
     * The cells of one experiment that never finished (cells.json status timeout): same benchmark and
     * the same parameters besides model, workers and options as {@code like}.
     */
    public List<org.gilbench.report.read.Cells.Timeout> timeouts(Measurement like) {
        java.util.SortedMap<String, String> rest = Workloads.otherParams(like, java.util.Set.of());
        return folder.cells().timeouts().stream().filter(t -> t.benchmark().equals(like.benchmark()))
                .filter(t -> {
                    java.util.SortedMap<String, String> p = new java.util.TreeMap<>(t.params());
                    p.keySet().removeAll(Workloads.MODEL_PARAMS);
                    p.remove("workload");
                    return p.equals(rest);
                }).toList();
    }

    /**
     * A cell of the plan that gave no verified answer: every attempt failed its own check or crashed, or it hit
     * its time limit (cells.json). Lessons name these instead of judging from the cells that finished.
     *
     * @param what "failed: first error line" or "did not finish within N s"
     */
    public record Unfinished(String key, String benchmark, java.util.SortedMap<String, String> params, String what) {
        /** "PrimeCheckBenchmark.primeCheck {model=gil-emulated, workers=2}: failed: wrong answer ...". */
        public String describe() {
            int method = benchmark.lastIndexOf('.');
            int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
            return benchmark.substring(cls + 1) + " " + params + " " + what;
        }
    }

    /**
     * The failed and timed-out cells of one benchmark (its "Class.method" name) whose parameters pass
     * {@code which}, failures first.
     */
    public List<Unfinished> unfinished(String shortName, java.util.function.Predicate<Map<String, String>> which) {
        List<Unfinished> out = new ArrayList<>();
        for (org.gilbench.report.read.Cells.Failed f : folder.cells().failed()) {
            if (shortOf(f.benchmark()).equals(shortName) && which.test(f.params())) {
                out.add(new Unfinished(f.key(), f.benchmark(), f.params(), "failed: " + f.message()));
            }
        }
        for (org.gilbench.report.read.Cells.Timeout t : folder.cells().timeouts()) {
            if (shortOf(t.benchmark()).equals(shortName) && which.test(t.params())) {
                out.add(new Unfinished(t.key(), t.benchmark(), t.params(), "did not finish within "
                        + Math.round(t.limitSeconds()) + " s"));
            }
        }
        return out;
    }

    /** The failed and timed-out cells of one benchmark whose model is one of {@code models}. */
    public List<Unfinished> unfinished(String shortName, java.util.Collection<String> models) {
        return unfinished(shortName, p -> models.contains(p.getOrDefault("model", "")));
    }

    /**
     * The unfinished cells of {@code like}'s experiment (same benchmark and parameters besides model, workers
     * and options) of one of {@code models} at 1..{@code maxWorkers} workers (0: any): the cells a scaling
     * verdict at the core count would have read.
     */
    public List<Unfinished> unfinishedLike(Measurement like, java.util.Collection<String> models, int maxWorkers) {
        java.util.SortedMap<String, String> rest = Workloads.otherParams(like, java.util.Set.of());
        return unfinished(like.shortName(), p -> {
            java.util.SortedMap<String, String> q = new java.util.TreeMap<>(p);
            q.keySet().removeAll(Workloads.MODEL_PARAMS);
            q.remove("workload");
            int w;
            try {
                w = Integer.parseInt(p.getOrDefault("workers", "1").trim());
            } catch (NumberFormatException e) {
                w = 1;
            }
            return q.equals(rest) && models.contains(p.getOrDefault("model", "")) && (maxWorkers <= 0 || w <= maxWorkers);
        });
    }

    private static String shortOf(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** The key the runner knows a measurement's cell by (cells.json, {@link org.gilbench.contract.CellKey}). */
    public static String key(Measurement m) {
        return org.gilbench.report.read.Cells.key(m.benchmark(), m.params());
    }

    private static Map<String, List<ScalingAnalysis.Curve>> byExperiment(List<ScalingAnalysis.Curve> curves) {
        Map<String, List<ScalingAnalysis.Curve>> map = new LinkedHashMap<>();
        for (String w : Workloads.CPU_BOUND) {
            for (ScalingAnalysis.Curve c : curves) {
                if (c.workload().equals(w)) {
                    map.computeIfAbsent(w + "|" + c.view(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        return map;
    }
}

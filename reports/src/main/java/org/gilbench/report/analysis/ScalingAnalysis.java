package org.gilbench.report.analysis;

import org.gilbench.contract.Estimate;
import org.gilbench.report.read.Measurement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Speedup over serial and parallel efficiency for every CPU-bound experiment x model x workers, with
 * confidence intervals propagated from JMH's score errors, the ideal the hardware allows, and the
 * Amdahl and USL fits. Drawing is elsewhere ({@link CpuScalingChart}).
 *
 * <p>The baseline of an experiment is its {@code serial} cell (same benchmark and non-model
 * parameters; serial is measured once, not per worker count). Without one, the experiment has no
 * speedups and a warning says so rather than guessing another baseline.
 */
public final class ScalingAnalysis {

    /** Why the ideal stops where it does. */
    public enum Limiter {
        WORKERS("workers"), CORES("cores"), LOAD_BALANCE("load balance");

        public final String label;

        Limiter(String label) {
            this.label = label;
        }
    }

    /** One measured point of a curve. */
    public record Point(Measurement measurement, int workers, Estimate time, Estimate speedup, Estimate efficiency,
                 double ideal, Limiter limiter) {

        /** Efficiency above 1 (beyond its interval) means a bad baseline or a measurement problem. */
        public boolean superlinear() {
            return efficiency.hasError() ? efficiency.low() > 1.0 : efficiency.value() > 1.0;
        }
    }

    /** One model's speedups over one experiment, with the fits or why there are none. */
    public record Curve(String workload, String view, Series series, Measurement baseline, Estimate baselineTime,
                 List<Point> points, LoadBalance.Bound balance, ScalingFit amdahl, ScalingFit usl,
                 String fitNote) {
    }

    private final List<Curve> curves;
    private final List<String> warnings;

    private ScalingAnalysis(List<Curve> curves, List<String> warnings) {
        this.curves = curves;
        this.warnings = warnings;
    }

    public List<Curve> curves() {
        return curves;
    }

    public List<Curve> curves(String workload) {
        return curves.stream().filter(c -> c.workload().equals(workload)).toList();
    }

    public List<String> warnings() {
        return warnings;
    }

    /**
     * Analyses every CPU-bound measurement.
     *
     * @param cores physical cores (0 = unknown: no core limit, no fits)
     */
    public static ScalingAnalysis of(List<Measurement> measurements, int cores) {
        Map<String, List<Measurement>> experiments = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            String workload = Workloads.of(m);
            if (!Workloads.cpuBound(workload)) {
                continue;
            }
            experiments.computeIfAbsent(workload + "|" + Workloads.experiment(m, Set.of()), k -> new ArrayList<>())
                    .add(m);
        }
        List<Curve> curves = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (List<Measurement> cells : experiments.values()) {
            Measurement any = cells.get(0);
            String workload = Workloads.of(any);
            String view = Workloads.view(any, Set.of());
            List<Measurement> serial = cells.stream().filter(m -> Series.isBaseline(m.model()))
                    .sorted(Comparator.comparingInt(Measurement::workers)).toList();
            if (serial.isEmpty()) {
                warnings.add(workload + " " + view + ": no serial baseline (model=serial with the same"
                        + " parameters) in " + any.file().getFileName() + "; speedups not computed");
                continue;
            }
            if (serial.size() > 1) {
                warnings.add(workload + " " + view + ": serial measured at " + serial.size()
                        + " worker counts; the baseline is the one at workers=" + serial.get(0).workers());
            }
            Measurement base = serial.get(0);
            Estimate baseTime = Estimate.of(base.time());
            LoadBalance.Bound balance = LoadBalance.of(base, workload);
            Map<Series, List<Measurement>> bySeries = new TreeMap<>();
            for (Measurement m : cells) {
                if (Series.isBaseline(m.model()) && m != base) {
                    continue;
                }
                bySeries.computeIfAbsent(Series.of(m), k -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<Series, List<Measurement>> e : bySeries.entrySet()) {
                List<Point> points = new ArrayList<>();
                for (Measurement m : e.getValue().stream().sorted(Comparator.comparingInt(Measurement::workers)).toList()) {
                    points.add(point(m, baseTime, cores, balance));
                }
                curves.add(fitted(workload, view, e.getKey(), base, baseTime, points, balance, cores));
            }
        }
        for (Curve c : curves) {
            for (Point p : c.points()) {
                if (p.superlinear()) {
                    warnings.add(c.workload() + " " + c.view() + " " + c.series().label() + " at "
                            + p.workers() + " workers: efficiency " + fmt(p.efficiency().value())
                            + " > 1 beyond its interval (superlinear: check the baseline)");
                }
            }
        }
        return new ScalingAnalysis(List.copyOf(curves), List.copyOf(warnings));
    }

    public static Point point(Measurement m, Estimate baseTime, int cores, LoadBalance.Bound balance) {
        Estimate time = Estimate.of(m.time());
        boolean serial = Series.isBaseline(m.model());
        // serial / serial is 1 by definition: its interval belongs to the other models' speedups.
        Estimate speedup = serial ? Estimate.exact(1) : baseTime.dividedBy(time);
        int workers = serial ? 1 : m.workers();
        Estimate efficiency = speedup.times(1.0 / workers);
        int usable = cores > 0 ? Math.min(workers, cores) : workers;
        double ideal = balance.ideal(usable);
        Limiter limiter = ideal < usable - 1e-9 ? Limiter.LOAD_BALANCE
                : usable < workers ? Limiter.CORES : Limiter.WORKERS;
        return new Point(m, workers, time, speedup, efficiency, ideal, limiter);
    }

    private static Curve fitted(String workload, String view, Series series, Measurement base, Estimate baseTime,
                                List<Point> points, LoadBalance.Bound balance, int cores) {
        if (Series.isBaseline(series.model())) {
            return new Curve(workload, view, series, base, baseTime, points, balance, null, null,
                    "the baseline (speedup 1 by definition)");
        }
        if (cores <= 0) {
            return new Curve(workload, view, series, base, baseTime, points, balance, null, null,
                    "not fitted: the core count is unknown (machine.json)");
        }
        List<Point> fitPoints = points.stream().filter(p -> p.workers() <= cores).toList();
        long distinct = fitPoints.stream().mapToInt(Point::workers).distinct().count();
        if (distinct < ScalingFit.MIN_POINTS) {
            return new Curve(workload, view, series, base, baseTime, points, balance, null, null,
                    "not fitted: only " + distinct + " worker count(s) <= " + cores + " cores ("
                    + workerList(fitPoints) + "); a law needs at least " + ScalingFit.MIN_POINTS
                    + " to be told from noise");
        }
        if (fitPoints.stream().anyMatch(p -> !p.speedup().hasError() || p.speedup().se() <= 0)) {
            return new Curve(workload, view, series, base, baseTime, points, balance, null, null,
                    "not fitted: some points have no error estimate (too few iterations) to weight them");
        }
        double[] n = fitPoints.stream().mapToDouble(Point::workers).toArray();
        double[] s = fitPoints.stream().mapToDouble(p -> p.speedup().value()).toArray();
        double[] se = fitPoints.stream().mapToDouble(p -> p.speedup().se()).toArray();
        ScalingFit amdahl = ScalingFit.fit(ScalingFit.Law.AMDAHL, n, s, se);
        ScalingFit usl = ScalingFit.fit(ScalingFit.Law.USL, n, s, se);
        String note = usl == null && n.length <= ScalingFit.Law.USL.parameterCount
                ? "USL needs " + (ScalingFit.Law.USL.parameterCount + 1) + " worker counts <= cores (T1 is fitted too)"
                : (amdahl == null || usl == null) ? "a fit did not converge" : "fitted on n <= " + cores;
        return new Curve(workload, view, series, base, baseTime, points, balance, amdahl, usl, note);
    }

    private static String workerList(List<Point> points) {
        StringBuilder s = new StringBuilder("workers ");
        points.stream().mapToInt(Point::workers).distinct().forEach(w -> s.append(w).append(", "));
        return points.isEmpty() ? "none" : s.substring(0, s.length() - 2);
    }

    public static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}

package org.gilbench.report.analysis;

import org.gilbench.contract.Estimate;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.read.Units;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The I/O sweep: wall time of N concurrent sleeping tasks vs N, per model (and pool size), for the
 * sleep-io experiments. The floor is one sleep: N tasks that really overlap finish in about one sleep
 * duration; a fixed pool of k takes about ceil(N / k) sleeps (seed 004's "waves of 4").
 */
public final class IoAnalysis {

    /** One line: a model, its options and (for pools) its size. */
    public record Line(Series series, int workers, boolean showWorkers, List<Point> points) {

        public String label() {
            return series.label() + (showWorkers ? " ×" + Units.count(workers) : "");
        }
    }

    public record Point(Measurement measurement, long tasks, Estimate time) {
    }

    /** One sleep-io experiment (method + parameters other than the task count). */
    public record Sweep(String view, String taskParam, double sleepMillis, List<Line> lines) {
    }

    public static List<Sweep> of(List<Measurement> measurements, List<String> warnings) {
        Map<String, List<Measurement>> experiments = new LinkedHashMap<>();
        Map<String, String> taskParams = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            if (!Workloads.of(m).equals(Workloads.SLEEP_IO)) {
                continue;
            }
            String taskParam = Workloads.paramName(m, Workloads.TASK_COUNT_PARAMS);
            if (taskParam == null) {
                warnings.add(m.file().getFileName() + ": " + m.describe() + ": sleep-io without a task-count"
                        + " parameter (" + Workloads.TASK_COUNT_PARAMS + "); left out of the I/O chart");
                continue;
            }
            if (Workloads.longParam(m, List.of(taskParam)) <= 0) {
                // A log axis cannot place 0 tasks, and 0 concurrent sleeps say nothing about overlap.
                warnings.add(m.file().getFileName() + ": " + m.describe() + ": " + taskParam + " is not a positive"
                        + " count; left out of the I/O chart");
                continue;
            }
            String key = Workloads.experiment(m, Set.of(taskParam));
            experiments.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            taskParams.put(key, taskParam);
        }
        List<Sweep> sweeps = new ArrayList<>();
        for (Map.Entry<String, List<Measurement>> e : experiments.entrySet()) {
            String taskParam = taskParams.get(e.getKey());
            Measurement any = e.getValue().get(0);
            double sleep = Workloads.longParam(any, Workloads.SLEEP_PARAMS);
            Map<String, Set<Integer>> poolSizes = new TreeMap<>();
            for (Measurement m : e.getValue()) {
                poolSizes.computeIfAbsent(m.model(), k -> new HashSet<>()).add(m.workers());
            }
            Map<String, Line> lines = new TreeMap<>();
            for (Measurement m : e.getValue()) {
                Series series = Series.of(m);
                // The worker count is part of every line but serial's: 16 threads sleep in waves, and the
                // models cap concurrency at workers (virtual threads included).
                boolean show = poolSizes.get(m.model()).size() > 1
                        || (m.params().containsKey("workers") && !Series.isBaseline(m.model()));
                String key = String.format("%02d|%s|%08d", ModelNames.order(m.model()), series.label(), m.workers());
                lines.computeIfAbsent(key, k -> new Line(series, m.workers(), show, new ArrayList<>()))
                        .points().add(new Point(m, Workloads.longParam(m, List.of(taskParam)), Estimate.of(m.time())));
            }
            List<Line> sorted = new ArrayList<>();
            for (Line l : lines.values()) {
                l.points().sort(Comparator.comparingLong(Point::tasks));
                sorted.add(l);
            }
            sweeps.add(new Sweep(Workloads.view(any, Set.of(taskParam)), taskParam, sleep, sorted));
        }
        return withCpython(sweeps);
    }

    /**
     * CPython's sleep-io cells (issue 12) are drawn on the Java sweep with the same sleep, as grey lines
     * beside the models they are compared with; a CPython sweep with no such Java sweep stays on its own.
     */
    static List<Sweep> withCpython(List<Sweep> sweeps) {
        List<Sweep> out = new ArrayList<>();
        List<Sweep> real = new ArrayList<>();
        for (Sweep s : sweeps) {
            (s.lines().stream().allMatch(l -> Series.isCpython(l.series().model())) ? real : out).add(s);
        }
        for (Sweep r : real) {
            Sweep host = out.stream().filter(s -> s.sleepMillis() == r.sleepMillis() && s.taskParam().equals(r.taskParam())
                    && s.lines().stream().noneMatch(l -> Series.isCpython(l.series().model()))).findFirst().orElse(null);
            if (host == null) {
                out.add(r);
            } else {
                List<Line> lines = new ArrayList<>(host.lines());
                lines.addAll(r.lines());
                out.set(out.indexOf(host), new Sweep(host.view(), host.taskParam(), host.sleepMillis(), lines));
            }
        }
        return out;
    }
}

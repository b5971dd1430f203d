package org.gilbench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.gilbench.model.Model;
import org.gilbench.run.Cell.Iterations;

/**
 * One entry of the plan: a benchmark, the params it is measured at in each profile, its iterations and
 * its cost estimate. All entries live in {@link Experiments#ALL}; adding a benchmark to the run is adding
 * one entry there. The cells it yields carry only the params the plan sets; {@link Plan} adds the
 * benchmark's defaults (the JMH JSON lists every param, and the cell key must match it).
 */
public interface Experiment {

    /**
     * Fork start, JMH's handshake, trial teardown and the result file, per attempt: ~1.3 s per cell here
     * without the forks' AOT cache (JDK 21-24), ~0.8 s with it (JDK 25+, {@link ForkCache}; issue 19's table).
     */
    double FORK_SECONDS = Runtime.version().feature() >= ForkCache.AOT_JDK ? 0.8 : 1.3;

    /** Group name and prefix of its cells' ids, e.g. {@code prime-check}. */
    String name();

    /** The benchmark's full name, {@code org.gilbench.bench.X.method}. */
    String benchmark();

    /** One line for {@code --list}. */
    String summary();

    /** The cells of this experiment for a selection (none when it is not selected); notes cells left out. */
    List<Cell> cells(Selection selection, List<String> leftOut);

    /** A fork's estimated seconds: its start, the trial's setup, and every warm-up and measured operation. */
    static double forkSeconds(Iterations it, double setupSeconds, double opSeconds) {
        return FORK_SECONDS + setupSeconds + (it.warmups() + it.measurements()) * opSeconds;
    }

    /** Which {@link CellRunner} measures the cells; JMH unless an entry says otherwise. */
    default String runner() {
        return JmhCellRunner.KIND;
    }

    /**
     * A CPU-bound workload under every selected model: serial at 1 worker, the others over the sweep.
     *
     * @param workload    the {@code --workloads} name that selects it
     * @param serialOpMs  one operation under serial, ms (for the estimate)
     * @param tasks       tasks per operation (parallelism cannot exceed it)
     * @param setupMs     trial setup inside the fork, ms (e.g. building an 800 MB array)
     * @param shipMsPerOp extra ms per operation for child JVMs (data that must be copied to them)
     * @param coresOnly   quick profile: measure only at the core count (not at 1 worker too)
     * @param perTaskStarts full profile: also run forked-process with a new child JVM per task, which starts
     *                    this many JVMs per operation (0: not this workload)
     * @param quickModels quick profile: only these models (empty: every model)
     */
    record ModelSweep(String name, String workload, String benchmark, String summary, double serialOpMs, int tasks,
                      double setupMs, double shipMsPerOp, boolean coresOnly, int perTaskStarts, List<Model> quickModels,
                      Iterations quick, Iterations full) implements Experiment {

        /** Starting one child JVM and its exit, ms, when each task gets its own (measurements.md: ~60 ms). */
        static final double START_PER_TASK_MS = 60;

        @Override
        public List<Cell> cells(Selection s, List<String> leftOut) {
            if (!s.hasWorkload(workload)) {
                return List.of();
            }
            Iterations it = s.profile() == Profile.FULL ? full : quick;
            List<Cell> cells = new ArrayList<>();
            boolean isQuick = s.profile() == Profile.QUICK;
            for (String model : s.models()) {
                Model m = Model.named(model);
                if (isQuick && !quickModels.isEmpty() && !quickModels.contains(m)) {
                    continue;
                }
                // serial has one worker by definition: the baseline, measured once, not per worker count.
                List<Integer> sweep = m.isSerial() ? List.of(1) : s.sweep(coresOnly || !m.quickOneWorker());
                for (int w : sweep) {
                    double op = opMs(m, w, s.cores());
                    cells.add(cell(model + "-w" + w, Cell.paramsOf("model", model, "workers", String.valueOf(w)), it,
                            m.setupMs(w), op, name + " under " + model + ", workers " + w));
                }
                if (s.profile() == Profile.FULL && m.startsPerTask() && perTaskStarts > 0) {
                    for (int w : sweep) {
                        double op = opMs(m, w, s.cores()) + perTaskStarts * START_PER_TASK_MS / w;
                        cells.add(cell(model + "-per-task-w" + w, Cell.paramsOf("model", model, "workers",
                                String.valueOf(w), "options", "start=per-task"), it, 0, op,
                                name + " under " + model + " with a new child JVM per task, workers " + w));
                    }
                }
            }
            return cells;
        }

        double opMs(Model m, int workers, int cores) {
            double ms = serialOpMs * m.cpuFactor() / m.parallelism(workers, cores, tasks);
            return m.isProcess() ? ms + shipMsPerOp : ms;
        }

        private Cell cell(String suffix, Map<String, String> params, Iterations it, double modelSetupMs, double opMs,
                          String description) {
            double seconds = forkSeconds(it, (setupMs + modelSetupMs) / 1000, opMs / 1000);
            return new Cell(name + "-" + suffix, name, runner(), benchmark, new java.util.TreeMap<>(params), it,
                    seconds, description);
        }
    }

    /**
     * {@code tasks} concurrent sleeps of {@code millis} ms under every selected model, at the model's pool
     * sizes ({@link Model#sleepPools}). A pool of k takes ceil(tasks / k) waves of millis: cells whose
     * waves would last longer than {@code maxOpMs} per operation are left out (and said so).
     *
     * @param virtualExtra full profile: task counts only virtual threads are asked to run (a million parked threads)
     */
    record SleepSweep(String name, String workload, String benchmark, String summary,
                      List<Integer> quickTasks, List<Integer> fullTasks, List<Integer> virtualExtra,
                      List<Integer> quickMillis, List<Integer> fullMillis, long quickMaxOpMs, long fullMaxOpMs,
                      Iterations quick, Iterations full) implements Experiment {

        /**
         * The seeds' 100 downloads: in the quick profile only for pools smaller than 100, where they take
         * several waves (a pool of 16: 7 waves); a larger pool runs them in one wave, as it does 10.
         */
        static final int QUICK_WAVES_TASKS = 100;

        @Override
        public List<Cell> cells(Selection s, List<String> leftOut) {
            if (!s.hasWorkload(workload)) {
                return List.of();
            }
            boolean isFull = s.profile() == Profile.FULL;
            Iterations it = isFull ? full : quick;
            long maxOpMs = isFull ? fullMaxOpMs : quickMaxOpMs;
            List<Cell> cells = new ArrayList<>();
            for (String model : s.models()) {
                Model m = Model.named(model);
                List<Integer> pools = m.sleepPools(s.profile() == Profile.FULL);
                for (int pool : pools) {
                    for (int millis : isFull ? fullMillis : quickMillis) {
                        List<Integer> tasks = new ArrayList<>(isFull ? fullTasks : quickTasks);
                        if (!isFull && !tasks.contains(QUICK_WAVES_TASKS) && pool < QUICK_WAVES_TASKS) {
                            tasks.add(QUICK_WAVES_TASKS);
                            tasks.sort(null);
                        }
                        if (m == Model.VIRTUAL_THREAD && isFull) {
                            tasks.addAll(virtualExtra);
                        }
                        List<String> skipped = new ArrayList<>();
                        for (int n : tasks) {
                            // A smaller pool of this model that already runs all n at once measures the same.
                            if (pools.stream().anyMatch(smaller -> smaller < pool && smaller >= n)) {
                                continue;
                            }
                            long waves = (n + (long) pool - 1) / pool;
                            if (waves * millis > maxOpMs) {
                                skipped.add(String.valueOf(n));
                                continue;
                            }
                            double opMs = waves * millis + n * m.perTaskMicros() / 1000;
                            double seconds = forkSeconds(it, m.setupMs(Math.min(pool, 16)) / 1000, opMs / 1000);
                            cells.add(new Cell(name + "-" + model + "-w" + pool + "-t" + n + "-" + millis + "ms", name,
                                    runner(), benchmark, Cell.paramsOf("model", model, "workers", String.valueOf(pool),
                                    "tasks", String.valueOf(n), "millis", String.valueOf(millis)), it, seconds,
                                    name + " under " + model + ", workers " + pool + ", " + n + " x " + millis + " ms"));
                        }
                        if (!skipped.isEmpty()) {
                            leftOut.add(name + " " + model + " workers=" + pool + " " + millis + " ms: tasks "
                                    + String.join(",", skipped) + " skipped (ceil(N/" + pool + ") x " + millis
                                    + " ms > " + maxOpMs / 1000.0 + " s per operation)");
                        }
                    }
                }
            }
            return cells;
        }
    }

    /**
     * Cells listed by a function of the selection (any params, a model among them or not), with an estimate
     * per operation, and measured in the first {@code quickRounds} / {@code fullRounds} rounds only (0: every
     * round): the lessons whose answer is a distribution or a latency (lost updates, ping-pong) need no
     * interval across forks, so one round's fork is enough and they do not triple the run.
     *
     * @param when       whether the selection calls for it
     * @param params     the params of each cell for a selection (a {@code model} and {@code workers} when it has them)
     * @param opSeconds  one operation's expected seconds for a cell's params (single-shot benchmarks; timed
     *                   ones last their iterations)
     */
    record Listed(String name, String benchmark, String summary, Predicate<Selection> when,
                  java.util.function.Function<Selection, List<Map<String, String>>> params,
                  java.util.function.ToDoubleFunction<Map<String, String>> opSeconds,
                  Iterations quick, Iterations full, int quickRounds, int fullRounds) implements Experiment {

        @Override
        public List<Cell> cells(Selection s, List<String> leftOut) {
            if (!when.test(s)) {
                return List.of();
            }
            boolean isFull = s.profile() == Profile.FULL;
            Iterations it = isFull ? full : quick;
            List<Cell> cells = new ArrayList<>();
            for (Map<String, String> p : params.apply(s)) {
                java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>(p);
                StringBuilder id = new StringBuilder(name);
                if (sorted.containsKey("model")) {
                    id.append('-').append(sorted.get("model"));
                }
                if (sorted.containsKey("workers")) {
                    id.append("-w").append(sorted.get("workers"));
                }
                sorted.forEach((k, v) -> {
                    if (!k.equals("model") && !k.equals("workers")) {
                        id.append('-').append(k).append('-').append(v.isEmpty() ? "none" : v);
                    }
                });
                double setup = sorted.containsKey("model") && sorted.containsKey("workers")
                        ? Model.named(sorted.get("model")).setupMs(Integer.parseInt(sorted.get("workers"))) / 1000 : 0;
                double op = it.seconds() > 0 ? it.seconds() : opSeconds.applyAsDouble(sorted);
                double seconds = forkSeconds(it, setup, op);
                cells.add(new Cell(id.toString().replaceAll("[^A-Za-z0-9.-]+", "-"), name, runner(), benchmark, sorted,
                        it, seconds, name + " " + sorted, isFull ? fullRounds : quickRounds));
            }
            return cells;
        }
    }
}

package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.chart.ProcessCellsChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.write.Fmt;
import org.gilbench.workload.PoolWaves;

/**
 * Seed lesson 2, processes: a pool starts its processes once and runs its tasks in waves, and what a
 * new process costs to start (seed 002:121-177, 004:147-202; 002:179-246; 000:533-548, 002:48-119).
 * PoolWavesBenchmark through a pool of 4 child JVMs: seed 004's 10 sleeps of one seed second submitted
 * together ({@code apply_async}: 3 waves, 4 + 4 + 2) or one blocking {@code apply()} after another (10
 * waves, "like a single process"), and seed 002's 5 random sleeps (4 at once, the 5th after the first
 * ends). Beside it, the start-up table: a child JVM (ProcessStartBenchmark: default, lean, AOT; a warm
 * pool's round trip) and a native program through {@code Popen(...).communicate()} (SubprocessBenchmark).
 *
 * <p>Verdict on the pool: every task's start and end are stamped by the child JVM that ran it on the
 * machine's monotonic clock, and the waves (the longest chain of tasks each started after the previous
 * ended) and the tasks running at once are counted from those stamps — counts a pool that ran tasks
 * elsewhere, or one at a time, could not fake. In every operation apply_async must show ceil(10 / 4)
 * waves with 4 at once and apply 10 waves with 1 at once; then apply's time / apply_async's, Welch's
 * interval over forks, is judged by {@link Rules#scaling} against the waves' ratio (10 / 3) as its ideal:
 * wholly above the midpoint sqrt(10 / 3) confirms (the pool overlapped its tasks), wholly below
 * contradicts. Both cells over >= {@link ProcessCells#MIN_FORKS} forks; wrong waves: contradicts; a
 * failed judged cell: too-noisy, named. The start-up table is shown, not judged (process-start is
 * measured in round 1 only in the quick profile: one fork).
 */
public final class PoolWavesLesson implements Lesson {

    static final String ASYNC = ProcessLessons.APPLY_ASYNC_BENCH;
    static final String APPLY = ProcessLessons.APPLY_BENCH;
    static final String RANDOM = ProcessLessons.RANDOM_BENCH;

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String id() {
        return "pool-waves";
    }

    @Override
    public String title() {
        return "A pool of processes runs its tasks in waves; each new process costs its start";
    }

    @Override
    public List<String> evidence() {
        return List.of(ProcessLessons.POOL_WAVES, ProcessLessons.POOL_WAVES_APPLY, ProcessLessons.POOL_WAVES_RANDOM,
                ProcessLessons.SUBPROCESS, PlanEntries.PROCESS_START, ProcessLessons.CPY_POOL_WAVES,
                ProcessLessons.CPY_PROCESS_START);
    }

    @Override
    public String rule() {
        return "*Lesson 2, pool waves* (" + PoolWaves.NAME + ", Pool(4) of child JVMs): with every operation's waves"
                + " and tasks-at-once counted from the children's own start/end stamps (apply_async: ceil(10 / 4) waves,"
                + " 4 at once; apply: 10 waves, 1 at once), apply's time / apply_async's against the midpoint"
                + " sqrt(10 / 3) between 1× and the waves' ratio: wholly above confirms, wholly below contradicts,"
                + " straddling or wider than " + Fmt.num(Rules.TOO_WIDE, 0) + "× too-noisy; both cells >= "
                + ProcessCells.MIN_FORKS + " forks. The start-up table (child JVM, subprocess) is shown, not judged.";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        Optional<Measurement> async = ProcessCells.cell(e, ASYNC, "model", ModelNames.FORKED_PROCESS);
        Optional<Measurement> apply = ProcessCells.cell(e, APPLY, "model", ModelNames.FORKED_PROCESS);
        Optional<Measurement> random = ProcessCells.cell(e, RANDOM, "model", ModelNames.FORKED_PROCESS);
        decide(s, e, async, apply);
        s.text("The seeds: `Pool(4)` starts four processes once; ten one-second tasks submitted with `apply_async` run"
                + " four at a time (three waves, about 3 s), while `apply` waits for each answer before the next"
                + " (about 10 s, \"like a single process\"); seed 002's five random sleeps start four at once and the"
                + " fifth when the first ends. Starting a process is the price a pool pays once.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        StringBuilder t = new StringBuilder("| cell | forks | ms per run [95% CI] | waves | tasks at once | started"
                + " before the first ended |\n|---|---:|---:|---|---|---|\n");
        List<ProcessCellsChart.Point> points = new ArrayList<>();
        for (Optional<Measurement> c : List.of(async, apply, random)) {
            c.ifPresent(m -> {
                t.append("| ").append(m.method()).append(" | ").append(ProcessCells.forks(m)).append(" | ")
                        .append(Fmt.pm(ProcessCells.time(m))).append(" | ").append(ProcessCells.distinct(m, "waves"))
                        .append(" | ").append(ProcessCells.distinct(m, "maxConcurrent")).append(" | ")
                        .append(ProcessCells.distinct(m, "startedAtOnce")).append(" |\n");
                points.add(new ProcessCellsChart.Point(m.method(), ProcessCells.time(m), true));
            });
        }
        if (!points.isEmpty()) {
            String scale = async.or(() -> apply).or(() -> random).map(m -> m.params().getOrDefault("millisPerSeedSecond", "?"))
                    .orElse("?");
            s.chart("pool-waves", "one run of the pool's tasks, ms, median with 95% interval",
                    () -> List.of(ProcessCellsChart.intervals("Pool(4) of child JVMs, one seed second = " + scale + " ms",
                            "how the tasks were submitted", "ms per run", points)));
            s.text(t.append("\nOne seed second = ").append(scale).append(" ms here (the seeds' 1 s scaled down: the sleeps"
                    + " dwarf the pool's hand-over of ~1 ms). Waves and tasks at once are counted from each task's start"
                    + " and end as stamped by the child JVM that ran it.\n\n").toString());
        }
        s.text(ProcessCPython.table(e.benchmark(ProcessLessons.CPY_POOL_WAVES), "The seeds' pools in CPython"
                        + " (`cpython/pool_waves.py`: `multiprocessing.Pool(4)`, the same sleeps and scale; each task's start"
                        + " and end stamped in the process that ran it):", "submitted", m -> m.params().get("experiment")
                        + ", one seed second = " + m.params().get("millisPerSeedSecond") + " ms", "ms per run",
                List.of(ProcessCPython.counts("waves", "waves"), ProcessCPython.counts("tasks at once", "maxConcurrent"),
                        ProcessCPython.counts("started before the first ended", "startedAtOnce"))));
        startUp(s, e);
        seeds(s, async, apply, e);
        return s;
    }

    /** The apply and apply_async cells of the verdict, most decisive first, while it is too-noisy. */
    @Override
    public List<String> deciding(Evidence e) {
        Optional<Measurement> async = ProcessCells.cell(e, ASYNC, "model", ModelNames.FORKED_PROCESS);
        Optional<Measurement> apply = ProcessCells.cell(e, APPLY, "model", ModelNames.FORKED_PROCESS);
        return Deciding.whileTooNoisy(e, s -> decide(s, e, async, apply),
                () -> Stream.of(async, apply).flatMap(Optional::stream).toList());
    }

    static void decide(Section s, Evidence e, Optional<Measurement> async, Optional<Measurement> apply) {
        List<String> failed = new ArrayList<>(ProcessCells.failed(e, ASYNC));
        failed.addAll(ProcessCells.failed(e, APPLY));
        if (!failed.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, "undecided: " + String.join("; ", failed) + " (a failed judged cell never confirms)");
            return;
        }
        if (async.isEmpty() || apply.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + ASYNC + " and " + APPLY + " under " + ModelNames.FORKED_PROCESS);
            return;
        }
        Measurement a = async.get();
        Measurement b = apply.get();
        int workers = a.workers();
        int tasks = PoolWaves.SEED_FIXED_TASKS;
        int asyncWaves = (tasks + workers - 1) / workers;
        boolean asyncOk = ProcessCells.every(a, "waves", asyncWaves) && ProcessCells.every(a, "maxConcurrent", Math.min(workers, tasks));
        boolean applyOk = ProcessCells.every(b, "waves", tasks) && ProcessCells.every(b, "maxConcurrent", 1);
        Estimate ratio = ProcessCells.time(b).dividedBy(ProcessCells.time(a));
        double ideal = (double) tasks / asyncWaves;
        s.number("applyOverApplyAsync", ratio.value()).number("applyOverApplyAsyncLow", ratio.low())
                .number("applyOverApplyAsyncHigh", ratio.high()).number("ideal", ideal);
        String counts = "apply_async " + ProcessCells.distinct(a, "waves") + " waves, " + ProcessCells.distinct(a, "maxConcurrent")
                + " at once (expected " + asyncWaves + ", " + Math.min(workers, tasks) + "); apply " + ProcessCells.distinct(b, "waves")
                + " waves, " + ProcessCells.distinct(b, "maxConcurrent") + " at once (expected " + tasks + ", 1)";
        Optional<String> weak = ProcessCells.cannotConfirm(List.of(a, b));
        if (!asyncOk || !applyOk) {
            // A wave is told by start times: a child JVM descheduled by outside work starts late and splits one.
            // Like every verdict, a contradiction needs evidence that could also have confirmed (issue 18).
            s.verdict(weak.isPresent() ? Verdict.TOO_NOISY : Verdict.CONTRADICTS, counts
                    + ": the pool did not run its tasks in the seed's waves" + weak.map(w -> "; but " + w).orElse(""));
            return;
        }
        Rules.Outcome o = Rules.scaling(ratio, ideal, true, "apply / apply_async");
        if (o.verdict() == Verdict.CONFIRMS && weak.isPresent()) {
            s.verdict(Verdict.TOO_NOISY, counts + "; " + o.reason() + ": would confirm, but " + weak.get());
            return;
        }
        s.verdict(o.verdict(), counts + "; " + o.reason());
    }

    /** The start-up table: child JVMs (process-start) and native programs (subprocess), ms per start. */
    static void startUp(Section s, Evidence e) {
        List<ProcessCellsChart.Point> points = new ArrayList<>();
        StringBuilder t = new StringBuilder("| what starts | forks | ms per start [95% CI] |\n|---|---:|---:|\n");
        for (Measurement m : e.benchmark(ProcessLessons.PROCESS_START_BENCH)) {
            String label = "child JVM, " + m.params().getOrDefault("child", "?");
            points.add(new ProcessCellsChart.Point(label, ProcessCells.time(m), true));
            t.append("| ").append(label).append(" (start, one round trip, exit) | ").append(ProcessCells.forks(m))
                    .append(" | ").append(Fmt.pm(ProcessCells.time(m))).append(" |\n");
        }
        for (Measurement m : e.benchmark(ProcessLessons.SUBPROCESS_BENCH)) {
            String label = "Popen " + m.params().getOrDefault("program", "?");
            points.add(new ProcessCellsChart.Point(label, ProcessCells.time(m), true));
            t.append("| ").append(label).append(" (start, input, output, exit code) | ").append(ProcessCells.forks(m))
                    .append(" | ").append(Fmt.pm(ProcessCells.time(m))).append(" |\n");
        }
        for (Measurement m : e.benchmark(ProcessLessons.CPY_PROCESS_START)) {
            String method = m.params().getOrDefault("method", "?");
            String label = ProcessCPython.python(m) + ", " + method;
            points.add(new ProcessCellsChart.Point(label, ProcessCells.time(m), true));
            t.append("| ").append(label).append(" (").append(CPYTHON_STARTS.getOrDefault(method, "start, answer, exit"))
                    .append(") | ").append(ProcessCells.forks(m)).append(" | ").append(Fmt.pm(ProcessCells.time(m))).append(" |\n");
        }
        if (points.isEmpty()) {
            s.text("The start-up table needs " + PlanEntries.PROCESS_START + " or " + ProcessLessons.SUBPROCESS
                    + " cells; none was measured.\n\n");
            return;
        }
        s.chart("process-start-up", "what one new process costs to start, ms, median with 95% interval",
                () -> List.of(ProcessCellsChart.intervals("Starting a process", "what starts", "ms per start", points)));
        s.text(t.append("\nA child JVM's start (loading and linking its classes, JIT-less at first) costs tens of ms; a"
                + " native program through fork/exec (posix_spawn) a few. In CPython (`cpython/process_start.py`, every"
                + " child's answer checked), `fork` copies the parent's page tables and runs at once, `spawn` starts a"
                + " fresh interpreter that imports the program (tens of ms), and `forkserver` forks a small server"
                + " started once (its first start is a warm-up): a child JVM costs what `spawn` costs, for the same"
                + " reason.\n\n").toString());
    }

    /** What one CPython start covers, by process_start.py's method. */
    static final java.util.Map<String, String> CPYTHON_STARTS = java.util.Map.of(
            "os-fork", "os.fork(), the child's answer through a pipe, waitpid",
            ProcessLessons.SUBPROCESS, "Popen(['echo', ...]).communicate(), its line checked",
            "fork", "Process start, the child's answer over a Pipe, join",
            "spawn", "Process start, the child's answer over a Pipe, join",
            "forkserver", "Process start, the child's answer over a Pipe, join");

    private static void seeds(Section s, Optional<Measurement> async, Optional<Measurement> apply, Evidence e) {
        String pw = "seed 002:121-177, 004:147-202";
        String pwWhat = "Pool(4): 10 x sleep(1) by apply_async (3 waves) vs apply (10), 5 random sleeps (4 at once)";
        if (async.isPresent() && apply.isPresent()) {
            Measurement a = async.get();
            double scale = 1000.0 / a.intParam("millisPerSeedSecond", 1000);
            s.seed(SeedRow.compared(PoolWaves.NAME, pw, pwWhat,
                    new SeedRow.Published(3, "s, 10 x sleep(1) on Pool(4) (derived: 3 waves)", "/usr/bin/python (004:179-193)"),
                    new SeedRow.Here(ProcessCells.time(a).times(scale / 1000), "s (scaled)"),
                    "here one seed second = " + a.params().get("millisPerSeedSecond") + " ms; the time x " + Fmt.sig(scale)
                            + " / 1000 gives seed seconds"));
        } else {
            s.seed(SeedRow.notMeasured(PoolWaves.NAME, pw, pwWhat, "not selected (--workloads " + PoolWaves.NAME + ")"));
        }
        String sp = "seed 002:179-246, 001:53";
        String spWhat = "Popen(...).communicate(input) of a local program (cat for nslookup: no network): start to exit code";
        Optional<Measurement> popen = e.benchmark(ProcessLessons.SUBPROCESS_BENCH).stream().findFirst();
        s.seed(popen.isEmpty()
                ? SeedRow.notMeasured(ProcessLessons.SUBPROCESS, sp, spWhat, "not selected (--workloads " + ProcessLessons.SUBPROCESS + ")")
                : new SeedRow(ProcessLessons.SUBPROCESS, sp, spWhat, true, "", null, new SeedRow.Here(ProcessCells.time(popen.get()),
                "ms per Popen " + popen.get().params().getOrDefault("program", "?") + " (start to exit code)"),
                "the seed prints nslookup's answers and publishes no time" + cpythonStart(e, ProcessLessons.SUBPROCESS)));
        String ps = "seed 000:533-548, 002:48-119, 004:25-107";
        String psWhat = "os.fork / Process start: a child JVM's start (default, lean, AOT) beside Popen and CPython's"
                + " fork, spawn, forkserver";
        Optional<Measurement> jvm = ProcessCells.cell(e, ProcessLessons.PROCESS_START_BENCH, "child", "default");
        s.seed(jvm.isEmpty()
                ? SeedRow.notMeasured(Workloads.PROCESS_START, ps, psWhat, "not selected (forked-process with a CPU workload)")
                : new SeedRow(Workloads.PROCESS_START, ps, psWhat, true, "", null, new SeedRow.Here(ProcessCells.time(jvm.get()),
                "ms per child JVM (default: start, one round trip, exit)"), "the chapters publish PIDs, no time"
                + cpythonStart(e, "fork") + cpythonStart(e, "spawn") + cpythonStart(e, "forkserver")));
    }

    /** "; CPython 3.11.7 fork: 7.6 ms a start" for the seeds table, or "". */
    private static String cpythonStart(Evidence e, String method) {
        return ProcessCells.cell(e, ProcessLessons.CPY_PROCESS_START, "method", method)
                .map(m -> "; " + ProcessCPython.python(m) + " " + method + ": " + Fmt.sig(ProcessCells.time(m).value())
                        + " ms a start").orElse("");
    }
}

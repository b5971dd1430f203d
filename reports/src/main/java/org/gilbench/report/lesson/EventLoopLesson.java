package org.gilbench.report.lesson;

import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.ModelNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.IoAnalysis;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.chart.CpuScalingChart;
import org.gilbench.report.chart.IoScalingChart;
import org.gilbench.report.write.Fmt;
import org.gilbench.contract.Metric;
import org.gilbench.report.chart.CpuUtilisationChart;

/**
 * Seed lesson 6: the event loop (asyncio) — one thread of control, tasks switch only where they
 * await. Its sleeps overlap like threads' (a sleep is a timer, not a blocked thread), and its CPU-bound
 * work runs one task after another at ~100% CPU whatever {@code workers} says (nothing preempts a task
 * and there is one thread of control). The {@code event-loop} model in the sleep-io and prime-check
 * sweeps, against virtual-thread and thread-pool.
 *
 * <p>Verdict, two claims:
 * <ul>
 *   <li>sleeps overlap: every sleep-io cell where event-loop and virtual-thread (else thread-pool) ran
 *       the same task count with the same {@code workers}: event-loop / the other, log-space interval,
 *       by {@link Rules#same} with ±{@link #SAME_BAND}; any wholly outside contradicts;</li>
 *   <li>CPU work does not: event-loop's 1-worker time / its time at the most workers that fit the cores
 *       (else its speedup over serial) against {@link Rules#scaling} with the claim "flat": wholly below
 *       sqrt(ideal) confirms, wholly above contradicts (a loop that runs CPU work in parallel is no event
 *       loop).</li>
 * </ul>
 * Any contradiction wins; then any too-noisy; both confirming confirms; one confirming and the other not
 * measured confirms that one (the reason says which); neither measured is not-measured.
 */
public final class EventLoopLesson implements Lesson {

    static final String MODEL = ModelNames.EVENT_LOOP;

    /** The models an event loop's sleeps are held against: both overlap sleeps without a GIL. */
    static final List<String> OVERLAPPING = List.of(ModelNames.VIRTUAL_THREAD, ModelNames.THREAD_POOL);

    /**
     * "The same" as a thread per sleep: within 25%, as in lesson 3. Handing the loop on costs
     * microseconds per task against 100 ms sleeps; an event loop that ran the sleeps one at a time would
     * be N times slower, far outside.
     */
    static final double SAME_BAND = SleepsOverlapLesson.SAME_BAND;

    /**
     * A pair is judged only where the sleeps dominate: the thread model's time within 2x of its waves'
     * floor, ceil(tasks / workers) x d. Beyond that (100,000 tasks of 100 ms: ~0.5 s of scheduling at
     * ~5 us a task against one 100 ms wave) the ratio compares the models' per-task costs, not whether
     * the sleeps overlap; such pairs are shown, marked "per-task cost", and not judged. An event loop
     * that ran its sleeps one at a time is still caught at the smaller task counts (N times the floor).
     */
    static final double SLEEPS_DOMINATE = 2.0;

    @Override
    public int number() {
        return 6;
    }

    @Override
    public String id() {
        // The lesson is named after the model it teaches (a stable id: summary.json's scripts read it).
        return ModelNames.EVENT_LOOP;
    }

    @Override
    public String title() {
        return "The event loop: sleeps overlap in one thread, CPU work does not";
    }

    @Override
    public List<String> evidence() {
        return PlanEntries.plus(PlanEntries.CPU_BOUND, PlanEntries.SLEEP_IO);
    }

    /** The loop, the threads it is compared with and the serial baseline: what the section draws and judges. */
    @Override
    public List<String> models() {
        return List.of(MODEL, ModelNames.SERIAL, ModelNames.VIRTUAL_THREAD, ModelNames.THREAD_POOL);
    }

    @Override
    public String rule() {
        return "*Lesson 6, the event loop*: " + Workloads.SLEEP_IO + " " + MODEL + " / " + OVERLAPPING.get(0) + " (else "
                + OVERLAPPING.get(1) + ") of the same workers and tasks within ±" + Math.round((SAME_BAND - 1) * 100)
                + "% (as lesson 3), judged only where the thread model stays within " + Fmt.num(SLEEPS_DOMINATE, 0)
                + "× its sleeps' floor (beyond, the per-task cost sets the time), and " + MODEL + "'s CPU-bound"
                + " scaling wholly below sqrt(ideal) (as lesson 1: flat) with its " + CpuUtilisationChart.METRIC
                + " wholly below " + Fmt.num(Rules.ONE_CORE_PERCENT, 0) + " % (one thread of control; above:"
                + " contradicts). Intervals on fewer than " + Rules.MIN_FORKS + " forks or disturbed-only: too-noisy."
                + " Any contradiction wins, then too-noisy; one part confirming with the other not measured confirms"
                + " that part. A failed or timed-out cell of " + MODEL + " or the models it is held against:"
                + " not-measured.";
    }

    /** One event-loop vs other-model pair of sleep-io cells. */
    record Pair(String against, int workers, long tasks, Estimate ratio, Verdict verdict, boolean judged,
                org.gilbench.report.read.Measurement loop, org.gilbench.report.read.Measurement other) {
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Pair> pairs = new ArrayList<>();
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            pairs.addAll(pairs(sweep));
        }
        Optional<List<ScalingAnalysis.Curve>> cpu = e.headlineCpu();
        Rules.Outcome failed = Rules.unfinished(unfinished(e));
        if (failed != null) {
            s.verdict(failed.verdict(), failed.reason());
        } else {
            decide(s, pairs, cpu.orElse(List.of()), e.cores());
        }
        CoreSeeds.eventLoop(s, e.measurements().stream().anyMatch(m -> m.model().equals(MODEL)));
        s.text("The seed's third way: one thread runs an event loop; a coroutine runs until it awaits, then the"
                + " loop runs the next ready one. Waits overlap — a sleep is a timer, not a blocked thread — but"
                + " nothing preempts a running task, so CPU-bound work runs one task after another on one core."
                + " Here `event-loop` runs each task as a coroutine that holds the loop until it blocks;"
                + " `workers` bounds the tasks in flight, like an `asyncio.Semaphore`.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        int i = 0;
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            List<IoAnalysis.Line> lines = sweep.lines().stream().filter(l -> Set.of(MODEL, ModelNames.SERIAL, ModelNames.VIRTUAL_THREAD,
                    ModelNames.THREAD_POOL).contains(l.series().model())).toList();
            if (lines.stream().noneMatch(l -> l.series().model().equals(MODEL))) {
                continue;
            }
            IoAnalysis.Sweep only = new IoAnalysis.Sweep(sweep.view(), sweep.taskParam(), sweep.sleepMillis(), lines);
            String name = "event-loop-sleeps" + (i++ == 0 ? "" : "-" + i);
            s.chart(name, "sleep-io wall time: event-loop against threads", () -> List.of(IoScalingChart.create(
                    "Event loop: N concurrent sleeps, " + sweep.view(), only, null)));
        }
        if (!pairs.isEmpty()) {
            StringBuilder t = new StringBuilder("| event-loop against | workers | tasks | event-loop / other [95% CI] |"
                    + " reading |\n|---|---:|---:|---:|---|\n");
            for (Pair p : pairs) {
                t.append("| ").append(p.against()).append(" | ").append(p.workers()).append(" | ").append(p.tasks())
                        .append(" | ").append(Fmt.ci(p.ratio())).append(" | ").append(!p.judged()
                                ? "per-task cost: " + p.against() + " took over " + Fmt.num(SLEEPS_DOMINATE, 0)
                                + "× its sleeps' floor (not judged)" : switch (p.verdict()) {
                            case CONFIRMS -> "same (within ±" + Math.round((SAME_BAND - 1) * 100) + "%)";
                            case CONTRADICTS -> "different, beyond the interval";
                            default -> "interval too wide to tell";
                        }).append(" |\n");
            }
            s.text(t.append('\n').toString());
        }
        if (cpu.isPresent()) {
            List<ScalingAnalysis.Curve> curves = cpu.get().stream().filter(c -> c.series().options().isBlank()
                    && Set.of(MODEL, ModelNames.SERIAL, ModelNames.VIRTUAL_THREAD, ModelNames.THREAD_POOL).contains(c.series().model())).toList();
            if (curves.stream().anyMatch(c -> c.series().model().equals(MODEL))) {
                ScalingAnalysis.Curve first = curves.get(0);
                s.chart("event-loop-cpu", "CPU-bound speedup: event-loop against threads", () -> List.of(
                        CpuScalingChart.create("Event loop: " + first.workload() + " speedup over serial, " + first.view(),
                                curves, e.cores())));
                StringBuilder t = new StringBuilder("| model | workers | time (ms) [95% CI] | speedup over serial [95% CI] |"
                        + " CPU % |\n|---|---:|---:|---:|---:|\n");
                for (ScalingAnalysis.Curve c : curves) {
                    for (ScalingAnalysis.Point p : c.points()) {
                        t.append("| ").append(Fmt.cell(c.series().label())).append(" | ").append(p.workers()).append(" | ")
                                .append(Fmt.pm(p.time())).append(" | ").append(Fmt.ci(p.speedup())).append(" | ")
                                .append(Fmt.num(p.measurement().secondaryScore("cpu.util"), 0)).append(" |\n");
                    }
                }
                s.text(t.append('\n').toString());
            }
        }
        s.text("Why: the loop is one thread of control. A sleeping coroutine costs a timer, so thousands of waits"
                + " overlap as in threads; a computing coroutine never awaits, so it keeps the loop until it"
                + " finishes and every other task — and every expired timer — waits. More `workers` only let more"
                + " tasks queue for the one thread: the CPU-bound line stays at the serial time (1×), like"
                + " gil-emulated in section 1, and for the same reason there is no preemption to share it.\n\n");
        return s;
    }

    static List<Pair> pairs(IoAnalysis.Sweep sweep) {
        List<Pair> out = new ArrayList<>();
        for (IoAnalysis.Line loop : sweep.lines()) {
            if (!loop.series().model().equals(MODEL) || !loop.series().options().isBlank()) {
                continue;
            }
            for (String other : OVERLAPPING) {
                List<Pair> found = new ArrayList<>();
                for (IoAnalysis.Line line : sweep.lines()) {
                    if (!line.series().model().equals(other) || line.workers() != loop.workers()
                            || !line.series().options().isBlank()) {
                        continue;
                    }
                    for (IoAnalysis.Point a : loop.points()) {
                        for (IoAnalysis.Point b : line.points()) {
                            if (a.tasks() == b.tasks() && a.tasks() > 1) {
                                Estimate r = a.time().dividedBy(b.time());
                                double floorMs = Math.ceil((double) b.tasks() / loop.workers()) * sweep.sleepMillis();
                                boolean judged = b.time().value() <= SLEEPS_DOMINATE * floorMs;
                                found.add(new Pair(other, loop.workers(), a.tasks(), r, Rules.same(r, SAME_BAND), judged,
                                        a.measurement(), b.measurement()));
                            }
                        }
                    }
                }
                if (!found.isEmpty()) {
                    out.addAll(found);
                    break;  // virtual-thread first; thread-pool only when there is no virtual-thread line
                }
            }
        }
        return out;
    }

    /** The sleep-io and CPU-bound cells of event-loop and the models it is held against that did not finish. */
    static List<Evidence.Unfinished> unfinished(Evidence e) {
        List<String> models = List.of(MODEL, ModelNames.VIRTUAL_THREAD, ModelNames.THREAD_POOL);
        List<Evidence.Unfinished> out = new ArrayList<>(e.unfinished(Workloads.SLEEP_IO_BENCH, models));
        e.headlineCpu().ifPresent(c -> out.addAll(e.unfinishedLike(c.get(0).baseline(), List.of(MODEL, ModelNames.SERIAL),
                e.cores())));
        return out;
    }

    /**
     * Undecided: the cells of the sleep pairs that do not decide yet (both sides), then event-loop's CPU cells
     * (its point at the core count and its divisor), the least settled first.
     */
    @Override
    public List<String> deciding(Evidence e) {
        if (!unfinished(e).isEmpty()) {
            return List.of();
        }
        List<org.gilbench.report.read.Measurement> cells = new ArrayList<>();
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            for (Pair p : pairs(sweep)) {
                if (p.judged() && p.verdict() == Verdict.TOO_NOISY) {
                    cells.add(p.loop());
                    cells.add(p.other());
                }
            }
        }
        e.headlineCpu().ifPresent(c -> cells.addAll(GilThreadsLesson.scalingCells(c, e.cores(), MODEL)));
        Section s = new Section();
        decide(s, pairsOf(e), e.headlineCpu().orElse(List.of()), e.cores());
        return s.verdict() != Verdict.TOO_NOISY ? List.of() : Deciding.order(e, cells);
    }

    private static List<Pair> pairsOf(Evidence e) {
        List<Pair> pairs = new ArrayList<>();
        for (IoAnalysis.Sweep sweep : e.sweeps()) {
            pairs.addAll(pairs(sweep));
        }
        return pairs;
    }

    static void decide(Section s, List<Pair> all, List<ScalingAnalysis.Curve> cpu, int cores) {
        // Sleeps: only the pairs where the sleeps, not the per-task cost, set the time.
        List<Pair> pairs = all.stream().filter(Pair::judged).toList();
        Verdict sleeps;
        String sleepWhy;
        if (pairs.isEmpty()) {
            sleeps = Verdict.NOT_MEASURED;
            sleepWhy = all.isEmpty()
                    ? "no sleep-io cells of event-loop and virtual-thread or thread-pool with the same workers and tasks"
                    : "no sleep-io pair where the sleeps, not the per-task cost, set the time";
        } else {
            Pair worst = pairs.stream().max((a, b) -> Double.compare(Math.abs(Math.log(a.ratio().value())),
                    Math.abs(Math.log(b.ratio().value())))).orElseThrow();
            s.number("sleepPairs", pairs.size()).number("sleepWorstRatio", worst.ratio().value())
                    .number("sleepWorstLow", worst.ratio().low()).number("sleepWorstHigh", worst.ratio().high());
            Optional<Pair> apart = pairs.stream().filter(p -> p.verdict() == Verdict.CONTRADICTS).findFirst();
            long same = pairs.stream().filter(p -> p.verdict() == Verdict.CONFIRMS).count();
            if (apart.isPresent()) {
                Pair a = apart.get();
                sleeps = Verdict.CONTRADICTS;
                sleepWhy = "event-loop / " + a.against() + " = " + Fmt.ci(a.ratio()) + " at " + a.tasks() + " sleeps on "
                        + a.workers() + " workers, wholly outside ±" + Math.round((SAME_BAND - 1) * 100)
                        + "%: the loop's sleeps do not overlap like threads'";
            } else if (same == pairs.size()) {
                sleeps = Verdict.CONFIRMS;
                sleepWhy = "sleeps overlap: all " + pairs.size() + " event-loop / " + pairs.get(0).against()
                        + " ratios within ±" + Math.round((SAME_BAND - 1) * 100) + "% (largest " + Fmt.ci(worst.ratio())
                        + ")";
            } else {
                sleeps = Verdict.TOO_NOISY;
                sleepWhy = (pairs.size() - same) + " of " + pairs.size() + " sleep-io ratios too wide to tell (largest "
                        + Fmt.ci(worst.ratio()) + ")";
            }
        }
        // CPU.
        Verdict work;
        String workWhy;
        Optional<Evidence.Scaling> loop = cpu.isEmpty() ? Optional.empty() : Evidence.scaling(cpu, MODEL, cores);
        if (loop.isEmpty()) {
            work = Verdict.NOT_MEASURED;
            workWhy = "no CPU-bound event-loop cell at 2.." + (cores > 0 ? cores : "n") + " workers";
        } else {
            ScalingAnalysis.Point p = loop.get().at();
            s.number("cpuWorkers", p.workers()).number("cpuScaling", loop.get().ratio().value())
                    .number("cpuScalingLow", loop.get().ratio().low()).number("cpuScalingHigh", loop.get().ratio().high())
                    .number("cpuSpeedupOverSerial", p.speedup().value());
            Rules.Outcome o = Rules.scaling(loop.get().ratio(), p.ideal(), false, "CPU work: event-loop at "
                    + Fmt.workers(p.workers()) + " vs " + loop.get().against());
            work = o.verdict();
            workWhy = o.reason();
            if (o.confirms()) {
                // Flat in time is not enough: one thread of control uses one core (a loop that spins while it
                // waits, or runs its tasks on a second thread, burns more).
                Metric cpuUtil = p.measurement().secondary().get(CpuUtilisationChart.METRIC);
                if (cpuUtil == null) {
                    work = Verdict.NOT_MEASURED;
                    workWhy = o.reason() + ", but the cell has no " + CpuUtilisationChart.METRIC
                            + ", so nothing shows one thread of control";
                } else {
                    Rules.Outcome core = Rules.oneCore(Estimate.of(cpuUtil), MODEL);
                    work = core.verdict();
                    workWhy = o.reason() + (core.confirms() ? "; " : "; but ") + core.reason();
                }
            }
        }
        s.number("sleeps", sleeps.label()).number("cpu", work.label());
        String both = sleepWhy + "; " + workWhy;
        if (sleeps == Verdict.CONTRADICTS || work == Verdict.CONTRADICTS) {
            s.verdict(Verdict.CONTRADICTS, both);
        } else if (sleeps == Verdict.TOO_NOISY || work == Verdict.TOO_NOISY) {
            s.verdict(Verdict.TOO_NOISY, both);
        } else if (sleeps == Verdict.CONFIRMS || work == Verdict.CONFIRMS) {
            s.verdict(Verdict.CONFIRMS, both + (sleeps == Verdict.CONFIRMS && work == Verdict.CONFIRMS ? ""
                    : " (only " + (sleeps == Verdict.CONFIRMS ? "the sleeps" : "the CPU part") + " measured)"));
        } else {
            s.verdict(Verdict.NOT_MEASURED, both);
        }
    }
}

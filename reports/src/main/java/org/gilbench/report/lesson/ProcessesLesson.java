package org.gilbench.report.lesson;

import org.gilbench.report.read.ModelNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.CpuUtilisationChart;
import org.gilbench.report.chart.ProcessCostChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 2: processes escape the GIL and scale with the cores, at the price of starting them and
 * shipping data to them. The process-cost chart (range-sum compute only vs end to end, and one child
 * JVM's start-up), its table and paragraph.
 *
 * <p>Verdict, on the headline CPU experiment (the scaling chart of section 1): forked-process's
 * speedup at the most workers that fit the cores against {@link Rules#scaling} with the claim "it
 * scales": wholly above sqrt(ideal) confirms, wholly below contradicts (stuck near 1x), else too noisy. Scaling
 * confirms only when the work and the data crossed (issue 18): the children's own CPU time ({@code
 * process.child-cpu-ns}) at least {@link #CHILD_WORK_SHARE} of the serial run's, bytes sent and received; a
 * "forked-process" that never left the parent reports none and contradicts.
 */
public final class ProcessesLesson implements Lesson {

    /**
     * forked-process losing more than this share of its best view's speedup in another view means the
     * shipping cost shows (20%: beyond the run-to-run noise of a quiet 2-core machine).
     */
    static final double SHIPPING_SHOWS = 0.8;

    /** The models whose cells the verdict reads: a failed or timed-out one of them leaves it not measured. */
    static final List<String> JUDGED = List.of(ModelNames.FORKED_PROCESS, ModelNames.SERIAL);

    /** The forked-process model's counters (ForkedProcess.counters(), through the ModelProfiler). */
    static final String CHILD_CPU_NS = "process.child-cpu-ns";
    static final String BYTES_SENT = "process.bytes-sent";
    static final String BYTES_RECEIVED = "process.bytes-received";

    /**
     * The children must report at least half the serial run's time as their own CPU time: the parent only
     * ships tasks and collects answers, so nearly all of the work (the serial run's wall time on one core)
     * runs in the children — 585 ms of child CPU against a ~570 ms serial prime-check in the quick-run
     * fixture. Half leaves room for the children's clock granularity (10 ms ticks) and a faster JIT in the
     * child; a "forked-process" that never left the parent reports 0.
     */
    static final double CHILD_WORK_SHARE = 0.5;

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String id() {
        return "processes-scale-and-pay";
    }

    @Override
    public String title() {
        return "Processes escape the GIL, and pay for start-up and data";
    }

    @Override
    public List<String> evidence() {
        return PlanEntries.plus(PlanEntries.CPU_BOUND, PlanEntries.PROCESS_START, Workloads.CPYTHON_PRIME_CHECK,
                Workloads.CPYTHON_COUNT_LOOP, ProcessLessons.SHARED_MEMORY_RANGE_SUM, ProcessLessons.SHIPPED_RANGE_SUM,
                ProcessLessons.CPY_RANGE_SUM);
    }

    /** Processes against serial and GIL-free threads, and CPython's processes: what the section compares. */
    @Override
    public List<String> models() {
        return List.of(ModelNames.SERIAL, ModelNames.THREAD_POOL, ModelNames.FORKED_PROCESS, ModelNames.CPYTHON_SERIAL,
                ModelNames.CPYTHON_PROCESSES);
    }

    @Override
    public String rule() {
        return "*Lesson 2* (" + ModelNames.FORKED_PROCESS + " scales): its speedup at the most workers that fit the cores,"
                + " against the same midpoint sqrt(ideal) as lesson 1: wholly above = scales, wholly below = flat"
                + " (contradicts), straddling, wider than " + Fmt.num(Rules.TOO_WIDE, 0) + "× end to end, on fewer than "
                + Rules.MIN_FORKS + " forks of a cell or disturbed-only = too-noisy. Scaling confirms only with the"
                + " mechanism: the cell's " + CHILD_CPU_NS + " at least " + Math.round(CHILD_WORK_SHARE * 100) + " % of"
                + " the serial run's time, and bytes both sent and received (else contradicts: the work did not cross;"
                + " no counters: not-measured). A failed or timed-out cell of " + String.join(", ", JUDGED)
                + ": not-measured, naming it.";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        int cores = e.cores();
        Optional<List<ScalingAnalysis.Curve>> headline = e.headlineCpu();
        if (headline.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "no CPU-bound experiment with a serial baseline");
        } else {
            decide(s, headline.get(), cores, e);
        }
        s.text("The seed: processes escape the GIL, each with its own interpreter, so CPU-bound work scales with"
                + " the cores (the prime list: 27 s at 389% CPU on 4 cores, against 39 s in threads), at the price of"
                + " starting them and copying data to them. Here `forked-process` runs tasks in child JVMs.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (headline.isPresent()) {
            s.text("The scaling itself is drawn in section 1 (`forked-process`, purple triangles). "
                    + GilThreadsLesson.speedups(headline.get(), cores) + "\n\n");
        }
        for (List<ScalingAnalysis.Curve> curves : e.experiments().values()) {
            for (Fidelity f : CPython.compare(2, curves, e.cpythonCurves(curves.get(0).workload()),
                    CPython.PROCESS_PAIRS)) {
                s.fidelity(f);
            }
        }
        s.text(Fidelity.table(s.fidelity()));
        s.text(CPython.seedTable(e));
        cost(s, e);
        SharedRangeSum.show(s, e);
        startSeed(s, e);
        return s;
    }

    static void decide(Section s, List<ScalingAnalysis.Curve> curves, int cores, Evidence e) {
        String where = curves.get(0).workload() + " " + curves.get(0).view();
        Rules.Outcome failed = Rules.unfinished(e.unfinishedLike(curves.get(0).baseline(), JUDGED, cores));
        if (failed != null) {
            s.verdict(failed.verdict(), where + ": " + failed.reason());
            return;
        }
        Optional<Evidence.Scaling> proc = Evidence.scaling(curves, ModelNames.FORKED_PROCESS, cores);
        if (proc.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, where + ": no forked-process cell at 2.." + (cores > 0 ? cores : "n")
                    + " workers (a 1-worker point says nothing about scaling)");
            return;
        }
        ScalingAnalysis.Point p = proc.get().at();
        Estimate ratio = proc.get().ratio();
        s.number("workload", where).number("workers", p.workers()).number("against", proc.get().against())
                .number("scaling", ratio.value()).number("scalingLow", ratio.low()).number("scalingHigh", ratio.high())
                .number("speedupOverSerial", p.speedup().value()).number("ideal", p.ideal())
                .number("basis", ratio.basis());
        Rules.Outcome o = Rules.scaling(ratio, p.ideal(), true,
                "forked-process at " + Fmt.workers(p.workers()) + " vs " + proc.get().against());
        if (!o.confirms()) {
            s.verdict(o.verdict(), o.reason());
            return;
        }
        // Scaling in time is not enough: threads in the parent scale too. The mechanism: the work ran in the
        // children (their own CPU time, reported through the model) and data crossed to them and back.
        double childNs = p.measurement().secondaryScore(CHILD_CPU_NS);
        double sent = p.measurement().secondaryScore(BYTES_SENT);
        double received = p.measurement().secondaryScore(BYTES_RECEIVED);
        double workNs = curves.get(0).baselineTime().value() * 1e6;
        s.number("childCpuMs", childNs / 1e6).number("bytesSent", sent).number("bytesReceived", received)
                .number("serialMs", workNs / 1e6);
        if (Double.isNaN(childNs) || Double.isNaN(sent) || Double.isNaN(received)) {
            s.verdict(Verdict.NOT_MEASURED, o.reason() + "; but the cell has no " + CHILD_CPU_NS + ", " + BYTES_SENT + " or "
                    + BYTES_RECEIVED + " counter (run with the ModelProfiler), so nothing shows the work ran in child"
                    + " processes");
            return;
        }
        String counters = "the children used " + ChartStyle.millis(childNs / 1e6) + " of CPU per operation against"
                + " serial's " + ChartStyle.millis(workNs / 1e6) + " of work, " + Fmt.sig(sent) + " bytes sent and "
                + Fmt.sig(received) + " received";
        if (childNs < CHILD_WORK_SHARE * workNs || sent <= 0 || received <= 0) {
            s.verdict(Verdict.CONTRADICTS, o.reason() + "; but " + counters + ": the work did not cross to child"
                    + " processes (below " + Math.round(CHILD_WORK_SHARE * 100) + " % of the work in the children, or"
                    + " no bytes crossed), so what scaled is not processes");
            return;
        }
        s.verdict(Verdict.CONFIRMS, o.reason() + "; and " + counters + ": the work crossed to the children");
    }

    /**
     * Undecided: the cells behind forked-process's scaling interval (its point at the core count and its
     * 1-worker cell or serial), the least settled first.
     */
    @Override
    public List<String> deciding(Evidence e) {
        Optional<List<ScalingAnalysis.Curve>> headline = e.headlineCpu();
        if (headline.isEmpty()) {
            return List.of();
        }
        Section s = new Section();
        decide(s, headline.get(), e.cores(), e);
        return s.verdict() != Verdict.TOO_NOISY ? List.of()
                : Deciding.order(e, GilThreadsLesson.scalingCells(headline.get(), e.cores(), ModelNames.FORKED_PROCESS));
    }

    private static void cost(Section s, Evidence e) {
        int cores = e.cores();
        s.text("### Start-up and data-shipping cost\n\n");
        List<ScalingAnalysis.Curve> rangeSum = new ArrayList<>();
        e.experiments().values().stream().filter(l -> l.get(0).workload().equals(Workloads.RANGE_SUM))
                .forEach(rangeSum::addAll);
        List<Measurement> starts = e.measurements().stream()
                .filter(m -> Workloads.of(m).equals(Workloads.PROCESS_START))
                .filter(m -> !m.benchmark().startsWith(Workloads.CPYTHON_PREFIX)).toList(); // CPython's: lesson 12's table
        if (rangeSum.isEmpty() && starts.isEmpty()) {
            s.text("_No range-sum results with a serial baseline and no process start-up benchmark: nothing to"
                    + " draw._\n\n");
            return;
        }
        s.chart("process-cost", "range-sum compute only vs end to end, and the cost of one child JVM",
                () -> ProcessCostChart.create(Workloads.RANGE_SUM, rangeSum, starts, cores));
        if (!starts.isEmpty()) {
            StringBuilder t = new StringBuilder("One child JVM started, given one tiny task and stopped (`"
                    + starts.get(0).shortName() + "`):\n\n| child | time per process (ms) [95% CI] | CPU % |\n|---|---:|---:|\n");
            for (Measurement m : starts) {
                t.append("| ").append(Fmt.cell(ProcessCostChart.startLabel(m))).append(" | ")
                        .append(Fmt.pm(Estimate.of(m.time()))).append(" | ")
                        .append(Fmt.num(m.secondaryScore(CpuUtilisationChart.METRIC), 0)).append(" |\n");
            }
            s.text(t.append('\n').append(startSentence(starts)).append("\n\n").toString());
        }
        if (rangeSum.isEmpty()) {
            s.text("_No range-sum results with a serial baseline: the data-shipping panels are not drawn._\n\n");
            return;
        }
        TreeSet<String> counters = new TreeSet<>();
        for (ScalingAnalysis.Curve c : rangeSum) {
            for (ScalingAnalysis.Point p : c.points()) {
                p.measurement().secondary().keySet().stream().filter(k -> k.startsWith("process.")).forEach(counters::add);
            }
        }
        StringBuilder t = new StringBuilder("| view | model | workers | time (ms) [95% CI] | speedup [95% CI] |");
        counters.forEach(k -> t.append(' ').append(k).append(" / iteration |"));
        t.append("\n|---|---|---:|---:|---:|");
        counters.forEach(k -> t.append("---:|"));
        t.append('\n');
        for (ScalingAnalysis.Curve c : rangeSum) {
            ScalingAnalysis.Point p = ProcessCostChart.shown(c, cores);
            t.append("| ").append(Fmt.cell(c.view())).append(" | ").append(Fmt.cell(c.series().label())).append(" | ")
                    .append(p.workers()).append(" | ").append(Fmt.pm(p.time())).append(" | ").append(Fmt.ci(p.speedup())).append(" |");
            for (String k : counters) {
                t.append(' ').append(Fmt.counter(k, p.measurement().secondaryScore(k))).append(" |");
            }
            t.append('\n');
        }
        s.text(t.append('\n').append(processSentence(rangeSum, cores)).append("\n\n").toString());
    }

    /** The process-start row (lesson 12's, with this run's figures, takes its place in the seeds table). */
    private static void startSeed(Section s, Evidence e) {
        boolean started = e.measurements().stream().anyMatch(m -> Workloads.of(m).equals(Workloads.PROCESS_START));
        String seeds = "seed 000:533-548, 002:48-119, 004:25-107";
        String what = "os.fork / Process(target=...) started and joined; here one child JVM started, given one task and"
                + " stopped (" + Workloads.PROCESS_START_BENCH + ")";
        s.seed(started ? SeedRow.measured(Workloads.PROCESS_START, seeds, what + "; the chapters publish PIDs, no time")
                : SeedRow.notMeasured(Workloads.PROCESS_START, seeds, what, "no process-start cell in this run"));
    }

    /** The start-up price against the warm pool's round trip, from the medians. */
    static String startSentence(List<Measurement> starts) {
        Comparator<Measurement> byMedian = Comparator.comparingDouble(m -> Estimate.of(m.time()).value());
        Measurement slowest = starts.stream().max(byMedian).orElseThrow();
        Measurement fastest = starts.stream().min(byMedian).orElseThrow();
        Estimate slow = Estimate.of(slowest.time());
        Estimate fast = Estimate.of(fastest.time());
        if (slowest == fastest) {
            return "A child JVM costs " + ChartStyle.millis(slow.value()) + " to start, use once and stop.";
        }
        Estimate ratio = slow.dividedBy(fast);
        return "Starting a child JVM for a task costs " + ChartStyle.millis(slow.value()) + " (`"
                + ProcessCostChart.startLabel(slowest) + "`) against " + ChartStyle.millis(fast.value())
                + " (`" + ProcessCostChart.startLabel(fastest) + "`), " + Fmt.ci(ratio) + "× as much: the start-up"
                + " price of seed lesson 2, and why process pools are started once and reused.";
    }

    static String processSentence(List<ScalingAnalysis.Curve> curves, int cores) {
        Map<String, Map<String, ScalingAnalysis.Point>> byModel = new LinkedHashMap<>();
        for (ScalingAnalysis.Curve c : curves) {
            byModel.computeIfAbsent(c.series().model(), k -> new LinkedHashMap<>()).put(c.view(), ProcessCostChart.shown(c, cores));
        }
        Map<String, ScalingAnalysis.Point> proc = byModel.get(ModelNames.FORKED_PROCESS);
        if (proc == null || proc.size() < 2) {
            return "forked-process was not measured in two views: the shipping cost is not shown.";
        }
        Map.Entry<String, ScalingAnalysis.Point> worst = proc.entrySet().stream()
                .min(Comparator.comparingDouble(x -> x.getValue().speedup().value())).orElseThrow();
        Map.Entry<String, ScalingAnalysis.Point> best = proc.entrySet().stream()
                .max(Comparator.comparingDouble(x -> x.getValue().speedup().value())).orElseThrow();
        Estimate w = worst.getValue().speedup();
        Estimate b = best.getValue().speedup();
        String s = "forked-process: " + Fmt.ci(b) + "× in `" + best.getKey() + "` ("
                + Fmt.counter("process.bytes-sent", best.getValue().measurement().secondaryScore("process.bytes-sent"))
                + " sent per iteration) but " + Fmt.ci(w) + "× in `" + worst.getKey() + "` ("
                + Fmt.counter("process.bytes-sent", worst.getValue().measurement().secondaryScore("process.bytes-sent"))
                + " sent). ";
        boolean apart = w.hasError() && b.hasError() && w.high() < b.low() * SHIPPING_SHOWS;
        return s + (apart ? "Shipping the data to the child JVMs eats the speedup, beyond the intervals: the price in"
                + " seed lesson 2 (and why the seed left list creation and slicing out \"for fairness\")."
                : "The intervals overlap within " + Math.round((1 - SHIPPING_SHOWS) * 100)
                + "%: this run does not show a shipping cost at this size.");
    }
}

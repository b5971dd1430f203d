package org.gilbench.report.lesson;

import org.gilbench.report.analysis.Workloads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gilbench.model.GilTimeScale;
import org.gilbench.contract.Estimate;
import org.gilbench.report.chart.SwitchIntervalChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 4, the knob: the switch interval ({@code sys.setswitchinterval}). {@code GilSweepBenchmark}
 * measures, per interval, the CPU throughput of 2 GIL threads relative to 1 ({@code cpuBound}:
 * score(threads=1) / score(threads=2), 4 count-loop tasks) and a 1 ms sleeper's wake-up delay beside one
 * CPU-bound thread ({@code wakeUp}: score - 1 ms). One chart with CPython 3.11's measured points; and the
 * time scale: how many intervals each workload's longest task lasts here and in CPython.
 *
 * <p>Verdict: the delay tracks the interval — at every interval of at least {@link #JUDGED_FROM_US} µs,
 * delay / interval lies within [1 / {@link #TRACK_BAND}, {@link #TRACK_BAND}] — and switching costs
 * little throughput — every throughput ratio within [1 / {@link #THROUGHPUT_BAND},
 * {@link #THROUGHPUT_BAND}]; both judged on their 95% intervals ({@link Rules#same}). Both confirm:
 * confirms; any interval wholly outside: contradicts; else too noisy. Without either benchmark:
 * not measured; with one, the verdict rests on it alone and says so.
 */
public final class SwitchIntervalLesson implements Lesson {

    static final String CPU_BOUND = Workloads.SWEEP_CPU_BENCH;
    static final String WAKE_UP = Workloads.SWEEP_WAKE_UP_BENCH;
    static final String INTERVAL = "intervalUs";
    static final String THREADS = "threads";

    /** The sleep inside a wake-up step: delay = step - this. */
    static final double SLEEP_MS = 1.0;

    /** CPython 3.11 on a 2-core machine (../shared/notes/gil.md): interval (ms), throughput, delay (ms). */
    static final double[] CPYTHON_INTERVAL_MS = {0.2, 1, 5, 20};
    static final double[] CPYTHON_THROUGHPUT = {0.88, 0.93, 1.00, 0.93};
    static final double[] CPYTHON_DELAY_MS = {0.42, 1.23, 5.28, 20.3};

    /**
     * Below 1 ms a fixed cost swamps the interval: waking a parked thread and re-taking the GIL costs
     * ~0.1–0.4 ms (CPython's delay at 0.2 ms is 0.42 ms, 2.1 intervals), so "tracks" is judged from 1 ms up.
     */
    static final long JUDGED_FROM_US = 1000;

    /** Delay within 2x of one interval: CPython's is 1.02–1.23x from 1 ms up; a GIL that ignores the interval is 5x off at 1 ms. */
    static final double TRACK_BAND = 2.0;

    /** Throughput within 25% of one thread's: CPython loses at most 12% (0.88 at 0.2 ms). */
    static final double THROUGHPUT_BAND = 1.25;

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String id() {
        return "switch-interval";
    }

    @Override
    public String title() {
        return "The switch interval: what sys.setswitchinterval trades";
    }

    @Override
    public List<String> evidence() {
        return List.of(PlanEntries.GIL_SWEEP_CPU, PlanEntries.GIL_SWEEP_WAKE_UP);
    }

    @Override
    public String rule() {
        return "*The switch interval* (lesson 4): wake-up delay / interval within [" + Fmt.num(1 / TRACK_BAND, 1) + ", "
                + Fmt.num(TRACK_BAND, 0) + "] at every interval of " + Fmt.num(JUDGED_FROM_US / 1000.0, 0)
                + " ms or more, and 2 threads' throughput / 1 thread's within ±"
                + Math.round((THROUGHPUT_BAND - 1) * 100) + "%, each on its 95% interval: all inside confirms; any"
                + " wholly outside contradicts (a GIL that switches late: delay / interval above "
                + Fmt.num(TRACK_BAND, 0) + "); else, or on fewer than " + Rules.MIN_FORKS + " forks of a cell or"
                + " disturbed-only cells, too-noisy. A failed or timed-out sweep cell: not-measured.";
    }

    /** One interval's two numbers. */
    record Row(long intervalUs, Estimate throughput, Estimate delay) {
        double intervalMs() {
            return intervalUs / 1000.0;
        }
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Row> rows = rows(e.benchmark(CPU_BOUND), e.benchmark(WAKE_UP));
        Rules.Outcome failed = Rules.unfinished(unfinished(e));
        if (failed != null) {
            s.verdict(failed.verdict(), failed.reason());
        } else {
            decide(s, rows);
        }
        s.text("CPython's GIL holder is asked to let go after one switch interval (`sys.setswitchinterval`, 5 ms by"
                + " default). A shorter interval gives a waiting thread the GIL sooner, at the price of more switches"
                + " for CPU-bound threads. `GilSweepBenchmark` runs both halves under `gil-emulated` at each interval.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (!rows.isEmpty()) {
            List<SwitchIntervalChart.Point> tp = new ArrayList<>();
            List<SwitchIntervalChart.Point> dl = new ArrayList<>();
            for (Row r : rows) {
                if (r.throughput() != null) {
                    tp.add(new SwitchIntervalChart.Point(r.intervalMs(), r.throughput()));
                }
                if (r.delay() != null) {
                    dl.add(new SwitchIntervalChart.Point(r.intervalMs(), r.delay()));
                }
            }
            s.chart("switch-interval", "throughput of 2 GIL threads and a sleeper's wake-up delay against the switch interval",
                    () -> SwitchIntervalChart.create(tp, dl, CPYTHON_INTERVAL_MS, CPYTHON_THROUGHPUT, CPYTHON_DELAY_MS));
            StringBuilder t = new StringBuilder("| interval (ms) | 2 threads / 1, throughput [95% CI] | CPython 3.11, reference"
                    + " | wake-up delay (ms) [95% CI] | delay / interval | CPython 3.11, reference (ms) |\n|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                int ref = cpythonIndex(r.intervalMs());
                t.append("| ").append(Fmt.num(r.intervalMs(), r.intervalMs() < 1 ? 1 : 0)).append(" | ")
                        .append(r.throughput() == null ? Fmt.NONE : Fmt.ci(r.throughput())).append(" | ")
                        .append(ref < 0 ? Fmt.NONE : Fmt.num(CPYTHON_THROUGHPUT[ref], 2)).append(" | ")
                        .append(r.delay() == null ? Fmt.NONE : Fmt.ci(r.delay())).append(" | ")
                        .append(r.delay() == null ? Fmt.NONE : Fmt.num(r.delay().value() / r.intervalMs(), 2)).append(" | ")
                        .append(ref < 0 ? Fmt.NONE : Fmt.num(CPYTHON_DELAY_MS[ref], 2)).append(" |\n");
            }
            s.text(t.append("\nThe CPython columns are a ").append(CPython.REFERENCE).append(".\n\n").toString());
            s.text("Read it as CPython users do: the waiting thread's delay follows the interval almost one for one"
                    + " (it waits one interval, then asks); the CPU-bound pair's total throughput hardly moves,"
                    + " because a switch costs microseconds and an interval is milliseconds.\n\n");
        }
        s.text(timeScale());
        CoreSeeds.gilSwitching(s, !rows.isEmpty());
        return s;
    }

    private static List<Evidence.Unfinished> unfinished(Evidence e) {
        List<Evidence.Unfinished> out = new ArrayList<>(e.unfinished(CPU_BOUND, p -> true));
        out.addAll(e.unfinished(WAKE_UP, p -> true));
        return out;
    }

    /**
     * Undecided: the cells of every interval whose delay or throughput interval does not decide yet (both thread
     * counts of the throughput, the wake-up step), the least settled first.
     */
    @Override
    public List<String> deciding(Evidence e) {
        if (!unfinished(e).isEmpty()) {
            return List.of();
        }
        List<Measurement> cpu = e.benchmark(CPU_BOUND);
        List<Measurement> wake = e.benchmark(WAKE_UP);
        List<Measurement> cells = new ArrayList<>();
        for (Row r : rows(cpu, wake)) {
            boolean openDelay = r.delay() != null && r.intervalUs() >= JUDGED_FROM_US
                    && Rules.same(r.delay().times(1 / r.intervalMs()), TRACK_BAND) == Verdict.TOO_NOISY;
            boolean openThroughput = r.throughput() != null && Rules.same(r.throughput(), THROUGHPUT_BAND) == Verdict.TOO_NOISY;
            if (openDelay) {
                wake.stream().filter(m -> longParam(m, INTERVAL) == r.intervalUs()).forEach(cells::add);
            }
            if (openThroughput) {
                cpu.stream().filter(m -> longParam(m, INTERVAL) == r.intervalUs()).forEach(cells::add);
            }
        }
        return Deciding.order(e, cells);
    }

    /** The time-scale table (GilTimeScale): a task shorter than one interval is never switched out. */
    static String timeScale() {
        StringBuilder t = new StringBuilder("### The time scale: switch intervals per longest task\n\n"
                + "A task can only be switched out if it lasts longer than one interval. Java runs the same work 20–50×"
                + " faster than CPython, while the interval is real time, so the same task spans far fewer intervals"
                + " here (at the default 5 ms; both columns are serial times of one task measured earlier on a 2-core VM,"
                + " docs/gil.md, not in this run):\n\n"
                + "| workload | longest task | here (ms) | intervals here | CPython 3.11 (ms) | intervals in CPython | so |\n"
                + "|---|---|---:|---:|---:|---:|---|\n");
        for (GilTimeScale.Row r : GilTimeScale.rows()) {
            t.append("| ").append(r.workload()).append(" | ").append(Fmt.cell(r.task())).append(" | ")
                    .append(Fmt.num(r.javaMs(), 1)).append(" | ").append(Fmt.num(r.javaIntervals(), 1)).append(" | ")
                    .append(Fmt.num(r.cpythonMs(), 0)).append(" | ").append(Fmt.num(r.cpythonIntervals(), 0)).append(" | ")
                    .append(Fmt.cell(r.note())).append(" |\n");
        }
        return t.append('\n').toString();
    }

    private static int cpythonIndex(double intervalMs) {
        for (int i = 0; i < CPYTHON_INTERVAL_MS.length; i++) {
            if (Math.abs(CPYTHON_INTERVAL_MS[i] - intervalMs) < 1e-9) {
                return i;
            }
        }
        return -1;
    }

    /** Per interval: throughput = time(1 thread) / time(2 threads); delay = wake-up step - 1 ms. */
    static List<Row> rows(List<Measurement> cpu, List<Measurement> wake) {
        Map<Long, Estimate[]> at = new TreeMap<>();
        Map<Long, Estimate> one = new TreeMap<>();
        Map<Long, Estimate> two = new TreeMap<>();
        for (Measurement m : cpu) {
            long us = longParam(m, INTERVAL);
            int threads = m.intParam(THREADS, -1);
            if (us <= 0) {
                continue;
            }
            (threads == 1 ? one : threads == 2 ? two : new TreeMap<Long, Estimate>()).put(us, Estimate.of(m.time()));
        }
        for (Long us : one.keySet()) {
            if (two.containsKey(us)) {
                at.computeIfAbsent(us, k -> new Estimate[2])[0] = one.get(us).dividedBy(two.get(us));
            }
        }
        for (Measurement m : wake) {
            long us = longParam(m, INTERVAL);
            if (us > 0) {
                at.computeIfAbsent(us, k -> new Estimate[2])[1] = Estimate.of(m.time()).shifted(-SLEEP_MS);
            }
        }
        List<Row> rows = new ArrayList<>();
        at.forEach((us, v) -> rows.add(new Row(us, v[0], v[1])));
        rows.sort(Comparator.comparingLong(Row::intervalUs));
        return rows;
    }

    private static long longParam(Measurement m, String name) {
        try {
            return Long.parseLong(m.params().getOrDefault(name, "-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The verdict (see the class comment). */
    static void decide(Section s, List<Row> rows) {
        List<Row> tp = rows.stream().filter(r -> r.throughput() != null).toList();
        List<Row> dl = rows.stream().filter(r -> r.delay() != null && r.intervalUs() >= JUDGED_FROM_US).toList();
        s.number("intervals", rows.size());
        if (tp.isEmpty() && dl.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + CPU_BOUND + " (threads=1 and 2 at one intervalUs) or " + WAKE_UP
                    + " at intervalUs >= " + JUDGED_FROM_US);
            return;
        }
        List<String> why = new ArrayList<>();
        List<Verdict> parts = new ArrayList<>();
        if (!dl.isEmpty()) {
            List<Verdict> v = new ArrayList<>();
            StringBuilder d = new StringBuilder("delay / interval ");
            for (Row r : dl) {
                Estimate ratio = r.delay().times(1 / r.intervalMs());
                v.add(Rules.same(ratio, TRACK_BAND));
                d.append(Fmt.ci(ratio)).append(" at ").append(Fmt.num(r.intervalMs(), 0)).append(" ms, ");
                s.number("delayOverInterval" + r.intervalUs() + "us", ratio.value());
            }
            d.setLength(d.length() - 2);
            Verdict part = combine(v);
            parts.add(part);
            why.add(d + " (" + dl.get(0).delay().basis() + ") against ×" + Fmt.num(TRACK_BAND, 0) + ": " + reading(part,
                    "the delay tracks the interval", "the delay does not follow the interval"));
        } else {
            why.add("no " + WAKE_UP + " at intervals >= " + JUDGED_FROM_US + " µs: the delay is not judged");
        }
        if (!tp.isEmpty()) {
            List<Verdict> v = new ArrayList<>();
            StringBuilder d = new StringBuilder("2 threads / 1 ");
            for (Row r : tp) {
                v.add(Rules.same(r.throughput(), THROUGHPUT_BAND));
                d.append(Fmt.ci(r.throughput())).append(" at ").append(Fmt.num(r.intervalMs(), r.intervalMs() < 1 ? 1 : 0))
                        .append(" ms, ");
                s.number("throughput" + r.intervalUs() + "us", r.throughput().value());
            }
            d.setLength(d.length() - 2);
            Verdict part = combine(v);
            parts.add(part);
            why.add(d + " against ±" + Math.round((THROUGHPUT_BAND - 1) * 100) + "%: " + reading(part,
                    "switching costs little throughput", "switching costs real throughput"));
        } else {
            why.add("no " + CPU_BOUND + " pair: throughput is not judged");
        }
        s.verdict(combine(parts), String.join("; ", why));
    }

    /** All confirm: confirms; any contradicts: contradicts; else too noisy. */
    private static Verdict combine(List<Verdict> v) {
        if (v.contains(Verdict.CONTRADICTS)) {
            return Verdict.CONTRADICTS;
        }
        return v.stream().allMatch(x -> x == Verdict.CONFIRMS) ? Verdict.CONFIRMS : Verdict.TOO_NOISY;
    }

    private static String reading(Verdict v, String yes, String no) {
        return v == Verdict.CONFIRMS ? yes : v == Verdict.CONTRADICTS ? no + ", beyond the intervals"
                : "some intervals too wide to tell";
    }
}

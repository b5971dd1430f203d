package org.gilbench.report.analysis;

import org.gilbench.report.read.Measurement;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.LostUpdate;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which seed workload a measurement belongs to, and how its cells group. A measurement's workload is
 * told exactly, never guessed from a name's parts: a {@code workload} parameter wins, then a CPython
 * cell's experiment ({@code cpython.prime-check}), then the benchmark's class and method as listed in
 * {@link #BY_BENCHMARK}; a benchmark not listed there is its own workload (its short name: the GIL's
 * experiments, GilBenchmark and GilSweepBenchmark, are), so a new benchmark shows under "Other
 * measurements" instead of joining a lesson by accident.
 *
 * <p>The benchmarks' class and method names are spelled here once ({@link #PRIME_CHECK_BENCH} ...);
 * lessons find their cells by these constants.
 */
public final class Workloads {

    public static final String PRIME_CHECK = PrimeCheck.NAME;
    public static final String RANGE_SUM = RangeSum.NAME;
    public static final String SLEEP_IO = SleepIo.NAME;
    public static final String COUNT_LOOP = CountLoop.NAME;
    /** Not a seed workload: the price of starting one child JVM (ProcessStartBenchmark), for chart 5. */
    public static final String PROCESS_START = "process-start";
    /** Lesson 5: the bank account and change_it (LostUpdateBenchmark, cpython.bank-account ...); not timed work. */
    public static final String LOST_UPDATE = LostUpdate.NAME;
    /**
     * Lesson 5: message round trips (PingPongBenchmark, cpython.ping-pong). The workloads module has no
     * name constant for it yet ({@code PingPong.NAME} would be the one to use).
     */
    public static final String PING_PONG = org.gilbench.workload.PingPong.NAME;
    /** CPython cells' benchmark names start with this (issue 12), followed by the experiment. */
    public static final String CPYTHON_PREFIX = "cpython.";

    // The JMH benchmarks (class.method, as JMH names them after the package): benchmarks module.
    public static final String PRIME_CHECK_BENCH = "PrimeCheckBenchmark.primeCheck";
    public static final String COUNT_LOOP_BENCH = "CountLoopBenchmark.countLoop";
    public static final String RANGE_SUM_COMPUTE_BENCH = "RangeSumBenchmark.computeOnly";
    public static final String RANGE_SUM_END_TO_END_BENCH = "RangeSumBenchmark.endToEnd";
    public static final String RANGE_SUM_STREAMED_BENCH = "RangeSumBenchmark.streamed";
    public static final String SLEEP_IO_BENCH = "SleepIoBenchmark.sleepIo";
    public static final String PROCESS_START_BENCH = "ProcessStartBenchmark.startRoundTripExit";
    public static final String BANK_BENCH = "LostUpdateBenchmark.bankAccount";
    public static final String CHANGE_IT_BENCH = "LostUpdateBenchmark.changeIt";
    public static final String PING_PONG_BENCH = "PingPongBenchmark.roundTrip";
    /** The GIL convoy: a 1 ms sleeper's step beside CPU-bound competitors. */
    public static final String CONVOY_BENCH = "GilBenchmark.wakeUp";
    public static final String SWEEP_CPU_BENCH = "GilSweepBenchmark.cpuBound";
    public static final String SWEEP_WAKE_UP_BENCH = "GilSweepBenchmark.wakeUp";

    // The CPython cells of the same experiments (runner: org.gilbench.cpython.CPythonPlan).
    public static final String CPYTHON_PRIME_CHECK = CPYTHON_PREFIX + PRIME_CHECK;
    public static final String CPYTHON_COUNT_LOOP = CPYTHON_PREFIX + COUNT_LOOP;
    public static final String CPYTHON_SLEEP_IO = CPYTHON_PREFIX + SLEEP_IO;
    public static final String CPYTHON_CONVOY = CPYTHON_PREFIX + "convoy";
    public static final String CPYTHON_BANK = CPYTHON_PREFIX + "bank-account";
    public static final String CPYTHON_CHANGE_IT = CPYTHON_PREFIX + "change-it";
    public static final String CPYTHON_PING_PONG = CPYTHON_PREFIX + PING_PONG;

    /**
     * Every benchmark the report knows, with its workload. The last four are the names an older
     * benchmarks module gave (PrimeCheckBench.run ...), kept so older results folders read the same.
     */
    public static final Map<String, String> BY_BENCHMARK = Map.ofEntries(
            Map.entry(PRIME_CHECK_BENCH, PRIME_CHECK),
            Map.entry(COUNT_LOOP_BENCH, COUNT_LOOP),
            Map.entry(RANGE_SUM_COMPUTE_BENCH, RANGE_SUM),
            Map.entry(RANGE_SUM_END_TO_END_BENCH, RANGE_SUM),
            Map.entry(RANGE_SUM_STREAMED_BENCH, RANGE_SUM),
            Map.entry(SLEEP_IO_BENCH, SLEEP_IO),
            Map.entry(PROCESS_START_BENCH, PROCESS_START),
            Map.entry(BANK_BENCH, LOST_UPDATE),
            Map.entry(CHANGE_IT_BENCH, LOST_UPDATE),
            Map.entry(PING_PONG_BENCH, PING_PONG),
            Map.entry("PrimeCheckBench.run", PRIME_CHECK),
            Map.entry("RangeSumBench.computeOnly", RANGE_SUM),
            Map.entry("RangeSumBench.endToEnd", RANGE_SUM),
            Map.entry("SleepIoBench.run", SLEEP_IO));

    /** The CPU-bound workloads in the order the report shows them. */
    public static final List<String> CPU_BOUND = List.of(PRIME_CHECK, COUNT_LOOP, RANGE_SUM);

    /** Parameters that identify a series or the x axis, not the experiment. */
    public static final Set<String> MODEL_PARAMS = Set.of("model", "workers", "options");

    /** Names a benchmark may give the number of concurrent sleeping tasks (the I/O chart's x axis). */
    public static final List<String> TASK_COUNT_PARAMS = List.of("tasks", "taskCount", "count", "concurrency");

    /** Names a benchmark may give the duration of one sleep, in milliseconds. */
    public static final List<String> SLEEP_PARAMS = List.of("sleepMs", "millis", "sleepMillis", "durationMs");

    private Workloads() {
    }

    public static String of(Measurement m) {
        String param = m.params().get("workload");
        if (param != null && !param.isBlank()) {
            return param;
        }
        if (m.benchmark().startsWith(CPYTHON_PREFIX)) {
            // CPython cells are named for their experiment: cpython.prime-check, cpython.sleep-io ...
            return m.benchmark().substring(CPYTHON_PREFIX.length());
        }
        return BY_BENCHMARK.getOrDefault(m.shortName(), m.shortName());
    }

    public static boolean cpuBound(String workload) {
        return CPU_BOUND.contains(workload);
    }

    /**
     * The experiment a measurement is a cell of: the benchmark method and every parameter except the
     * model, the workers and the options (the series and the x axis), plus {@code extra} to drop.
     */
    public static String experiment(Measurement m, Set<String> extra) {
        return m.benchmark() + " " + otherParams(m, extra);
    }

    /** Parameters other than model/workers/options/workload and {@code extra}. */
    public static SortedMap<String, String> otherParams(Measurement m, Set<String> extra) {
        SortedMap<String, String> rest = new TreeMap<>(m.params());
        rest.keySet().removeAll(MODEL_PARAMS);
        rest.keySet().removeAll(extra);
        rest.remove("workload");
        return rest;
    }

    /** "run" or "endToEnd (n=1000000)": the method plus the parameters that set the experiment apart. */
    public static String view(Measurement m, Set<String> extra) {
        SortedMap<String, String> rest = otherParams(m, extra);
        StringBuilder s = new StringBuilder(m.method());
        if (!rest.isEmpty()) {
            s.append(" (");
            boolean first = true;
            for (Map.Entry<String, String> e : rest.entrySet()) {
                s.append(first ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
                first = false;
            }
            s.append(')');
        }
        return s.toString();
    }

    /** The first of {@code names} that {@code m} has as an integer parameter, or -1. */
    public static long longParam(Measurement m, List<String> names) {
        for (String name : names) {
            String v = m.params().get(name);
            if (v != null) {
                try {
                    return Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** The first of {@code names} that {@code m} has, or null. */
    public static String paramName(Measurement m, List<String> names) {
        for (String name : names) {
            if (m.params().containsKey(name)) {
                return name;
            }
        }
        return null;
    }
}

package org.gilbench.report.analysis;

import org.gilbench.report.read.Measurement;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which seed workload a measurement belongs to, and how its cells group, told from names alone so the
 * report does not depend on how the benchmark classes are laid out: a {@code workload} parameter wins,
 * then the benchmark's class and method name, then the result file's name (the group).
 */
public final class Workloads {

    public static final String PRIME_CHECK = "prime-check";
    public static final String RANGE_SUM = "range-sum";
    public static final String SLEEP_IO = "sleep-io";
    public static final String COUNT_LOOP = "count-loop";
    /** Not a seed workload: the price of starting one child JVM (ProcessStartBenchmark), for chart 5. */
    public static final String PROCESS_START = "process-start";
    /** Lesson 5: the bank account and change_it (LostUpdateBenchmark, cpython.bank-account ...); not timed work. */
    public static final String LOST_UPDATE = "lost-update";
    /** Lesson 5: message round trips (PingPongBenchmark, cpython.ping-pong). */
    public static final String PING_PONG = "ping-pong";

    /** CPython cells' benchmark names start with this (issue 12), followed by the experiment. */
    public static final String CPYTHON_PREFIX = "cpython.";

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
        String fromName = match(m.shortName());
        if (fromName != null) {
            return fromName;
        }
        String file = m.file().getFileName().toString().replaceFirst("\\.json$", "");
        String fromFile = match(file);
        return fromFile != null ? fromFile : m.shortName();
    }

    private static String match(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        if (s.contains("processstart")) {
            return PROCESS_START;
        }
        // Before "count" and "sum": "bankAccount" must not read as count-loop.
        if (s.contains("lostupdate") || s.contains("bankaccount") || s.contains("changeit")) {
            return LOST_UPDATE;
        }
        if (s.contains("pingpong")) {
            return PING_PONG;
        }
        if (s.contains("prime")) {
            return PRIME_CHECK;
        }
        if (s.contains("rangesum") || s.contains("sum")) {
            return RANGE_SUM;
        }
        if (s.contains("sleep") || s.contains("download")) {
            return SLEEP_IO;
        }
        if (s.contains("countloop") || s.contains("count") || s.contains("calc")) {
            return COUNT_LOOP;
        }
        return null;
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

package org.gilbench.report.lesson;

import java.util.List;
import org.gilbench.report.analysis.Workloads;

/**
 * The names a lesson's {@link Lesson#evidence()} may use: the runner's plan entries (runner:
 * {@code org.gilbench.run.Experiments}), the CPython cells' benchmarks (runner:
 * {@code org.gilbench.cpython.CPythonPlan}) and the GIL timeline step ({@code TimelineStep.FOLDER}).
 * Spelled here once, so the runner can later plan from the lessons' evidence and a test can hold both
 * lists equal. Entries named for their workload reuse the workload's constant.
 */
public final class PlanEntries {

    public static final String PRIME_CHECK = Workloads.PRIME_CHECK;
    public static final String COUNT_LOOP = Workloads.COUNT_LOOP;
    public static final String RANGE_SUM_COMPUTE = Workloads.RANGE_SUM + "-compute";
    public static final String RANGE_SUM_END_TO_END = Workloads.RANGE_SUM + "-end-to-end";
    public static final String RANGE_SUM_STREAMED = Workloads.RANGE_SUM + "-streamed";
    public static final String SLEEP_IO = Workloads.SLEEP_IO;
    public static final String GIL_CONVOY = "gil-convoy";
    public static final String PROCESS_START = Workloads.PROCESS_START;
    public static final String GIL_SWEEP_CPU = "gil-sweep-cpu";
    public static final String GIL_SWEEP_WAKE_UP = "gil-sweep-wake-up";
    public static final String LOST_UPDATE_BANK = Workloads.LOST_UPDATE + "-bank";
    public static final String LOST_UPDATE_BANK_LOCK = Workloads.LOST_UPDATE + "-bank-lock";
    public static final String LOST_UPDATE_CHANGE_IT = Workloads.LOST_UPDATE + "-change-it";
    public static final String PING_PONG = Workloads.PING_PONG;
    /** The GIL timeline step: run once in round 1, into {@code gil-timeline/}. */
    public static final String GIL_TIMELINE = "gil-timeline";

    /** The CPU-bound sweeps: every lesson that reads the scaling curves needs them. */
    public static final List<String> CPU_BOUND = List.of(PRIME_CHECK, COUNT_LOOP, RANGE_SUM_COMPUTE,
            RANGE_SUM_END_TO_END, RANGE_SUM_STREAMED);

    /** CPython's cells of the CPU-bound sweeps. */
    public static final List<String> CPYTHON_CPU_BOUND = List.of(Workloads.CPYTHON_PRIME_CHECK,
            Workloads.CPYTHON_COUNT_LOOP);

    /** Every name a lesson may list: the runner's plan entries, the timeline step, the CPython cells. */
    public static final List<String> ALL;

    private static final List<String> CORE = List.of(PRIME_CHECK, COUNT_LOOP, RANGE_SUM_COMPUTE, RANGE_SUM_END_TO_END,
            RANGE_SUM_STREAMED, SLEEP_IO, GIL_CONVOY, PROCESS_START, GIL_SWEEP_CPU, GIL_SWEEP_WAKE_UP,
            LOST_UPDATE_BANK, LOST_UPDATE_BANK_LOCK, LOST_UPDATE_CHANGE_IT, PING_PONG, GIL_TIMELINE,
            Workloads.CPYTHON_PRIME_CHECK, Workloads.CPYTHON_COUNT_LOOP, Workloads.CPYTHON_SLEEP_IO,
            Workloads.CPYTHON_CONVOY, Workloads.CPYTHON_BANK, Workloads.CPYTHON_CHANGE_IT, Workloads.CPYTHON_PING_PONG);

    static {
        // This round's groups (issues 20-22), each in its own file.
        ALL = java.util.stream.Stream.of(CORE, ProcessLessons.PLAN_ENTRIES, ThreadLessons.PLAN_ENTRIES,
                DistributedLessons.PLAN_ENTRIES).flatMap(List::stream).toList();
    }

    private PlanEntries() {
    }

    /** {@code a} then {@code b}, for lessons that read the CPU-bound sweeps and more. */
    static List<String> plus(List<String> a, String... b) {
        return java.util.stream.Stream.concat(a.stream(), java.util.Arrays.stream(b)).toList();
    }
}

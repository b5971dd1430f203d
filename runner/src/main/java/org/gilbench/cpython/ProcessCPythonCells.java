package org.gilbench.cpython;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gilbench.model.Model;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.lesson.ProcessLessons;
import org.gilbench.workload.OwnCopies;
import org.gilbench.workload.PoolWaves;
import org.gilbench.workload.QueueWriterReader;
import org.gilbench.workload.SharedMemory;

/**
 * The CPython cells beside the process experiments (queues between processes, shared memory, start-up, own
 * copies, pool waves, seed 001's range sum) (issue 21), added to {@link CPythonPlan}'s cells; each runs one
 * configuration of a program in {@code cpython/} through {@code cpython/gilbench_process.py} ({@link #SCRIPT}),
 * which starts the program in an interpreter of its own (a spawn child imports the program, not the harness).
 *
 * <p>Shown beside the Java cells in lessons 2, 10, 11 and 12, never judged. Every answer is exact and checked by
 * the program in every operation (the child's n + 1, every message's sequence and CRC, the counts, the waves, the
 * total), so few operations do: the quick profile's share is ~11 s a round (2 rounds), measured here on the
 * 2-core VM with CPython 3.11.7 (wall time of one cell, interpreter starts included): process-start fork 0.2 s,
 * spawn 0.9 s (~65 ms a start), forkserver 0.3 s; each queue cell 0.2-0.5 s; the shared counter 0.35 s;
 * own copies 0.2-0.3 s (2 ms steps); the pool 0.4 / 1.1 / 0.7 s; each range-sum 0.4 s (10^6 numbers).
 * The start method is the seeds' {@code fork} (their macOS Pythons before 3.8 forked; 3.14 defaults to
 * forkserver) wherever a program takes one.
 */
final class ProcessCPythonCells {

    private ProcessCPythonCells() {
    }

    /** The driver of these cells, beside {@code gilbench_cpython.py}. */
    static final String SCRIPT = "gilbench_process.py";

    static final String PROCESS_START = Workloads.PROCESS_START;
    static final String RANGE_SUM = ProcessLessons.CPYTHON_RANGE_SUM;
    static final Set<String> EXPERIMENTS = Set.of(PROCESS_START, QueueWriterReader.NAME, SharedMemory.NAME,
            OwnCopies.NAME, PoolWaves.NAME, RANGE_SUM);

    /** The programs stop multiprocessing's forkserver and resource tracker before their end check: 3.8 and later. */
    static final int MIN_MINOR = 8;

    /** The second interpreter of every cell: the driver starts the program afresh (~50 ms here). */
    static final double DRIVER_SECONDS = 0.05;

    private static final String PROCESSES = "cpython-processes";
    private static final String THREADS = "cpython-threads";
    private static final String FORK = "fork";

    /** Process starts measured per cell: a median and an interval within the fork; each start is checked. */
    static final int STARTS = 10;
    /** Seed 001's N scaled to 10^6 (the seed's 10^8 list takes ~5 GB and ~10 s to build): 16 ms serially here. */
    static final String RANGE_N = "1000000";
    /** Own copies: 2 ms a step, not the seeds' 10 (the counts do not depend on it; 5x less time). */
    static final String STEP_MILLIS = "2";
    /** The shared counter: 4 x 10^4 increments lose thousands without the lock here (CPython: ~1 µs each). */
    static final String INCREMENTS = "10000";

    /** Adds this group's cells for one interpreter ({@code full}: the full profile). */
    static void add(CPythonPlan.Builder b, Python python, int cores, boolean full) {
        if (python.isPython2() || (python.major() == 3 && python.minor() < MIN_MINOR) || !python.gilEnabled()) {
            return;
        }
        int ops = b.ops();
        // Lessons 2 and 12, the start-up table: one start, one answer, one exit per operation.
        for (String method : List.of("os-fork", FORK, "spawn", "forkserver", ProcessLessons.SUBPROCESS)) {
            double start = method.equals("spawn") ? 0.07 : 0.01;
            cell(b, PROCESS_START, 2, STARTS, start, PROCESSES, 1, "method", method);
        }
        // Lesson 11: 2,000 messages of 1 KiB (16 of 1 MiB) per batch, one writer; the pipes' round trips at 1 KiB.
        for (String payload : List.of(String.valueOf(ProcessLessons.VERDICT_PAYLOAD), String.valueOf(ProcessLessons.LARGE_PAYLOAD))) {
            cell(b, QueueWriterReader.NAME, 1, 3, 0.06, THREADS, 1, "channel", QueueWriterReader.THREAD_QUEUE, "payload", payload);
            cell(b, QueueWriterReader.NAME, 1, 3, 0.06, PROCESSES, 1, "channel", QueueWriterReader.PROCESS_QUEUE, "payload", payload);
        }
        String kib = String.valueOf(ProcessLessons.VERDICT_PAYLOAD);
        // 2,000 round trips: ~80-90 µs each in CPython, threads or a process.
        cell(b, QueueWriterReader.NAME, 1, 3, 0.18, THREADS, 1, "channel", QueueWriterReader.THREAD_PIPE, "payload", kib);
        cell(b, QueueWriterReader.NAME, 1, 3, 0.18, PROCESSES, 1, "channel", QueueWriterReader.PROCESS_PIPE, "payload", kib);
        // Lesson 10: the Value without and with get_lock(), 4 processes (the seeds' Pool(4)).
        for (String locking : List.of("none", "lock")) {
            cell(b, SharedMemory.NAME, 1, ops, 0.08, PROCESSES, 4, "locking", locking, "increments", INCREMENTS,
                    "startMethod", FORK);
        }
        // Lesson 10: Ping and Pong count a global to 50; nums.pop(0) in two parties and the parent.
        for (String model : List.of(THREADS, PROCESSES)) {
            cell(b, OwnCopies.NAME, 0, ops, 0.12, model, 2, "program", "counting", "limit", "50", "millis", STEP_MILLIS,
                    "startMethod", FORK);
            cell(b, OwnCopies.NAME, 0, ops, 0.15, model, 2, "program", "popping", "millis", STEP_MILLIS, "startMethod", FORK);
        }
        // Lesson 12: Pool(4), one seed second = 50 ms as the Java cells: apply_async (3 waves), apply (10), random.
        String scale = "50";
        cell(b, PoolWaves.NAME, 0, ops, 0.2, PROCESSES, 4, "experiment", "apply-async", "millisPerSeedSecond", scale);
        cell(b, PoolWaves.NAME, 0, ops, 0.55, PROCESSES, 4, "experiment", "apply", "millisPerSeedSecond", scale);
        cell(b, PoolWaves.NAME, 0, ops, 0.3, PROCESSES, 4, "experiment", "random", "millisPerSeedSecond", scale);
        // Lesson 2: seed 001's sum serial (range_sum.py's mode named as the model), in 8 processes over list slices, and over a RawArray (shared).
        double setup = 0.2; // building the list and the RawArray, outside the clocks, once per cell
        cell(b, RANGE_SUM, 1, 3, 0.03 + setup / 4, "cpython-serial", 1, "mode", Model.SERIAL_NAME, "n", RANGE_N);
        cell(b, RANGE_SUM, 1, 3, 0.08 + setup / 4, PROCESSES, 8, "mode", "processes", "n", RANGE_N, "startMethod", FORK);
        cell(b, RANGE_SUM, 1, 3, 0.05 + setup / 4, PROCESSES, 8, "mode", "shared", "n", RANGE_N, "startMethod", FORK);
    }

    private static void cell(CPythonPlan.Builder b, String experiment, int warmup, int ops, double opSeconds,
                             String model, int workers, String... keyValues) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("model", model);
        params.put("workers", Integer.toString(workers));
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        b.cells().add(new CPythonCell(experiment, params, warmup, ops,
                CPythonPlan.START_SECONDS + DRIVER_SECONDS + (warmup + ops) * opSeconds));
    }
}

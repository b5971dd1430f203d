package org.gilbench.report.lesson;

import java.util.List;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.workload.OwnCopies;
import org.gilbench.workload.PoolWaves;
import org.gilbench.workload.QueueWriterReader;
import org.gilbench.workload.SharedMemory;

/**
 * The lessons of the process experiments (queues between processes, shared memory, start-up, own copies, pool waves) (issue 21), a part of {@link Lessons#ALL}, and the names of their plan
 * entries (the runner's entries use these constants).
 */
public final class ProcessLessons {

    private ProcessLessons() {
    }

    /** Queue-writer-reader at 1 KiB: thread-queue against process-queue, every round (the verdict's cells). */
    public static final String QUEUE_WRITER_READER = "queue-writer-reader";
    /** The same channels at 1 MiB, and the duplex pipes at 1 KiB (seed 004's Pipe): round 1 only in quick. */
    public static final String QUEUE_WRITER_READER_SIZES = "queue-writer-reader-sizes";
    /** Seed 000's Ping and Pong counting a "global": thread-pool against forked-process, every round. */
    public static final String FORK_COPIES_GLOBALS = "fork-copies-globals";
    /** Seed 000's nums.pop(0) in two parties and the parent: round 1 only in quick. */
    public static final String FORK_COPIES_POP = "fork-copies-globals-pop";
    /** A counter in shared memory, without and with its lock (Value / get_lock), child JVMs. */
    public static final String SHARED_MEMORY_COUNTER = "shared-memory-counter";
    /** Seed 001's range-sum over shared memory, serial and forked-process (quick: 10^7 longs; full: the seed's 10^8). */
    public static final String SHARED_MEMORY_RANGE_SUM = "shared-memory-range-sum";
    /** The same slices shipped to the child JVMs, beside it (round 1 only in quick, as the shared one). */
    public static final String SHIPPED_RANGE_SUM = "shipped-range-sum";
    /** Popen(...).communicate(): a native program's start, beside the child JVM's (process-start). */
    public static final String SUBPROCESS = "subprocess";
    /** Seed 004's Pool(4): apply_async against apply, every round. */
    public static final String POOL_WAVES = "pool-waves";
    /** The same 10 sleeps, one blocking apply() after another, every round. */
    public static final String POOL_WAVES_APPLY = "pool-waves-apply";
    /** Seed 002's 5 random sleeps through Pool(4): round 1 only in quick. */
    public static final String POOL_WAVES_RANDOM = "pool-waves-random";

    /**
     * Seed 001's range_sum.py in CPython (serial, 8 processes over list slices, 8 over a RawArray): its own name,
     * not range-sum's, so the CPU-bound analysis does not take it for a scaling curve.
     */
    public static final String CPYTHON_RANGE_SUM = "range-sum-processes";

    /** The verdict's message size, bytes: 1 KiB, where the fixed cost per message shows, not the copy. */
    public static final int VERDICT_PAYLOAD = 1024;
    /** The large message, bytes: 1 MiB, where the copies through the kernel dominate. */
    public static final int LARGE_PAYLOAD = 1 << 20;

    /** JMH benchmarks of these entries (the report finds the cells by them). */
    static final String QWR_BENCH = "QueueWriterReaderBenchmark.batch";
    static final String COUNTING_BENCH = "OwnCopiesBenchmark.counting";
    static final String POPPING_BENCH = "OwnCopiesBenchmark.popping";
    static final String COUNTER_BENCH = "SharedMemoryBenchmark.sharedCounter";
    static final String SHARED_SUM_BENCH = "SharedMemoryBenchmark.rangeSumShared";
    static final String SHIPPED_SUM_BENCH = "SharedMemoryBenchmark.rangeSumShipped";
    static final String SUBPROCESS_BENCH = "SubprocessBenchmark.popenCommunicate";
    static final String APPLY_ASYNC_BENCH = "PoolWavesBenchmark.applyAsync";
    static final String APPLY_BENCH = "PoolWavesBenchmark.apply";
    static final String RANDOM_BENCH = "PoolWavesBenchmark.randomSleeps";
    static final String PROCESS_START_BENCH = Workloads.PROCESS_START_BENCH;

    /** The CPython cells beside these entries (cpython/gilbench_process.py runs the programs): shown, not judged. */
    static final String CPY_PROCESS_START = Workloads.CPYTHON_PREFIX + Workloads.PROCESS_START;
    static final String CPY_QUEUES = Workloads.CPYTHON_PREFIX + QueueWriterReader.NAME;
    static final String CPY_SHARED_MEMORY = Workloads.CPYTHON_PREFIX + SharedMemory.NAME;
    static final String CPY_OWN_COPIES = Workloads.CPYTHON_PREFIX + OwnCopies.NAME;
    static final String CPY_POOL_WAVES = Workloads.CPYTHON_PREFIX + PoolWaves.NAME;
    static final String CPY_RANGE_SUM = Workloads.CPYTHON_PREFIX + CPYTHON_RANGE_SUM;

    /** This group's lessons, in report order. */
    static final List<Lesson> ALL = List.of(new OwnCopiesLesson(), new ProcessMessagesLesson(), new PoolWavesLesson());

    /** This group's plan-entry names, for {@link PlanEntries#ALL}. */
    public static final List<String> PLAN_ENTRIES = List.of(QUEUE_WRITER_READER, QUEUE_WRITER_READER_SIZES,
            FORK_COPIES_GLOBALS, FORK_COPIES_POP, SHARED_MEMORY_COUNTER, SHARED_MEMORY_RANGE_SUM, SHIPPED_RANGE_SUM, SUBPROCESS,
            POOL_WAVES, POOL_WAVES_APPLY, POOL_WAVES_RANDOM, CPY_PROCESS_START, CPY_QUEUES, CPY_SHARED_MEMORY,
            CPY_OWN_COPIES, CPY_POOL_WAVES, CPY_RANGE_SUM);
}

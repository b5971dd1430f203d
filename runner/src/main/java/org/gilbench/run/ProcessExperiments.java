package org.gilbench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gilbench.model.Model;
import org.gilbench.report.lesson.ProcessLessons;
import org.gilbench.run.Cell.Iterations;
import org.gilbench.run.Experiment.Listed;
import org.gilbench.workload.OwnCopies;
import org.gilbench.workload.PoolWaves;
import org.gilbench.workload.QueueWriterReader;
import org.gilbench.workload.SharedMemory;

/**
 * The plan entries of the process experiments (queues between processes, shared memory, start-up, own copies, pool waves) (issue 21), a part of {@link Experiments#ALL}. Their names are the
 * plan-entry constants of the reports' lessons that read them, spelled once.
 *
 * <p>Budget (quick profile, all of this group's cells, fork starts included): 75 s. Each verdict rests on
 * cells measured in rounds 1 and 2 ({@code quickRounds} 2: two forks, the least a verdict accepts);
 * what is only shown is measured in round 1. Answers that are exact (counts, waves, exactly-once
 * messages) need few operations: every operation is checked in full, so 2 measured operations per fork
 * are enough, the time being incidental (the pool waves' and the queue's time is the verdict's, and
 * 2 forks x 2-3 operations give its interval). Selected by {@code --workloads} with the names in
 * {@link #SELECTORS}; every entry also needs {@code forked-process} among the models.
 */
final class ProcessExperiments {

    private ProcessExperiments() {
    }

    private static final String BENCH = "org.gilbench.bench.";

    /** The names {@code --workloads} accepts for this group's entries (none is a task-list workload). */
    static final List<String> SELECTORS = List.of(QueueWriterReader.NAME, OwnCopies.NAME, SharedMemory.NAME,
            ProcessLessons.SUBPROCESS, PoolWaves.NAME);

    /** The verdicts' cells: rounds 1 and 2 in quick (two forks), every round in full. */
    private static final int VERDICT_ROUNDS = 2;
    /** What is only shown: round 1 in quick. */
    private static final int SHOWN_ROUNDS = 1;

    /** A batch of 2,000 1 KiB messages is ~3-30 ms; 3 measured give a fork's median. */
    private static final Iterations QUEUE_QUICK = Iterations.singleShot(1, 3);
    private static final Iterations QUEUE_FULL = Iterations.singleShot(2, 5);
    /** Exact answers (counts, waves): 2 operations per fork, each checked in full. */
    private static final Iterations EXACT_QUICK = Iterations.singleShot(0, 2);
    private static final Iterations EXACT_FULL = Iterations.singleShot(1, 5);
    /**
     * The pool's waves: the first operation of a fork also starts the pool's child JVMs, ~250-300 ms apart, so
     * its tasks start in the order the children come up, not in the seeds' waves (a quick run measured 3, 4
     * waves where 3 are expected, the 4 from first operations of 437-1,066 ms against 157-520 ms after). One
     * warm-up lets the measured operations see a started pool, as the seeds' {@code Pool(4)} is before
     * {@code apply_async}; the pool's start is lesson 12's start-up table.
     */
    private static final Iterations POOL_QUICK = Iterations.singleShot(1, 2);
    /** The shared counter: the first operation starts the child JVMs' JIT; 2 measured. */
    private static final Iterations COUNTER_QUICK = Iterations.singleShot(1, 2);
    /** The range sums: 2 warm-ups (the children's JIT), 3 measured; an exact total checked every operation. */
    private static final Iterations RANGE_SUM_QUICK = Iterations.singleShot(2, 3);
    /** Seed 001's n scaled by 1/10 in quick (80 MB of longs), the seed's 10^8 in full (800 MB). */
    static final String RANGE_SUM_N_QUICK = "10000000";
    static final String RANGE_SUM_N_FULL = "100000000";
    /** Popen().communicate() lasts ~1-3 ms: one timed second holds hundreds. */
    private static final Iterations SUBPROCESS_QUICK = Iterations.timed(1, 1, 1);
    private static final Iterations SUBPROCESS_FULL = Iterations.timed(2, 3, 1);

    /** The message sizes: the lesson's (1 KiB, the verdict's) and 1 MiB. */
    static final String VERDICT_PAYLOAD = String.valueOf(ProcessLessons.VERDICT_PAYLOAD);
    static final String LARGE_PAYLOAD = String.valueOf(ProcessLessons.LARGE_PAYLOAD);
    /** One seed second of the pools = 50 ms: 10x the pool's hand-over and a child's wake-up (~1-5 ms). */
    static final String MILLIS_PER_SEED_SECOND = "50";
    /** Child JVMs of the pool experiments: the seeds' Pool(4). */
    static final String POOL = "4";

    private static boolean processes(Selection s, String selector) {
        return s.hasWorkload(selector) && s.hasModel(Model.FORKED_PROCESS_NAME);
    }

    private static Map<String, String> p(String... nameValue) {
        return Cell.paramsOf(nameValue);
    }

    /** The models compared with forked-process where the lesson contrasts threads: thread-pool, if selected. */
    private static List<String> threadsAndProcesses(Selection s) {
        List<String> models = new ArrayList<>();
        if (s.hasModel(Model.THREAD_POOL_NAME)) {
            models.add(Model.THREAD_POOL_NAME);
        }
        models.add(Model.FORKED_PROCESS_NAME);
        return models;
    }

    /** serial at 1 worker and forked-process at 2 (the other process entries' count), the seed's 8 slices. */
    private static List<Map<String, String>> rangeSumCells(Selection s) {
        String n = s.profile() == Profile.FULL ? RANGE_SUM_N_FULL : RANGE_SUM_N_QUICK;
        List<Map<String, String>> out = new ArrayList<>();
        if (s.hasModel(Model.SERIAL_NAME)) {
            out.add(p("model", Model.SERIAL_NAME, "workers", "1", "n", n, "chunks", "8"));
        }
        out.add(p("model", Model.FORKED_PROCESS_NAME, "workers", "2", "n", n, "chunks", "8"));
        return out;
    }

    static final List<Experiment> ALL = List.of(
            // Lesson 5, messages: one reader checks every message of one writer, threads against child JVMs.
            new Listed(ProcessLessons.QUEUE_WRITER_READER, BENCH + "QueueWriterReaderBenchmark.batch",
                    "2,000 1 KiB messages, one writer, one reader: thread queue against a queue between child JVMs",
                    s -> processes(s, QueueWriterReader.NAME),
                    s -> List.of(QueueWriterReader.THREAD_QUEUE, QueueWriterReader.PROCESS_QUEUE).stream()
                            .map(c -> p("channel", c, "writers", "1", "payload", VERDICT_PAYLOAD)).toList(),
                    params -> 0.04, QUEUE_QUICK, QUEUE_FULL, VERDICT_ROUNDS, 0),
            // Shown beside it: 16 messages of 1 MiB, and the duplex pipes' round trips at 1 KiB (seed 004's Pipe).
            new Listed(ProcessLessons.QUEUE_WRITER_READER_SIZES, BENCH + "QueueWriterReaderBenchmark.batch",
                    "the same channels at 1 MiB, and round trips through a duplex pipe at 1 KiB",
                    s -> processes(s, QueueWriterReader.NAME),
                    s -> {
                        List<Map<String, String>> out = new ArrayList<>();
                        for (String c : List.of(QueueWriterReader.THREAD_QUEUE, QueueWriterReader.PROCESS_QUEUE)) {
                            out.add(p("channel", c, "writers", "1", "payload", LARGE_PAYLOAD));
                        }
                        for (String c : List.of(QueueWriterReader.THREAD_PIPE, QueueWriterReader.PROCESS_PIPE)) {
                            out.add(p("channel", c, "writers", "1", "payload", VERDICT_PAYLOAD));
                        }
                        if (s.profile() == Profile.FULL) {
                            for (String c : List.of(QueueWriterReader.THREAD_QUEUE, QueueWriterReader.PROCESS_QUEUE)) {
                                out.add(p("channel", c, "writers", "2", "payload", VERDICT_PAYLOAD));
                            }
                        }
                        return out;
                    },
                    params -> 0.05, QUEUE_QUICK, QUEUE_FULL, SHOWN_ROUNDS, 0),
            // Lesson 5, own copies: Ping and Pong count a "global" to 50 (10 ms a step): 100 steps in two
            // processes, 50 in two threads. 0.5 s an operation.
            new Listed(ProcessLessons.FORK_COPIES_GLOBALS, BENCH + "OwnCopiesBenchmark.counting",
                    "Ping and Pong count a global to 50: each child JVM its own copy (100 steps), threads one (50)",
                    s -> processes(s, OwnCopies.NAME),
                    s -> threadsAndProcesses(s).stream().map(m -> p("model", m, "workers", "2")).toList(),
                    params -> 0.55, EXACT_QUICK, EXACT_FULL, VERDICT_ROUNDS, 0),
            new Listed(ProcessLessons.FORK_COPIES_POP, BENCH + "OwnCopiesBenchmark.popping",
                    "nums = [20, 30, 40] popped by two parties and the parent: 20, 20, 20 in processes",
                    s -> processes(s, OwnCopies.NAME),
                    s -> threadsAndProcesses(s).stream().map(m -> p("model", m, "workers", "2")).toList(),
                    params -> 0.45, EXACT_QUICK, EXACT_FULL, SHOWN_ROUNDS, 0),
            // Lesson 5, shared memory: 4 child JVMs add 1 to one mapped counter 10^6 times each, without and with
            // the lock word (the answer: the count the parent reads back). ~50 / ~170 ms an operation.
            new Listed(ProcessLessons.SHARED_MEMORY_COUNTER, BENCH + "SharedMemoryBenchmark.sharedCounter",
                    "4 child JVMs x 10^6 increments of one counter in shared memory, without and with its lock",
                    s -> processes(s, SharedMemory.NAME),
                    s -> List.of("none", "lock").stream().map(l -> p("model", Model.FORKED_PROCESS_NAME, "workers", POOL,
                            "locking", l, "parties", POOL, "increments", "1000000")).toList(),
                    params -> 0.2, COUNTER_QUICK, EXACT_FULL, VERDICT_ROUNDS, 0),
            // Seed 001's 8 slices over numbers that exist before the clock, shared (the child JVMs map them) against
            // shipped (forked-process writes each slice through the pipe), serial beside each: 10^7 longs (80 MB) in
            // quick, the seed's 10^8 in full. Measured here at 10^7 (ms, warm): serial 7.5 / 4.4, forked-process at 2
            // workers 16 / 36 (shared / shipped); one fork ~2 s with its setup.
            new Listed(ProcessLessons.SHARED_MEMORY_RANGE_SUM, BENCH + "SharedMemoryBenchmark.rangeSumShared",
                    "sum 1..n in 8 slices over shared memory: serial and child JVMs (quick 10^7, full 10^8)",
                    s -> processes(s, SharedMemory.NAME), ProcessExperiments::rangeSumCells, params -> 0.05,
                    RANGE_SUM_QUICK, EXACT_FULL, SHOWN_ROUNDS, 0),
            new Listed(ProcessLessons.SHIPPED_RANGE_SUM, BENCH + "SharedMemoryBenchmark.rangeSumShipped",
                    "the same slices shipped to the child JVMs through their pipes (serial: the heap array)",
                    s -> processes(s, SharedMemory.NAME), ProcessExperiments::rangeSumCells, params -> 0.05,
                    RANGE_SUM_QUICK, EXACT_FULL, SHOWN_ROUNDS, 0),
            // Lesson 2's start-up table: Popen(['cat']).communicate(seed input), beside the child JVM's start.
            new Listed(ProcessLessons.SUBPROCESS, BENCH + "SubprocessBenchmark.popenCommunicate",
                    "Popen(...).communicate(): start a native program, read its output, reap it",
                    s -> processes(s, ProcessLessons.SUBPROCESS),
                    s -> (s.profile() == Profile.FULL ? List.of("true", "echo", "cat") : List.of("cat")).stream()
                            .map(prog -> p("program", prog)).toList(),
                    params -> 0, SUBPROCESS_QUICK, SUBPROCESS_FULL, SHOWN_ROUNDS, 0),
            // Lesson 2, pools: seed 004's 10 sleeps of one seed second through Pool(4), together (3 waves) or
            // one apply() at a time (10 waves). 0.15 / 0.5 s an operation.
            new Listed(ProcessLessons.POOL_WAVES, BENCH + "PoolWavesBenchmark.applyAsync",
                    "10 sleeps of a seed second through Pool(4) of child JVMs, all submitted (apply_async)",
                    s -> processes(s, PoolWaves.NAME),
                    s -> List.of(p("model", Model.FORKED_PROCESS_NAME, "workers", POOL, "millisPerSeedSecond",
                            MILLIS_PER_SEED_SECOND)), params -> 0.17, POOL_QUICK, EXACT_FULL, VERDICT_ROUNDS, 0),
            new Listed(ProcessLessons.POOL_WAVES_APPLY, BENCH + "PoolWavesBenchmark.apply",
                    "the same 10 sleeps, one blocking apply() after another",
                    s -> processes(s, PoolWaves.NAME),
                    s -> List.of(p("model", Model.FORKED_PROCESS_NAME, "workers", POOL, "millisPerSeedSecond",
                            MILLIS_PER_SEED_SECOND)), params -> 0.55, POOL_QUICK, EXACT_FULL, VERDICT_ROUNDS, 0),
            new Listed(ProcessLessons.POOL_WAVES_RANDOM, BENCH + "PoolWavesBenchmark.randomSleeps",
                    "seed 002's 5 sleeps of random() x 3 seed seconds through Pool(4): 4 at once, the 5th after",
                    s -> processes(s, PoolWaves.NAME),
                    s -> List.of(p("model", Model.FORKED_PROCESS_NAME, "workers", POOL, "millisPerSeedSecond",
                            MILLIS_PER_SEED_SECOND)), params -> 0.2, POOL_QUICK, EXACT_FULL, SHOWN_ROUNDS, 0));
}

package org.gilbench.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.PoolWaves;
import org.gilbench.workload.Task;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code pool-waves} (seeds 002:121-177, 004:147-202; {@link PoolWaves}): sleeping tasks through a pool
 * of {@code workers} (the seeds' {@code Pool(4)}), one seed second = {@code millisPerSeedSecond} ms
 * (default 100). Each task records its start and end on the machine's monotonic clock, child JVMs
 * included; the secondary metrics per operation are those offsets ({@code start0}..{@code end9}, ms after
 * the run began), {@code maxConcurrent}, {@code startedAtOnce} (tasks started before the first ended) and
 * {@code waves} (the longest chain of tasks each started after the previous ended).
 * <ul>
 *   <li>{@link #randomSleeps}: seed 002's 5 × {@code random.random() * 3} s through {@code apply_async}:
 *       4 start at once, the 5th when the first ends — 2 waves; wall ≈ the seed's 2.05 s × scale.</li>
 *   <li>{@link #applyAsync} against {@link #apply} — compare: seed 004's 10 × {@code sleep(1)}, all
 *       submitted at once (3 waves of 4, 4, 2: ≈3 s × scale) or one {@code apply()} at a time, each waiting
 *       for its answer (10 waves, ≈10 s × scale: "like a single process").</li>
 * </ul>
 * Every operation checks each task's offsets (started after the run began, ended before it returned,
 * slept at least its time) and that no more than {@code workers} ran at once.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PoolWavesBenchmark -p model=thread-pool,forked-process -p workers=4
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class PoolWavesBenchmark extends ModelBenchmark {

    /** How long one of the seeds' seconds lasts here, ms: 100 = a tenth; 1000 = the seeds' own. */
    @Param({"100"})
    public int millisPerSeedSecond;

    /**
     * The timeline of one operation, as secondary metrics (ms after the run began; unused tasks 0). One
     * value per operation lands in the JSON's rawData (SingleShotTime: one operation per iteration); the
     * score JMH prints for such a counter is their sum over the iterations.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public double start0, start1, start2, start3, start4, start5, start6, start7, start8, start9;
        public double end0, end1, end2, end3, end4, end5, end6, end7, end8, end9;
        public long maxConcurrent;
        public long startedAtOnce;
        public long waves;

        @Setup(Level.Iteration)
        public void clear() {
            record(new PoolWaves.Timeline(new double[0], new double[0], 0, 0));
        }

        void record(PoolWaves.Timeline t) {
            double[] s = new double[10];
            double[] e = new double[10];
            System.arraycopy(t.startMs(), 0, s, 0, Math.min(10, t.startMs().length));
            System.arraycopy(t.endMs(), 0, e, 0, Math.min(10, t.endMs().length));
            start0 = s[0]; start1 = s[1]; start2 = s[2]; start3 = s[3]; start4 = s[4];
            start5 = s[5]; start6 = s[6]; start7 = s[7]; start8 = s[8]; start9 = s[9];
            end0 = e[0]; end1 = e[1]; end2 = e[2]; end3 = e[3]; end4 = e[4];
            end5 = e[5]; end6 = e[6]; end7 = e[7]; end8 = e[8]; end9 = e[9];
            maxConcurrent = t.maxConcurrent();
            startedAtOnce = t.startMs().length == 0 ? 0 : t.startedAtOnce();
            waves = t.waves();
        }
    }

    /** Seed 002: Pool(4), 5 x apply_async(long_time_task) of random() * 3 seed seconds. */
    @Benchmark
    public long randomSleeps(Outcome outcome) throws Exception {
        PoolWaves run = PoolWaves.random(PoolWaves.SEED_RANDOM_TASKS, PoolWaves.SEED_RANDOM_MAX_SECONDS, millisPerSeedSecond);
        return record(run, executionModel.run(run.tasks()), outcome);
    }

    // Compare: the same 10 sleeps, submitted together or one blocking apply() after another.

    /** Seed 004: Pool(4), 10 x apply_async(task) of sleep(1): the pool runs 4 at a time. */
    @Benchmark
    public long applyAsync(Outcome outcome) throws Exception {
        PoolWaves run = PoolWaves.fixed(PoolWaves.SEED_FIXED_TASKS, PoolWaves.SEED_FIXED_SECONDS, millisPerSeedSecond);
        return record(run, executionModel.run(run.tasks()), outcome);
    }

    /** Seed 004's apply(): each call waits for its task's answer before the next is submitted. */
    @Benchmark
    public long apply(Outcome outcome) throws Exception {
        PoolWaves run = PoolWaves.fixed(PoolWaves.SEED_FIXED_TASKS, PoolWaves.SEED_FIXED_SECONDS, millisPerSeedSecond);
        List<Task> tasks = run.tasks();
        long[] results = new long[tasks.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = executionModel.run(List.of(tasks.get(i)))[0];
        }
        long waves = record(run, results, outcome);
        if (outcome.maxConcurrent != 1) {
            throw new IllegalStateException("pool-waves: apply() ran " + outcome.maxConcurrent + " tasks at once");
        }
        return waves;
    }

    private long record(PoolWaves run, long[] results, Outcome outcome) {
        run.verify(results);
        PoolWaves.Timeline timeline = PoolWaves.timeline(results);
        timeline.requireAtMost(workers, model);
        outcome.record(timeline);
        return timeline.waves();
    }
}

package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.CountLoop;
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
 * {@code count-loop}: seed 003's {@code calc()} ({@code sum += 1} in a loop) run as 4 tasks — serially,
 * in threads, in processes. The seed's point: threads ≈ serial under the GIL, processes ≈ serial / cores.
 *
 * <p>Why 100 million iterations per task, not the seed's 10 million: one iteration costs ~2 ns here
 * (one xorshift step, see {@link CountLoop}), so 10 million last ~20 ms, a handful of 5 ms GIL switch
 * intervals, and tasks should last many intervals (../shared/notes/gil.md). At 100 million a task lasts
 * ~0.2 s, ~40 intervals; 4 tasks ~0.8 s serial.
 *
 * <p>Expect: thread-pool, virtual-thread, forked-process ≈ min(tasks, workers, cores)x; gil-emulated ≈ 1x at
 * ~100% CPU for any workers.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CountLoopBenchmark -p model=gil-emulated -p workers=1,2,4 \
 *     -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class CountLoopBenchmark extends ModelBenchmark {

    /** calc() calls: the seed's 4 (its concurrent.futures variant uses 3). */
    @Param({"4"})
    public int tasks;

    /** Iterations per calc() call; see the class comment for why not the seed's 10 million. */
    @Param({"100000000"})
    public long iterations;

    private CountLoop workload;

    @Setup(Level.Trial)
    public void buildWorkload() {
        workload = new CountLoop(tasks, iterations);
    }

    /** Every calc() counted to the end; returns tasks x iterations after verifying each count. */
    @Benchmark
    public long countLoop() throws Exception {
        return Verified.run(executionModel, workload);
    }
}

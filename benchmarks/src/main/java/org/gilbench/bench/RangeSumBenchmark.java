package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.RangeSum;
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
 * {@code range-sum}: seed 001's sum of 1..100,000,000 in 8 slices, in the three views the seed's two
 * timings call for. The seed's author built {@code number_list} first and timed only the summing
 * ("about 6 s" serial, "under 1 s" in 8 processes), leaving creation and slicing out "for fairness".
 *
 * <ul>
 *   <li>{@link #computeOnly}: the slices of an array materialised once, in trial setup (800 MB for
 *       N = 1e8). Threads share it; forked-process must still ship each slice to its child on every
 *       run, because a child JVM cannot see the parent's heap;</li>
 *   <li>{@link #endToEnd}: creating the array (page faults and filling, ~0.1–0.5 s) is part of every
 *       operation, then the same slices are summed (and, for forked-process, shipped);</li>
 *   <li>{@link #streamed}: each task sums its range of numbers by counting; no data exists, nothing is
 *       shipped, so this is the pure-CPU reference.</li>
 * </ul>
 *
 * <p>Expect: summing an existing array is memory-bound (~35 ms serial, ~1.5x on 2 threads here);
 * end to end, creation dominates and the speedup shrinks; forked-process is slower than serial once it
 * ships 800 MB (the seed's multiprocessing lesson: copying dominates). Streamed scales like prime-check.
 * The fork gets a fixed 3 GB heap ({@code -Xms3g -Xmx3g}): the 800 MB array plus the one end to end
 * is building fit without a full-GC storm, and the heap is never grown during a run. {@link #endToEnd},
 * which allocates 800 MB per operation, also touches the whole heap at the fork's start
 * ({@code -XX:+AlwaysPreTouch}): with a growing heap ({@code -Xms2g -Xmx4g}, before) the GC sometimes
 * committed new regions during an operation and the kernel faulted them in page by page — end to end
 * under thread-pool x2 had one ~4.8 s operation among ~85 ms ones in two quick runs (measured: 606k minor
 * faults, 4.3 s of system time in that fork; steady with the fixed, pre-touched heap). The price is paid
 * once per fork, before the first operation: ~5 s on a quiet 2-core VM whose first touch of memory is
 * slow (and up to ~35 s on the same VM under load; a laptop touches 3 GB in well under a second).
 * {@link #computeOnly} and {@link #streamed} keep the fixed heap without the pre-touch: they allocate
 * once (or nothing), so no operation meets fresh memory. 3 GB still fits an 8 GB laptop.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'RangeSumBenchmark.(computeOnly|endToEnd)' \
 *     -p model=serial,thread-pool -p workers=1 -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class RangeSumBenchmark extends ModelBenchmark {

    /** The seed's N: the answer is n(n+1)/2 = 5000000050000000. */
    @Param({"100000000"})
    public long n;

    /** The seed's 8 slices (12,500,000 numbers each); one task per slice. */
    @Param({"8"})
    public int chunks;

    private RangeSum streamedWorkload;

    /** The array of 1..n, built once per trial, only for {@link #computeOnly}. */
    @State(Scope.Benchmark)
    public static class Materialised {
        RangeSum workload;

        @Setup(Level.Trial)
        public void materialise(RangeSumBenchmark bench) {
            workload = RangeSum.materialised(bench.n, bench.chunks);
        }
    }

    @Setup(Level.Trial)
    public void buildWorkload() {
        streamedWorkload = RangeSum.streamed(n, chunks);
    }

    // Compare the three views: same slices, same answer; only what the operation includes differs.

    /** Sums the slices of the array built in setup. */
    @Benchmark
    public long computeOnly(Materialised data) throws Exception {
        return checkedTotal(data.workload);
    }

    /** Builds the array of 1..n, then sums its slices: the seed's whole program, not its timed part. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
    public long endToEnd() throws Exception {
        return checkedTotal(RangeSum.materialised(n, chunks));
    }

    /** Sums the ranges by counting: no data to build or ship. */
    @Benchmark
    public long streamed() throws Exception {
        return checkedTotal(streamedWorkload);
    }

    /** Runs and verifies every slice, then checks the partial sums add up to n(n+1)/2. */
    private long checkedTotal(RangeSum workload) throws Exception {
        long total = Verified.run(executionModel, workload);
        if (total != workload.expectedTotal()) {
            throw new IllegalStateException("range-sum: total " + total + " != " + workload.expectedTotal());
        }
        return total;
    }
}

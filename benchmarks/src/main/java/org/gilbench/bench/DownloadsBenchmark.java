package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.Downloads;
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
 * {@code downloads}: seeds 000 and 001 as they run them — three downloads of {@code randint(3, 6)} s, at
 * 1/20 scale ({@code millisPerSecond} = 50). The seed published serial <b>14.018 s</b> (3, 5, 6 s) and
 * three threads <b>6.004 s</b>; at 1/20 that is 700.9 and 300.2 ms.
 *
 * <p>Expect: {@code serial} the sum (700 ms), {@code thread-pool} / {@code virtual-thread} /
 * {@code gil-emulated} / {@code event-loop} with 3 workers the longest (300 ms), {@code forked-process}
 * with {@code start=per-task} the longest plus one child JVM's start (~50 ms), with a warm pool the
 * longest. {@code sumMillis} and {@code longestMillis} (secondary metrics) are the two bounds.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DownloadsBenchmark -p model=serial -p workers=1
 * java -jar benchmarks/target/benchmarks.jar DownloadsBenchmark -p model=thread-pool,gil-emulated -p workers=3
 * java -jar benchmarks/target/benchmarks.jar DownloadsBenchmark -p model=forked-process -p workers=3 -p options=start=per-task
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class DownloadsBenchmark extends ModelBenchmark {

    /** {@code published} (the seed's 3, 5, 6 s) or {@code drawn} ({@code randint(3, 6)}, fixed seed). */
    @Param({"published"})
    public String draws;

    /** The scale: ms per seed second (50 = 1/20; 1000 runs the seed's own seconds). */
    @Param({"50"})
    public long millisPerSecond;

    private Downloads workload;

    /** The bounds, as secondary metrics: serial is the sum, threads the longest. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Bounds {
        public long sumMillis;
        public long longestMillis;
    }

    @Setup(Level.Trial)
    public void buildWorkload() {
        workload = Downloads.of(Downloads.Draws.named(draws), millisPerSecond);
    }

    /** The three downloads, each verified to have slept its time. */
    @Benchmark
    public long downloads(Bounds bounds) throws Exception {
        bounds.sumMillis = workload.sumMillis();
        bounds.longestMillis = workload.longestMillis();
        return Verified.run(executionModel, workload);
    }
}

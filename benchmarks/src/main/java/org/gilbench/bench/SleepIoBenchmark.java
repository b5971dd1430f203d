package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.SleepIo;
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
 * {@code sleep-io}: the seeds' "downloads" ({@code time.sleep}) — {@code tasks} concurrent sleeps of
 * {@code millis} ms each. A sleeping task holds no CPU and, under the GIL, releases it: the lesson that
 * threads (and the GIL-emulated ones) overlap blocking I/O.
 *
 * <p>Expect: a model that runs k tasks at once takes about ceil(tasks / k) x millis (seed 004's Pool(4)
 * running 10 x sleep(1): 3 waves, ~3 s). serial is tasks x millis; virtual-thread with workers >= tasks
 * is ~millis plus ~1–6 µs per task to create and park a thread, up to a million tasks; a fixed pool of
 * platform threads stops scaling at its size, and one platform thread per task fails near the kernel's
 * thread limit (~32k here). CPU stays near 0% except for thread creation. Each operation checks that
 * every task really slept its time.
 *
 * <p>Cells whose ceil(tasks / k) x millis would be long (a pool of 16 through 100,000 x 100 ms takes 625
 * s) are not run: {@code run-bench.sh} leaves them out and says so. The fork gets up to 4 GB of heap: a
 * million parked virtual threads need ~1 GB.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SleepIoBenchmark -p model=virtual-thread -p workers=1000000 \
 *     -p tasks=1000,100000,1000000 -p millis=100 -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class SleepIoBenchmark extends ModelBenchmark {

    /** Concurrent "downloads" (the seed's 8-ish by default; run-bench.sh sweeps up to 1,000,000). */
    @Param({"8"})
    public int tasks;

    /** The duration of each sleep, in ms. */
    @Param({"100"})
    public long millis;

    private SleepIo workload;

    @Setup(Level.Trial)
    public void buildWorkload() {
        workload = SleepIo.fixed(tasks, millis);
    }

    /** Every task slept (at least) its time; returns the total planned sleep in ms. */
    @Benchmark
    public long sleepIo() throws Exception {
        return Verified.run(executionModel, workload);
    }
}

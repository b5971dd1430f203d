package org.gilbench.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The switch-interval sweep ({@code sys.setswitchinterval}): what the interval costs CPU-bound threads
 * and what it costs a sleeping thread beside one.
 *
 * <ul>
 *   <li>{@code cpuBound}: 4 count-loop tasks of 10^7 iterations (~25 ms each here) on {@code gil-emulated}
 *       with {@code threads} = 1 or 2 workers. The report's figure is throughput of 2 threads relative to
 *       1 = score(threads=1) / score(threads=2) at each interval. CPython 3.11 on 2 cores
 *       (../shared/notes/gil.md): 0.88 / 0.93 / 1.00 / 0.93 at 0.2 / 1 / 5 / 20 ms (3,013 / 839 / 195 /
 *       54 switches/s; {@code -prof org.gilbench.bench.ModelProfiler} gives the switches).</li>
 *   <li>{@code wakeUp}: {@link GilBenchmark}'s convoy step (1 ms sleep, then take the GIL back) beside
 *       one CPU-bound competitor; lateness = score - 1 ms. CPython 3.11: 0.42 / 1.23 / 5.28 / 20.3 ms at
 *       0.2 / 1 / 5 / 20 ms.</li>
 * </ul>
 * Quick profile: {@code intervalUs} 200, 1000, 5000 (the defaults here); full: add 100, 2000, 10000,
 * 20000. Each cell lasts ~3 s. The 20 ms cell needs tasks of several intervals to mean anything: at
 * 20 ms a 25 ms task is barely one slice (docs/gil.md, "time scale").
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GilSweepBenchmark -prof org.gilbench.bench.ModelProfiler
 * java -jar benchmarks/target/benchmarks.jar GilSweepBenchmark -p intervalUs=100,200,1000,2000,5000,10000,20000
 * </pre>
 */
@Fork(1)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GilSweepBenchmark {

    /** The CPU-bound half: the model, opened once per trial. */
    @State(Scope.Benchmark)
    public static class Cpu {
        /** {@code sys.setswitchinterval}, in µs. */
        @Param({"200", "1000", "5000"})
        public long intervalUs;

        /** GIL worker threads: 1 is the baseline, 2 the pair that takes turns. */
        @Param({"1", "2"})
        public int threads;

        ExecutionModel model;
        final CountLoop work = new CountLoop(4, 10_000_000L);

        @Setup(Level.Trial)
        public void open() {
            model = Model.GIL_EMULATED.open(ModelSpec.parse(threads, "interval-us=" + intervalUs));
        }

        @TearDown(Level.Trial)
        public void close() {
            model.close();
        }
    }

    /** The wake-up half: {@link GilBenchmark}'s fixture with one competitor and this interval. */
    @State(Scope.Benchmark)
    public static class Sleeper {
        /** {@code sys.setswitchinterval}, in µs. */
        @Param({"200", "1000", "5000"})
        public long intervalUs;

        final GilBenchmark convoy = new GilBenchmark();

        @Setup(Level.Trial)
        public void open() {
            convoy.competitors = 1;
            convoy.options = "interval-us=" + intervalUs;
            convoy.open();
        }

        @Setup(Level.Iteration)
        public void attach() {
            convoy.attach();
        }

        @TearDown(Level.Iteration)
        public void detach() {
            convoy.detach();
        }

        @TearDown(Level.Trial)
        public void close() throws InterruptedException {
            convoy.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public long cpuBound(Cpu s) throws ExecutionException, InterruptedException {
        return Verified.run(s.model, s.work);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Warmup(iterations = 1, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    public long wakeUp(Sleeper s) throws InterruptedException {
        return s.convoy.wakeUp();
    }
}

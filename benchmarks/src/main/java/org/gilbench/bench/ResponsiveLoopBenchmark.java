package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.ResponsiveLoop;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code responsive-loop} (seed 001:276-361's tkinter window, headless): a loop ticking every 16 ms while a
 * CPU-bound job clicked at frame 5 runs on the loop's own thread, in another thread without a GIL, in
 * another thread under the same emulated GIL, or in a child JVM. The answer is the frames' lateness while
 * the job runs, in the secondary metrics {@code lateP50Millis}, {@code lateP99Millis}, {@code lateMaxMillis}
 * ({@code frames} frames, ~40 x 16 ms = 640 ms an operation), and {@code jobMillis}.
 *
 * <p>Expect: {@code none} ~0.1 ms (the loop's own wake-up); {@code same-thread} the job's length, most
 * frames hundreds of ms late (the frozen window); {@code thread} and {@code process} ~0.1 ms on 2 free
 * cores; {@code gil-thread} ~5 ms every frame, the switch interval (CPython the same: lesson 4's convoy,
 * 5.28 ms measured here for a 1 ms sleep beside a CPU-bound thread). A busy machine adds to every one.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ResponsiveLoopBenchmark -p job=none,same-thread,thread,gil-thread,process
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ResponsiveLoopBenchmark {

    /** Where the job runs: {@code none}, {@code same-thread}, {@code thread}, {@code gil-thread}, {@code process}. */
    @Param({"gil-thread"})
    public String job;

    /** Frames of 16 ms per operation. */
    @Param({"40"})
    public int frames;

    /** The job's calc() iterations (~0.2 s on a quiet 2-core machine). */
    @Param({"100000000"})
    public long jobIterations;

    /** {@code gil-thread}: the GIL's switch interval, µs ({@code sys.setswitchinterval}). */
    @Param({"5000"})
    public long intervalMicros;

    private ResponsiveLoop loop;

    /** The lateness of the last operation's frames during the job. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Lateness {
        public double lateP50Millis;
        public double lateP99Millis;
        public double lateMaxMillis;
        public double jobMillis;
        public long framesDuringJob;
    }

    @Setup(Level.Trial)
    public void openLoop() {
        loop = new ResponsiveLoop(ResponsiveLoop.Job.named(job), frames, jobIterations, intervalMicros);
    }

    @TearDown(Level.Trial)
    public void closeLoop() {
        if (loop != null) {
            loop.close();
        }
    }

    /** One loop of {@code frames} frames with the job; the job's count verified. */
    @Benchmark
    public long frames(Lateness late) throws Exception {
        ResponsiveLoop.Outcome o = loop.run();
        late.lateP50Millis = o.percentileMillis(50);
        late.lateP99Millis = o.percentileMillis(99);
        late.lateMaxMillis = o.maxMillis();
        late.jobMillis = o.jobNanos() / 1e6;
        late.framesDuringJob = o.lateness().length;
        return o.lateness().length;
    }
}

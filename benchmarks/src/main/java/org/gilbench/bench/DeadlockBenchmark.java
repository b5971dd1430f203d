package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.Deadlock;
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
 * {@code deadlock} (seed 002:484-488): {@code runs} runs of two parties taking two locks in opposite
 * orders with a window between; each deadlock is detected (a wait-for cycle, confirmed by
 * {@code ThreadMXBean.findDeadlockedThreads} on platform threads) and ended ({@code lockInterruptibly}
 * interrupted), with no thread left behind. The answer is a count, in the secondary metrics:
 * {@code deadlocks} of {@code runs}, {@code confirmed} by the MXBean, {@code retries} (try-lock's
 * back-offs), {@code slowestDetectionMicros}. The score is the time of the {@code runs} runs.
 *
 * <p>Expect ({@code workers=2}): {@code order=opposite, window=sleep} (1 ms): every run deadlocks under
 * {@code thread-pool}, {@code virtual-thread}, {@code gil-emulated} (the GIL does not prevent it: it is
 * released around the sleep and the blocked acquire) and {@code event-loop} (two coroutines awaiting each
 * other's lock); {@code serial} never. {@code window=spin}: plain threads when their windows overlap (about
 * 2 in 3 runs at 100 µs here); the GIL only if the spin outlasts a switch interval (0 at 100 µs and 1 ms,
 * nearly all at 10 ms); the event loop never. {@code order=one-order} and {@code try-lock}: 0, always —
 * the fixes; try-lock pays with back-offs. {@code forked-process} cannot run it (no shared locks).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DeadlockBenchmark -p model=thread-pool,gil-emulated,event-loop \
 *     -p workers=2 -p order=opposite,one-order,try-lock -p window=sleep,spin
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class DeadlockBenchmark extends ModelBenchmark {

    /** {@code opposite} (the deadlock), {@code one-order} or {@code try-lock} (the fixes). */
    @Param({"opposite"})
    public String order;

    /** Between the two locks: {@code sleep} (a blocking call) or {@code spin} (computation). */
    @Param({"sleep"})
    public String window;

    /** The window's length, µs. */
    @Param({"1000"})
    public long windowMicros;

    /** Runs per operation. */
    @Param({"50"})
    public int runs;

    private Deadlock deadlock;

    /** The counts of the last operation (one per iteration in SingleShotTime). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long deadlocks;
        public long confirmed;
        public long retries;
        public double slowestDetectionMicros;
    }

    @Setup(Level.Trial)
    public void buildRuns() {
        deadlock = new Deadlock(Deadlock.Order.named(order), Deadlock.Window.named(window), windowMicros, runs);
    }

    /** {@code runs} verified runs; returns the deadlocks. */
    @Benchmark
    public long deadlocks(Counts counts) throws Exception {
        Deadlock.Outcome o = deadlock.run(executionModel);
        counts.deadlocks = o.deadlocks();
        counts.confirmed = o.confirmed();
        counts.retries = o.retries();
        counts.slowestDetectionMicros = o.slowestDetection() / 1e3;
        return o.deadlocks();
    }
}

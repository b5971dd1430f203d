package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.ThreadLocals;
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
 * {@code thread-local} (seed 002:536-630): {@code tasks} threads (the seed's Alice and Bob) each reach
 * their own student {@code accesses} times — passed down the calls, from a map keyed by the thread, or
 * from a {@link ThreadLocal} — and every thread's hash proves it saw only its own. The secondary metric
 * {@code nsPerAccess} is the operation's wall time over all accesses: with 2 tasks on 2 free cores about
 * half a single thread's cost, under {@code gil-emulated} (turns) and {@code serial} the whole of it.
 *
 * <p>Expect (single thread): pass-down ~1 ns (the hash step alone: the student stays in a register),
 * ThreadLocal ~+1 ns, the map ~+1–3 ns; under {@code virtual-thread} the map costs more (a virtual thread's
 * identity hash). Warm-up matters (C2): 3 warm-up operations.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ThreadLocalBenchmark -p model=serial,thread-pool,virtual-thread,gil-emulated \
 *     -p workers=2 -p style=pass-down,thread-dict,thread-local
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ThreadLocalBenchmark extends ModelBenchmark {

    /** {@code pass-down}, {@code thread-dict} or {@code thread-local}: the seed's three steps. */
    @Param({"thread-local"})
    public String style;

    /** Threads, one student each (the seed: 2). */
    @Param({"2"})
    public int tasks;

    /** Lookups per thread. */
    @Param({"10000000"})
    public long accesses;

    private ThreadLocals workload;

    /** The cost per access of the last operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cost {
        public double nsPerAccess;
    }

    @Setup(Level.Trial)
    public void buildWorkload() {
        workload = new ThreadLocals(ThreadLocals.Style.named(style), tasks, accesses, 0);
    }

    /** Every thread's hash verified against its own student's. */
    @Benchmark
    public long access(Cost cost) throws Exception {
        long start = System.nanoTime();
        long sum = Verified.run(executionModel, workload);
        cost.nsPerAccess = (double) (System.nanoTime() - start) / workload.totalAccesses();
        return sum;
    }
}

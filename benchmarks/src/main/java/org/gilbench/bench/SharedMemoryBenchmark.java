package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SharedMemory;
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
 * {@code shared-memory} (seed 001:388-427, seed 004:293; {@link SharedMemory}): memory the child JVMs
 * map instead of receive, under any execution model.
 *
 * <ul>
 *   <li>{@link #rangeSumShared} against {@link #rangeSumShipped} — compare: seed 001's sum of 1..1e8 in 8
 *       slices over numbers that already exist (built in trial setup, outside the time, as the seed
 *       builds {@code number_list} before its clock). Shared, a task carries the file's path and bounds
 *       (~300 bytes serialized) and sums its slice where it lies; shipped, {@code forked-process} writes
 *       the slice's 100 MB through the child's pipe, as pickling {@code number_list[i:j]} does under
 *       spawn. Threads share either way, so for them the two are the same work. The seed published
 *       "about 6 s" serial and "under 1 s" with 8 processes (its timer starts after fork() handed every
 *       child its slice). Measured on the loaded 2-core VM (serial / 2 threads / 2 and 8 child JVMs, ms):
 *       shared 81 / 85 / 118 / 121, shipped 148 / 66 / 310 / 422 — summing mapped memory through a
 *       ByteBuffer is ~2x slower than a long[], and shipping 800 MB costs ~0.2–0.3 s more.</li>
 *   <li>{@link #sharedCounter}: {@code parties} tasks adding 1 to one mapped counter {@code increments}
 *       times, {@code locking} = {@code none} ({@code counter.value += 1}), {@code lock} (a lock word in the
 *       shared memory: {@code with counter.get_lock():}), {@code file-lock} (fcntl) or {@code atomic}
 *       (getAndAdd). The answer is the count: {@code counter}, {@code lost} = parties × increments −
 *       counter, and {@code total}, per operation. With any locking the run fails unless lost is 0;
 *       without, child JVMs whose loops overlap lose updates (under {@code gil-emulated} threads do not:
 *       no switch falls between the read and the write, as in CPython 3.10+). Measured, 4 x 1,000,000:
 *       none loses ~141k under forked-process (~1.2M under thread-pool), 0 under gil-emulated; lock
 *       ~170 ms, atomic ~40 ms, file-lock ~11 s (two fcntl calls per increment: use
 *       {@code -p increments=100000} for it).</li>
 * </ul>
 * The fork gets a fixed 3 GB heap for the shipped array (as {@link RangeSumBenchmark}); the shared
 * numbers live in {@code /dev/shm}, outside any heap, and are deleted at the trial's end.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'SharedMemoryBenchmark.rangeSum' -p model=serial,thread-pool,forked-process -p workers=2
 * java -jar benchmarks/target/benchmarks.jar SharedMemoryBenchmark.sharedCounter -p model=forked-process \
 *     -p workers=4 -p locking=none,lock,file-lock,atomic
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class SharedMemoryBenchmark extends ModelBenchmark {

    /** The seed's N: the answer is n(n+1)/2 = 5000000050000000. */
    @Param({"100000000"})
    public long n;

    /** The seed's 8 slices. */
    @Param({"8"})
    public int chunks;

    /** The counter's protection: {@code none}, {@code lock}, {@code file-lock} or {@code atomic}. */
    @Param({"none"})
    public String locking;

    /** Processes (or threads) incrementing the counter: the seeds' Pool(4). */
    @Param({"4"})
    public int parties;

    /** Increments per party. */
    @Param({"1000000"})
    public int increments;

    /** The numbers 1..n in shared memory, written once per trial. */
    @State(Scope.Benchmark)
    public static class Shared {
        SharedMemory.ArraySum workload;

        @Setup(Level.Trial)
        public void write(SharedMemoryBenchmark bench) {
            workload = SharedMemory.arraySum(bench.n, bench.chunks);
        }

        @TearDown(Level.Trial)
        public void delete() {
            if (workload != null) {
                workload.close();
            }
        }
    }

    /** The numbers 1..n in this JVM's heap, built once per trial. */
    @State(Scope.Benchmark)
    public static class Shipped {
        RangeSum workload;

        @Setup(Level.Trial)
        public void materialise(SharedMemoryBenchmark bench) {
            workload = RangeSum.materialised(bench.n, bench.chunks);
        }
    }

    /** The shared counter, made once per trial and reset before every operation. */
    @State(Scope.Benchmark)
    public static class Counter {
        SharedMemory.Counter workload;

        @Setup(Level.Trial)
        public void create(SharedMemoryBenchmark bench) {
            workload = SharedMemory.counter(bench.parties, bench.increments, SharedMemory.Locking.named(bench.locking));
        }

        @TearDown(Level.Trial)
        public void delete() {
            if (workload != null) {
                workload.close();
            }
        }
    }

    /**
     * The counter's outcome, as secondary metrics.
     * One value per operation lands in the JSON's rawData (SingleShotTime: one operation per iteration);
     * the score JMH prints for such a counter is their sum over the iterations.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long counter;
        public long lost;
        public long total;

        @Setup(Level.Iteration)
        public void clear() {
            counter = 0;
            lost = 0;
            total = 0;
        }
    }

    // Compare: the same slices and answer; shared sends paths, shipped sends the numbers.

    /** Sums the slices where they lie in shared memory. */
    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long rangeSumShared(Shared data) throws Exception {
        return checked(Verified.run(executionModel, data.workload), data.workload.expectedTotal());
    }

    /** Sums the slices of a heap array; forked-process ships each slice to its child. */
    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public long rangeSumShipped(Shipped data) throws Exception {
        return checked(Verified.run(executionModel, data.workload), data.workload.expectedTotal());
    }

    /** {@code parties} x {@code increments} on one shared counter; the lost count is the answer. */
    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 5)
    public long sharedCounter(Counter shared, Outcome outcome) throws Exception {
        SharedMemory.Counter counter = shared.workload;
        counter.reset();
        counter.verify(executionModel.run(counter.tasks()));
        outcome.counter = counter.value();
        outcome.lost = counter.lost();
        outcome.total = counter.total();
        return outcome.counter;
    }

    private static long checked(long total, long expected) {
        if (total != expected) {
            throw new IllegalStateException("shared-memory range-sum: total " + total + " != " + expected);
        }
        return total;
    }
}

package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.PingPong;
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
 * Processes that talk (lesson 5, seeds 000, 001, 004): one round trip of a counter between two parties,
 * each adding one — threads over a queue, a child JVM over a pipe, two child JVMs through the parent
 * ({@link PingPong}). What one message costs, against a task of the other workloads (a prime check is
 * ~10 ms, a sleep-io task 100 ms).
 *
 * <p>SampleTime: every round trip is timed, so the JSON holds the latency distribution (p50, p90, p99,
 * p99.9 in {@code scorePercentiles}); round trips per second = 1e6 / the mean in µs. Expect, on a
 * 2-core Linux VM: thread-queue ~5–30 µs (two park/unpark hand-offs), process-pipe ~20–60 µs (two pipe
 * writes and two wake-ups of another process), process-relay about twice the pipe. CPython measured
 * here for comparison: ~3,100 round trips/s (~320 µs) to an echo process (../shared/notes/gil.md).
 * Every answer is checked; a wrong one fails the run.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PingPongBenchmark -p channel=thread-queue,process-pipe,process-relay
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PingPongBenchmark {

    /** {@code thread-queue}, {@code process-pipe} or {@code process-relay} (see {@code PingPong.NAMES}). */
    @Param({PingPong.THREAD_QUEUE})
    public String channel;

    private PingPong.Channel open;
    private long counter;

    @Setup(Level.Trial)
    public void openChannel() {
        open = PingPong.open(channel);
    }

    @TearDown(Level.Trial)
    public void closeChannel() {
        if (open != null) {
            open.close();
        }
    }

    /** One round trip; returns the counter (checked: each party added one). */
    @Benchmark
    public long roundTrip() throws InterruptedException {
        long back = open.roundTrip(counter);
        if (back != counter + open.increment()) {
            throw new IllegalStateException("ping-pong over " + channel + ": sent " + counter + ", got back " + back);
        }
        counter = back + 1;
        return counter;
    }
}

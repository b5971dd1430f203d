package org.gilbench.bench;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one task costs beyond its work, per model (issue 20's round-trip table): one tiny task handed to the
 * model and its answer back — a thread pool's queue (thread-pool), a pipe to a child JVM (forked-process),
 * a gRPC stream over loopback to a worker JVM (distributed; seed 002's {@code task_queue.put} then
 * {@code result_queue.get} in task_master). SampleTime, so the report has p50 and p99 per model.
 *
 * <p>The task is a prime check of 1,000,003 (~1,000 trial divisions, a few µs): small beside any round trip,
 * and its answer is checked every time (a model that skips the task cannot return the right count).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(1)
public class TaskRoundTripBenchmark extends ModelBenchmark {

    /** A prime: the answer to check is 1 (a model returning 0 or nothing fails the operation). */
    static final long N = 1_000_003L;

    private List<Task> one;
    private long expected;

    @org.openjdk.jmh.annotations.Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void task() {
        expected = PrimeCheck.isPrime(N, Interpreter.FREE);
        if (expected != 1) {
            throw new IllegalStateException(N + " must be prime: the check would prove nothing");
        }
        one = List.of(new PrimeCheck.Check(0, N, false, true));
    }

    /** One task through the model and back; the answer verified. */
    @Benchmark
    public long roundTrip() throws ExecutionException, InterruptedException {
        long[] results = executionModel.run(one);
        if (results.length != 1 || results[0] != expected) {
            throw new IllegalStateException("round trip under " + model + ": expected [" + expected + "], got "
                    + java.util.Arrays.toString(results));
        }
        return results[0];
    }
}

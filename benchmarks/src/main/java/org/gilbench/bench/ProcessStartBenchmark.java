package org.gilbench.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.Task;
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
 * The price of one process: {@code forked-process} with {@code start=per-task} running a single tiny
 * task, i.e. start a child JVM, wait for its HELLO, one task round trip, close its stdin and wait for it
 * to exit — the seed's {@code p = Process(target=…); p.start(); p.join()} with almost nothing to do.
 * This is the cost every task pays under {@code start=per-task}, and that a warm pool pays once.
 *
 * <p>{@code child} selects the child's start-up settings:
 * <ul>
 *   <li>{@code default}: plain {@code java -cp benchmarks.jar} (the JDK's default CDS archive only);</li>
 *   <li>{@code lean}: {@code -XX:+UseSerialGC -XX:-UsePerfData};</li>
 *   <li>{@code lean-aot}: lean plus the JDK 25 AOT cache (trained once, in trial setup, then reused
 *       from {@code java.io.tmpdir/gilbench-aot}); where the JDK or class path cannot have one, the
 *       model falls back and the setup line printed by JMH says {@code cache=none (why)};</li>
 *   <li>{@code pool}: the same task through a warm one-child pool — the round trip alone, the floor.</li>
 * </ul>
 *
 * <p>Expect on 2 cores (../shared/notes/measurements.md): ~53 ms default, ~50 ms lean, ~41–45 ms with
 * the AOT cache, tens of µs for the pool; each start also burns ~50–60 ms of CPU (see
 * {@code process.child-cpu-ns} from ModelProfiler). The task (is 1116281 prime? ~1,000 divisions) is
 * verified on every operation.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ProcessStartBenchmark -prof org.gilbench.bench.ModelProfiler
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ProcessStartBenchmark {

    /** The child's start-up settings: {@code default}, {@code lean}, {@code lean-aot}, or {@code pool}. */
    @Param({"default", "lean", "lean-aot", "pool"})
    public String child;

    private ExecutionModel executionModel;
    private List<Task> task;

    @Setup(Level.Trial)
    public void open() {
        String options = switch (child) {
            case "default" -> "start=per-task,jvm=default,cache=off";
            case "lean" -> "start=per-task,jvm=lean,cache=off";
            case "lean-aot" -> "start=per-task,jvm=lean,cache=auto";
            case "pool" -> "start=pool,jvm=lean,cache=auto";
            default -> throw new IllegalArgumentException("bad value for param child: '" + child
                    + "' (allowed: default, lean, lean-aot, pool)");
        };
        task = List.of(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().get(0));
        executionModel = OpenModels.open(Model.FORKED_PROCESS_NAME, 1, options);
        System.out.println("# " + executionModel.describe()); // says whether the AOT cache is in use
    }

    @TearDown(Level.Trial)
    public void close() {
        OpenModels.close(executionModel);
    }

    /** Start, one verified round trip, exit (or the round trip alone for {@code pool}). */
    @Benchmark
    public long startRoundTripExit() throws Exception {
        long[] result = executionModel.run(task);
        if (result[0] != task.get(0).expected()) {
            throw new IllegalStateException(task.get(0).describe() + ": got " + result[0]);
        }
        return result[0];
    }
}

package org.gilbench.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.OwnCopies;
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
 * {@code fork-copies-globals} (seeds 000:497-531, 000:664-690, 001:53-83; {@link OwnCopies}): each
 * process its own copy of the program's data, as counts. The score (ms per run) is incidental; the
 * answer is in the secondary metrics, per operation:
 * <ul>
 *   <li>{@link #counting}: 'Ping' and 'Pong' each {@code while counter < 50: counter += 1;
 *       sleep(0.01)} on a "global". {@code steps} — every party's steps added up (the seed's printed
 *       Pings and Pongs): <b>100</b> under {@code forked-process} (50 + 50, one copy per child JVM),
 *       <b>50</b> under threads (one counter); {@code copies} — how many processes counted (2 or 1);
 *       {@code parentCounter} — the parent's own counter afterwards (0 for processes, 50 for threads).</li>
 *   <li>{@link #popping}: {@code nums = [20, 30, 40]} handed to two parties and the parent's own
 *       {@code sub_task('Good', nums)}, each {@code nums.pop(0)} then counting to it: {@code pop0},
 *       {@code pop1}, {@code parentPop} — <b>20, 20, 20</b> under {@code forked-process} (each child
 *       unpickled a copy), 20 and 30 in some order then 40 under threads.</li>
 * </ul>
 * Every operation verifies the counts exactly, per process (each copy counted to 50 once; each list
 * popped in order), so a model that shares what it should copy, or copies what it should share, fails.
 * Run it with 2 workers (one per party).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar OwnCopiesBenchmark -p model=thread-pool,forked-process -p workers=2
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class OwnCopiesBenchmark extends ModelBenchmark {

    /** 'Ping' and 'Pong'. */
    @Param({"2"})
    public int parties;

    /** The counter's limit: seed 000's 50 (seed 001: 10). */
    @Param({"50"})
    public int limit;

    /** The sleep per step, ms: the seeds' 10 (seed 001: 500). One counting run lasts limit x millis. */
    @Param({"10"})
    public long millis;

    /**
     * The counts of one operation, as secondary metrics.
     * One value per operation lands in the JSON's rawData (SingleShotTime: one operation per iteration);
     * the score JMH prints for such a counter is their sum over the iterations.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long steps;
        public long copies;
        public long parentCounter;
        public long pop0;
        public long pop1;
        public long parentPop;

        @Setup(Level.Iteration)
        public void clear() {
            steps = 0;
            copies = 0;
            parentCounter = 0;
            pop0 = 0;
            pop1 = 0;
            parentPop = 0;
        }
    }

    /** Seed 000:666-690: the parties count a global to {@code limit}. */
    @Benchmark
    public long counting(Outcome outcome) throws Exception {
        OwnCopies.Counting run = OwnCopies.counting(parties, limit, millis); // a fresh global, at 0 everywhere
        long[] results = executionModel.run(run.tasks());
        run.verify(results);
        outcome.steps = OwnCopies.Counting.total(results);
        outcome.copies = OwnCopies.Counting.copies(results);
        outcome.parentCounter = run.parentCounter();
        return outcome.steps;
    }

    /** Seed 000:497-531: the parties pop nums' first element, then the parent pops its own. */
    @Benchmark
    public long popping(Outcome outcome) throws Exception {
        OwnCopies.Popping run = OwnCopies.popping(parties, OwnCopies.SEED_NUMS, millis);
        long[] results = executionModel.run(run.tasks());
        int parentPop = run.popInParent();
        run.verify(results);
        List<Integer> pops = OwnCopies.Popping.pops(results);
        outcome.pop0 = pops.get(0);
        outcome.pop1 = pops.size() > 1 ? pops.get(1) : 0;
        outcome.parentPop = parentPop;
        return parentPop;
    }
}

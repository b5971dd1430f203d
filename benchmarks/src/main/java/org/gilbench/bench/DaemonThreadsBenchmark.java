package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.DaemonThreads;
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
 * {@code daemon-threads} (seed 000:202-369): the seed's Ping/Pong program in a child JVM — normal threads
 * keep it alive, daemons are cut off when the last normal thread ends. The score is the whole child, from
 * its start to its exit; the secondary metrics split it: {@code startMillis} (the JVM's start, to main's first line),
 * {@code runMillis} (main's start to the JVM's exit), {@code afterMainMillis} (how long threads kept it
 * alive after main returned), {@code pingPrints}, {@code pongPrints} (work done).
 *
 * <p>Expect (1/10 scale: a line every 10 ms, life 500 ms): {@code mixed} — runs ~500 ms after main
 * returned, Ping ~50 lines and done, Pong ~50 lines and cut off; {@code daemon} — ~0 ms after main,
 * almost no lines (the seed: "almost no output"); {@code daemon-sleep} — 500 ms (main's sleep), ~50 lines
 * each, both cut off; {@code non-daemon} — 500 ms, both done (the seed's never end: the bound stands in).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DaemonThreadsBenchmark -p variant=mixed,daemon,daemon-sleep,non-daemon
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class DaemonThreadsBenchmark {

    /** {@code mixed}, {@code daemon}, {@code daemon-sleep} or {@code non-daemon}. */
    @Param({"mixed"})
    public String variant;

    /** Between two lines, ms (the seed: 100). */
    @Param({"10"})
    public long periodMillis;

    /** A bounded thread's life, or main's sleep, ms (the seed's sleep: 5000). */
    @Param({"500"})
    public long lifeMillis;

    private DaemonThreads program;

    /** What the last child did. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Run {
        public double startMillis;
        public double runMillis;
        public double afterMainMillis;
        public long pingPrints;
        public long pongPrints;
    }

    @Setup(Level.Trial)
    public void buildProgram() {
        program = new DaemonThreads(DaemonThreads.Variant.named(variant), periodMillis, lifeMillis);
    }

    /** One child JVM from start to exit, its behaviour verified against the variant. */
    @Benchmark
    public long program(Run run) throws Exception {
        DaemonThreads.Outcome o = program.run();
        run.startMillis = o.jvmStartNanos() / 1e6;
        run.runMillis = o.runNanos() / 1e6;
        run.afterMainMillis = o.afterMainNanos() / 1e6;
        run.pingPrints = o.pingPrints();
        run.pongPrints = o.pongPrints();
        return o.pingPrints() + o.pongPrints();
    }
}

package org.gilbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gilbench.model.Gil;
import org.gilbench.model.GilThreadState;
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
 * The convoy effect of CPython's GIL (bpo-7946; Beazley, "Understanding the Python GIL", 2010): a
 * thread that sleeps 1 ms in a loop — {@code t = time(); sleep(0.001)} — wakes on time, but then has to
 * take the GIL back. Alone it gets it at once; with a CPU-bound thread holding it, it waits a whole
 * switch interval before it may even ask the holder to drop. One blocking call then costs ~5 ms.
 *
 * <p>Measured: one loop step of the sleeper (the JMH thread, attached to an emulated {@link Gil}):
 * release the GIL, {@code Thread.sleep(1)}, take the GIL back. SampleTime mode, so the report gets the
 * distribution. The score is 1 ms of sleep plus the lateness; lateness = score - 1 ms is what CPython
 * experiments print ({@code elapsed - 0.001}).
 *
 * <p>Expect (../shared/notes/gil.md, CPython 3.11 on 2 cores): 0 competitors ≈ 1.1 ms (lateness 0.11 ms,
 * the OS's oversleep); 1 CPU-bound competitor ≈ 6.2 ms (lateness ≈ one 5 ms interval; CPython 5.28 ms, p99
 * 6.2); 2 competitors: lateness between 0 and ~2 intervals (CPython: median 4.24 ms, p99 51 ms), since a
 * request from one waiter may hand the GIL to the other. With {@code options=interval-us=1000} the
 * lateness follows the interval (CPython: 1.23 ms).
 *
 * <p>The GIL is driven directly (not through an {@code ExecutionModel}): the measured thread itself must
 * live under it. The competitors count to a million in a loop with a check point per iteration and
 * verify every count; teardown fails the run if a competitor failed or never ran.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GilBenchmark -p competitors=0,1,2 -prof org.gilbench.bench.ModelProfiler
 * java -jar benchmarks/target/benchmarks.jar GilBenchmark -p competitors=1 -p options=interval-us=1000
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class GilBenchmark {

    /** CPU-bound threads competing for the GIL with the sleeper. */
    @Param({"0", "1", "2"})
    public int competitors;

    /** GIL options in {@code key=value,...} form: {@code mode}, {@code interval-us}, {@code ticks}; blank = CPython 3 defaults. */
    @Param({""})
    public String options;

    /** Counts per competitor loop step: ~0.25 ms of Java, so stop requests are seen quickly. */
    private static final long COUNT = 1_000_000L;

    /** Bound on stopping the competitors: longer means one is stuck. */
    private static final long STOP_WAIT_MS = 5_000;

    private Gil gil;
    private GilThreadState sleeper;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stop;
    private long[] steps;

    @Setup(Level.Trial)
    public void open() {
        ModelSpec spec = ModelSpec.parse(1, options);
        spec.requireOnly(Model.GIL_EMULATED_NAME, Gil.OPTIONS);
        gil = Gil.from(spec);
        sleeper = gil.newThreadState("sleeper");
        stop = false;
        steps = new long[competitors];
        for (int i = 0; i < competitors; i++) {
            int index = i;
            GilThreadState ts = gil.newThreadState("competitor-" + i);
            Thread t = Thread.ofPlatform().name("gilbench-gil-competitor-" + i).daemon(true).unstarted(() -> {
                try {
                    ts.attach();
                    while (!stop) {
                        if (CountLoop.calc(COUNT, ts) != COUNT) {
                            throw new IllegalStateException("competitor " + index + " miscounted");
                        }
                        steps[index]++;
                    }
                } catch (Gil.ClosedException e) {
                    // teardown closed the GIL
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    ts.detach();
                }
            });
            threads.add(t);
            t.start();
        }
    }

    /** The sleeper holds the GIL during an iteration, as a Python thread does between its sleeps. */
    @Setup(Level.Iteration)
    public void attach() {
        sleeper.attach();
    }

    @TearDown(Level.Iteration)
    public void detach() {
        sleeper.detach();
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(STOP_WAIT_MS);
        }
        gil.close();
        for (Thread t : threads) {
            t.join(STOP_WAIT_MS);
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " still running " + STOP_WAIT_MS + " ms after stop");
            }
        }
        threads.clear();
        if (failure.get() != null) {
            throw new IllegalStateException("a competitor failed: " + failure.get(), failure.get());
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] == 0) {
                throw new IllegalStateException("competitor " + i + " never got the GIL");
            }
        }
    }

    /** One step of the sleeper's loop; returns the nanoseconds it took, checked to be at least the sleep. */
    @Benchmark
    public long wakeUp() throws InterruptedException {
        long start = System.nanoTime();
        sleeper.beforeBlocking();
        try {
            Thread.sleep(1);
        } finally {
            sleeper.afterBlocking();
        }
        long elapsed = System.nanoTime() - start;
        if (elapsed < 1_000_000L) {
            throw new IllegalStateException("a 1 ms sleep took " + elapsed + " ns");
        }
        return elapsed;
    }
}

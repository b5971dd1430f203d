package org.gilbench.run;

import java.util.List;
import java.util.Map;
import org.gilbench.run.Cell.Iterations;
import org.gilbench.run.Experiment.FixedParams;
import org.gilbench.run.Experiment.ModelSweep;
import org.gilbench.run.Experiment.SleepSweep;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;

/**
 * The plan's entries, in one place: every benchmark the run measures, the params per profile, iterations
 * and cost. Adding a benchmark to {@code ./run-bench.sh} is adding one entry to {@link #ALL}; a new
 * execution model is picked up from {@code Model.NAMES} by every sweep without a change here.
 *
 * <p>Iterations. Every cell is measured in a fresh fork once per round (3 rounds by default), so the
 * spread across forks comes from the rounds, and one fork needs only enough operations for a stable
 * median: 1 warmup (C2 compiles the kernels' loops during the first operation, by OSR) and 3 measured
 * for the CPU-bound workloads. The quick profile keeps, per workload, the cells its lesson compares.
 *
 * <p>Costs (ms per operation, serial, 2-core machine, JDK 25): prime-check ~550, count-loop ~800,
 * range-sum ~35 summing an existing array (its setup ~0.9 s), ~500 creating it, ~35 counting; shipping the
 * 800 MB array to child JVMs adds ~1 s. Checked against a quick run on a shared 2-core VM (measured /
 * estimated wall: 1.06 overall, per entry 0.65-1.55; recalibrated from it). They only feed the estimate,
 * the ETA, the budget and each cell's time limit.
 */
public final class Experiments {

    private Experiments() {
    }

    private static final String BENCH = "org.gilbench.bench.";

    /** CPU-bound cells: 1 warmup + 3 measured operations per fork (quick), 2 + 5 (full). */
    private static final Iterations CPU_QUICK = Iterations.singleShot(1, 3);
    private static final Iterations CPU_FULL = Iterations.singleShot(2, 5);
    /** Short operations (range-sum, count-loop's 4 long tasks): 2 measured per fork, the rounds give the rest. */
    private static final Iterations SHORT_QUICK = Iterations.singleShot(1, 2);
    /** Sleeping needs no JIT warmup; the first operation still creates the threads. */
    private static final Iterations IO_QUICK = Iterations.singleShot(1, 2);
    private static final Iterations IO_FULL = Iterations.singleShot(1, 5);
    /** Time-based benchmarks (SampleTime / AverageTime): iterations of 1 s (quick) or 2 s (full). */
    private static final Iterations TIMED_QUICK = Iterations.timed(1, 2, 1);
    private static final Iterations TIMED_FULL = Iterations.timed(2, 5, 2);
    private static final Iterations TIMED_SHORT = Iterations.timed(1, 1, 1);
    /** range-sum's lesson in the quick profile: sharing (threads) against shipping (child JVMs). */
    private static final List<ModelKind> SHARE_OR_SHIP = List.of(ModelKind.SERIAL, ModelKind.THREADS, ModelKind.PROCESSES);

    /** Every plan entry, in the order the plan lists them (rounds shuffle the order of the cells). */
    public static final List<Experiment> ALL = List.of(
            // Lessons 1 and 2: at 1 worker each model's overhead against serial, at the cores its speedup.
            new ModelSweep("prime-check", PrimeCheck.NAME, BENCH + "PrimeCheckBenchmark.primeCheck",
                    "65 trial divisions (the seed's list x 5)", 550, 65, 0, 0, false, 65, List.of(), CPU_QUICK, CPU_FULL),
            // The same lesson as prime-check with seed 003's loop: the speedup at the cores is enough.
            new ModelSweep("count-loop", CountLoop.NAME, BENCH + "CountLoopBenchmark.countLoop",
                    "calc(): 4 x 100M increments", 800, 4, 0, 0, true, 0, List.of(), SHORT_QUICK, CPU_FULL),
            // Lesson 2's price: child JVMs must be sent the 800 MB array (~1 s per operation).
            new ModelSweep("range-sum-compute", RangeSum.NAME, BENCH + "RangeSumBenchmark.computeOnly",
                    "sum 1..1e8 over an existing array", 35, 8, 900, 1000, true, 0, SHARE_OR_SHIP, SHORT_QUICK,
                    CPU_FULL),
            new ModelSweep("range-sum-end-to-end", RangeSum.NAME, BENCH + "RangeSumBenchmark.endToEnd",
                    "the same, creating the array each time", 500, 8, 0, 1000, true, 8, SHARE_OR_SHIP, SHORT_QUICK,
                    CPU_FULL),
            new ModelSweep("range-sum-streamed", RangeSum.NAME, BENCH + "RangeSumBenchmark.streamed",
                    "the same ranges, counted (no data)", 35, 8, 0, 0, true, 0, List.of(), SHORT_QUICK, CPU_FULL),
            // Lesson 3: N concurrent 100 ms sleeps take ceil(N / pool) waves; 1,000,000 only in full.
            new SleepSweep("sleep-io", SleepIo.NAME, BENCH + "SleepIoBenchmark.sleepIo", "N concurrent sleeps of d ms",
                    List.of(10, 1000, 100_000), List.of(1, 10, 100, 1000, 10_000, 100_000), List.of(1_000_000),
                    List.of(100), List.of(10, 100, 1000), 1500, 10_000, IO_QUICK, IO_FULL),
            // Lesson 4: a 1 ms sleeper wakes an interval late when a CPU-bound thread holds the GIL.
            new FixedParams("gil-convoy", BENCH + "GilBenchmark.wakeUp",
                    "1 ms sleeps under the GIL with 0, 1, 2 CPU-bound competitors",
                    s -> s.hasModel("gil-emulated") && s.hasWorkload(SleepIo.NAME),
                    List.of(Map.of("competitors", "0"), Map.of("competitors", "1")),
                    List.of(Map.of("competitors", "0"), Map.of("competitors", "1"), Map.of("competitors", "2")),
                    0.3, TIMED_QUICK, TIMED_FULL),
            // Lesson 2: what starting one child JVM costs, against a warm pool's round trip.
            new FixedParams("process-start", BENCH + "ProcessStartBenchmark.startRoundTripExit",
                    "start one child JVM, one round trip, exit (default, lean, AOT, pool)",
                    s -> s.hasModel("forked-process") && (s.hasWorkload(PrimeCheck.NAME)
                            || s.hasWorkload(CountLoop.NAME) || s.hasWorkload(RangeSum.NAME)),
                    List.of(Map.of("child", "default"), Map.of("child", "pool")),
                    List.of(Map.of("child", "default"), Map.of("child", "lean"), Map.of("child", "lean-aot"),
                            Map.of("child", "pool")),
                    0.4, TIMED_SHORT, TIMED_FULL));
}

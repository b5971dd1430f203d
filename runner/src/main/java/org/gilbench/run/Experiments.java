package org.gilbench.run;

import java.util.List;
import java.util.Map;
import org.gilbench.run.Cell.Iterations;
import org.gilbench.run.Experiment.ModelSweep;
import org.gilbench.run.Experiment.SleepSweep;
import java.util.ArrayList;
import java.util.function.Function;
import org.gilbench.run.Experiment.Listed;
import org.gilbench.model.Model;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.LostUpdate;
import org.gilbench.workload.PingPong;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Workload;

/**
 * The plan's entries, in one place: every benchmark the run measures, the params per profile, iterations
 * and cost. Adding a benchmark to {@code ./run-bench.sh} is adding one entry to {@link #ALL}; a new
 * execution model is picked up from {@code Model.NAMES} by every sweep without a change here.
 *
 * <p>Iterations. Every cell is measured in a fresh fork once per round (2 by default), so the
 * spread across forks comes from the rounds, and one fork needs only enough operations for a stable
 * median: 1 warmup (C2 compiles the kernels' loops during the first operation, by OSR) and 2 measured
 * (quick) or 5 (full) for the CPU-bound workloads. The quick profile keeps, per workload, the cells its
 * lesson compares. Cells whose answer is a distribution or a latency (the convoy, the switch-interval
 * sweep, lost updates, ping-pong) and the price of a child JVM's start are measured in every round too, with
 * few operations per fork: a verdict rests on at least 2 independent forks of every cell (issue 18), and a
 * fork's own operations are not independent of each other.
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

    /**
     * CPU-bound cells: 1 warmup + 2 measured operations per fork (quick: 4 over the 2 rounds, and the
     * re-measuring adds forks where they disagree), 2 + 5 (full).
     */
    private static final Iterations CPU_QUICK = Iterations.singleShot(1, 2);
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
    /**
     * Ping-pong: one measured second per fork, in every round: the fork is the unit the verdict's interval
     * rests on (issue 18), so three forks of 1 s tell more than one fork of 3 s.
     */
    private static final Iterations PING_PONG_QUICK = Iterations.timed(1, 1, 1);
    /** range-sum's lesson in the quick profile: sharing (threads) against shipping (child JVMs). */
    private static final List<Model> SHARE_OR_SHIP = List.of(Model.SERIAL, Model.THREAD_POOL, Model.FORKED_PROCESS);
    /**
     * The quick profile's second CPU-bound workloads (count-loop, range-sum streamed): threads, processes
     * and the GIL against serial. Virtual threads and the event loop are left to prime-check, which shows
     * them (virtual threads scale like a pool, the event loop stays at 1x): a second workload would draw the
     * same lines at ~3 s a cell and round.
     */
    private static final List<Model> CPU_SECOND = List.of(Model.SERIAL, Model.THREAD_POOL,
            Model.FORKED_PROCESS, Model.GIL_EMULATED);
    /**
     * range-sum end to end touches its 3 GB heap at the fork's start (-XX:+AlwaysPreTouch): ~5 s on a quiet
     * 2-core VM here (measured: 606k faults in 4.3 s of system time for 2.4 GB), far more under load.
     */
    private static final double PRE_TOUCH_MS = 5000;

    /** The lessons without a workload of their own: {@code --workloads} accepts these names too. */
    static final String LOST_UPDATE = LostUpdate.NAME;
    static final String PING_PONG = PingPong.NAME;
    static final List<String> LESSONS = List.of(LOST_UPDATE, PING_PONG);

    /** What {@code --workloads} accepts: the workloads, then the lessons that are not a workload. */
    static List<String> workloadNames() {
        List<String> names = new ArrayList<>(Workload.NAMES);
        names.addAll(LESSONS);
        // This round's groups' entries that are not a task-list workload (issues 21, 22).
        names.addAll(ProcessExperiments.SELECTORS);
        names.addAll(ThreadExperiments.LESSONS);
        return List.copyOf(names);
    }

    /** The switch intervals of the GIL sweep (µs): quick, the benchmark's defaults; full, CPython's 0.1-20 ms. */
    private static final List<String> QUICK_INTERVALS = List.of("200", "1000", "5000");
    private static final List<String> FULL_INTERVALS = List.of("100", "200", "1000", "2000", "5000", "10000", "20000");

    private static List<String> intervals(Selection s) {
        return s.profile() == Profile.FULL ? FULL_INTERVALS : QUICK_INTERVALS;
    }

    /** One map of params per cell, from name-value pairs. */
    private static Map<String, String> p(String... nameValue) {
        return Cell.paramsOf(nameValue);
    }

    /**
     * Lesson 5's bank: per model, at the seed's pool of 16 (4 child JVMs), without the lock ({@code lock}
     * false) or with it. serial deposits one after another: 100 with or without the lock, so only without.
     */
    private static Function<Selection, List<Map<String, String>>> bankCells(boolean lock) {
        return s -> {
            List<Map<String, String>> out = new ArrayList<>();
            for (String model : s.models()) {
                Model m = Model.named(model);
                if (!m.runsAnyTask()) {
                    continue;
                }
                // With the lock every model that shares the balance gives 100 in ~1.1 s: threads and the GIL show
                // it; forked-process shows that a lock does not join the children's copies. The others only in full.
                if (lock && (m.isSerial() || s.profile() == Profile.QUICK
                        && m != Model.THREAD_POOL && m != Model.GIL_EMULATED && m != Model.FORKED_PROCESS)) {
                    continue;
                }
                String workers = m.isSerial() ? "1" : m.isProcess() ? "4" : "16";
                out.add(p("model", model, "workers", workers, "lock", String.valueOf(lock)));
            }
            return out;
        };
    }

    /** Lesson 5's change_it: per model without the lock; under the GIL where it may switch (2.7, 3.9, 3.10+). */
    private static List<Map<String, String>> changeItCells(Selection s) {
        List<Map<String, String>> out = new ArrayList<>();
        List<String> locks = s.profile() == Profile.FULL ? List.of("false", "true") : List.of("false");
        for (String model : s.models()) {
            Model m = Model.named(model);
            if (!m.runsAnyTask()) {
                continue;
            }
            String workers = m.isSerial() ? "1" : "2";
            for (String lock : locks) {
                if (m == Model.GIL_EMULATED) {
                    out.add(p("model", model, "workers", workers, "lock", lock, "options", "mode=ticks", "checks", "bytecode"));
                    out.add(p("model", model, "workers", workers, "lock", lock, "options", "mode=interval", "checks", "bytecode"));
                    out.add(p("model", model, "workers", workers, "lock", lock, "options", "mode=interval", "checks", "back-edge"));
                } else {
                    out.add(p("model", model, "workers", workers, "lock", lock));
                }
            }
        }
        return out;
    }

    /** One bank operation: ceil(100 / pool) waves of 10 ms without the lock, 100 x 10 ms with it (or serially). */
    private static double bankSeconds(Map<String, String> params) {
        boolean serialised = params.get("lock").equals("true") || Model.named(params.get("model")).isSerial();
        int workers = Integer.parseInt(params.get("workers"));
        return serialised ? 1.1 : ((100 + workers - 1) / workers) * 0.011;
    }

    /** Every plan entry, in the order the plan lists them (rounds shuffle the order of the cells). */
    public static final List<Experiment> ALL;

    /** The entries of the suite before this round's groups. */
    private static final List<Experiment> CORE = List.of(
            // Lessons 1 and 2: at 1 worker each model's overhead against serial, at the cores its speedup.
            new ModelSweep(PrimeCheck.NAME, PrimeCheck.NAME, BENCH + "PrimeCheckBenchmark.primeCheck",
                    "65 trial divisions (the seed's list x 5)", 550, 65, 0, 0, false, 65, List.of(), CPU_QUICK, CPU_FULL),
            // The same lesson as prime-check with seed 003's loop: the speedup at the cores is enough.
            new ModelSweep(CountLoop.NAME, CountLoop.NAME, BENCH + "CountLoopBenchmark.countLoop",
                    "calc(): 4 x 100M increments", 800, 4, 0, 0, true, 0, CPU_SECOND, SHORT_QUICK, CPU_FULL),
            // Lesson 2's price: child JVMs must be sent the 800 MB array (~1 s per operation).
            new ModelSweep("range-sum-compute", RangeSum.NAME, BENCH + "RangeSumBenchmark.computeOnly",
                    "sum 1..1e8 over an existing array", 35, 8, 900, 1000, true, 0, SHARE_OR_SHIP, SHORT_QUICK,
                    CPU_FULL),
            new ModelSweep("range-sum-end-to-end", RangeSum.NAME, BENCH + "RangeSumBenchmark.endToEnd",
                    "the same, creating the array each time", 500, 8, PRE_TOUCH_MS, 1000, true, 8, SHARE_OR_SHIP, SHORT_QUICK,
                    CPU_FULL),
            new ModelSweep("range-sum-streamed", RangeSum.NAME, BENCH + "RangeSumBenchmark.streamed",
                    "the same ranges, counted (no data)", 35, 8, 0, 0, true, 0, CPU_SECOND, SHORT_QUICK,
                    CPU_FULL),
            // Lesson 3: N concurrent 100 ms sleeps take ceil(N / pool) waves; 1,000,000 only in full. The quick
            // profile adds the seeds' 100 downloads only where a pool needs several waves for them (pools of 16:
            // 7 waves, ~700 ms, beside CPython's ThreadPoolExecutor(16)).
            new SleepSweep(SleepIo.NAME, SleepIo.NAME, BENCH + "SleepIoBenchmark.sleepIo", "N concurrent sleeps of d ms",
                    List.of(10, 1000, 100_000), List.of(1, 10, 100, 1000, 10_000, 100_000), List.of(1_000_000),
                    List.of(100), List.of(10, 100, 1000), 1500, 10_000, IO_QUICK, IO_FULL),
            // Lesson 4: a 1 ms sleeper wakes an interval late when a CPU-bound thread holds the GIL.
            // Every wake-up is sampled (SampleTime: a latency distribution of thousands), so the quick profile
            // measured in every round, small (a verdict needs >= 2 forks; issue 18).
            new Listed("gil-convoy", BENCH + "GilBenchmark.wakeUp",
                    "1 ms sleeps under the GIL with 0, 1, 2 CPU-bound competitors",
                    s -> s.hasModel(Model.GIL_EMULATED_NAME) && s.hasWorkload(SleepIo.NAME),
                    s -> (s.profile() == Profile.FULL ? List.of("0", "1", "2") : List.of("0", "1")).stream()
                            .map(c -> p("competitors", c)).toList(),
                    params -> 0, TIMED_SHORT, TIMED_FULL, 0, 0),
            // Lesson 2: what starting one child JVM costs, against a warm pool's round trip.
            // Lesson 2's price: a cost, not a speedup; every round, one measured second.
            new Listed("process-start", BENCH + "ProcessStartBenchmark.startRoundTripExit",
                    "start one child JVM, one round trip, exit (default, lean, AOT, pool)",
                    s -> s.hasModel(Model.FORKED_PROCESS_NAME) && (s.hasWorkload(PrimeCheck.NAME)
                            || s.hasWorkload(CountLoop.NAME) || s.hasWorkload(RangeSum.NAME)),
                    s -> (s.profile() == Profile.FULL ? List.of("default", "lean", "lean-aot", "pool")
                            : List.of("default", "pool")).stream().map(c -> p("child", c)).toList(),
                    params -> 0, TIMED_SHORT, TIMED_FULL, 0, 0),
            // Lesson 4 (issue 10): CPU throughput of 2 GIL threads against 1 at each switch interval; its ratio
            // needs the rounds' spread like lessons 1-3. 4 x 10^7 count-loop increments, ~0.1 s per operation.
            // Lesson 4 (issue 10): CPU throughput of 2 GIL threads against 1 at each switch interval. Quick: 1 + 2
            // operations per fork in every round (the forks give the interval); full: more per fork.
            new Listed("gil-sweep-cpu", BENCH + "GilSweepBenchmark.cpuBound",
                    "2 GIL threads against 1 at each switch interval (sys.setswitchinterval)",
                    s -> s.hasModel(Model.GIL_EMULATED_NAME) && s.hasWorkload(CountLoop.NAME),
                    s -> intervals(s).stream().flatMap(us -> List.of(p("intervalUs", us, "threads", "1"),
                            p("intervalUs", us, "threads", "2")).stream()).toList(),
                    params -> 0.12, Iterations.singleShot(1, 2), Iterations.singleShot(3, 10), 0, 0),
            // Lesson 4: a 1 ms sleeper's lateness beside one CPU-bound thread at each switch interval: every wake-up
            // is sampled (thousands per fork), a latency distribution; every round, so the forks give its interval.
            new Listed("gil-sweep-wake-up", BENCH + "GilSweepBenchmark.wakeUp",
                    "a 1 ms sleep beside a CPU-bound GIL thread, at each switch interval",
                    s -> s.hasModel(Model.GIL_EMULATED_NAME) && s.hasWorkload(SleepIo.NAME),
                    s -> intervals(s).stream().map(us -> p("intervalUs", us)).toList(),
                    params -> 0, TIMED_SHORT, TIMED_FULL, 0, 0),
            // Lesson 5: the seed's bank account, per model, without and with the lock. The answer is the final
            // balance (a distribution over the operations) and the lock's price in time. Every round, 2 measured
            // per fork (>= 4 over 2 rounds): without the lock an operation lasts ~70 ms; with it ~1.1 s and no
            // warm-up (100 sleeps of 10 ms in turn: nothing for the JIT to speed up). The report
            // needs 3 runs of a cell before it calls every run exact (SharedStateLesson.MIN_RUNS).
            new Listed("lost-update-bank", BENCH + "LostUpdateBenchmark.bankAccount",
                    "100 deposits of 1 with a 10 ms sleep between read and write, pool of 16, no lock",
                    s -> s.hasWorkload(LOST_UPDATE), bankCells(false), Experiments::bankSeconds,
                    Iterations.singleShot(1, 2), Iterations.singleShot(1, 5), 0, 0),
            new Listed("lost-update-bank-lock", BENCH + "LostUpdateBenchmark.bankAccount",
                    "the same deposits with the lock: 100 every time, serialised (~1.1 s)",
                    s -> s.hasWorkload(LOST_UPDATE), bankCells(true), Experiments::bankSeconds,
                    Iterations.singleShot(0, 2), Iterations.singleShot(1, 5), 0, 0),
            // Lesson 5: seed 002's change_it (002:377-397); the GIL's three switching rules (2.7, 3.9, 3.10+). 4 runs per fork
            // in every round (the balances' distribution over 8-12 runs), ~10-20 ms each.
            new Listed("lost-update-change-it", BENCH + "LostUpdateBenchmark.changeIt",
                    "change_it(5) and change_it(8) in two threads, 3M times each: how often the balance is lost",
                    s -> s.hasWorkload(LOST_UPDATE), Experiments::changeItCells, params -> 0.06,
                    Iterations.singleShot(1, 4), Iterations.singleShot(2, 20), 0, 0),
            // Lesson 5: what one message costs, threads over a queue against child JVMs over a pipe.
            new Listed(PingPong.NAME, BENCH + "PingPongBenchmark.roundTrip",
                    "one round trip of a counter: thread queue, pipe to a child JVM, relay through the parent",
                    s -> s.hasWorkload(PING_PONG),
                    s -> PingPong.NAMES.stream().map(c -> p("channel", c)).toList(), params -> 0,
                    PING_PONG_QUICK, TIMED_FULL, 0, 0));

    static {
        // This round's groups (issues 20-22), each in its own file.
        ALL = java.util.stream.Stream.of(CORE, ProcessExperiments.ALL, ThreadExperiments.ALL, DistributedExperiments.ALL)
                .flatMap(List::stream).toList();
    }
}

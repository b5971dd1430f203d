package org.gilbench.report.lesson;

import java.util.List;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.write.Fmt;

/**
 * The seeds-table rows of the nine core lessons (issue 18; {@link SeedRow}, {@link SeedIds}): seed files and lines
 * as ../shared/SEEDS.md cites them, the chapters' published numbers ("Published numbers" section) beside this
 * run's, and how the two compare. The chapters ran other sizes on other machines, so a row compares a ratio that
 * means the same on both (threads' time / processes' time, a speedup) and says how each stands against its own
 * machine's ideal; where a chapter publishes no number the row is "measured" without one. Seed ids that are also
 * a workload's or a model's name are spelled by that constant (the seeds table's id is the same name).
 */
final class CoreSeeds {

    /** seed 000:598 and 000:649, 652: 16 threads 39.213 s (101 % CPU), 16 processes 27.497 s (389 %), "4-core" Mac. */
    static final double PRIME_THREADS_S = CPython.SEED_THREADS_S;
    static final double PRIME_PROCESSES_S = CPython.SEED_PROCESSES_S;
    static final int PRIME_CORES = 4;

    /** seed 003:133-134: calc() x4 "over 4 minutes" serial and in threads, "1.5 minutes" in 4 processes. */
    static final double CALC_THREADS_MIN = 4;
    static final double CALC_PROCESSES_MIN = 1.5;

    private CoreSeeds() {
    }

    /** Lesson 1's rows: the prime list (threads / processes) and count-loop's calc() (the same ratio). */
    static void threads(Section s, Evidence e) {
        s.seed(threadsOverProcesses(e, Workloads.PRIME_CHECK, Workloads.PRIME_CHECK, "seed 000:550-660",
                "the prime list ×5 in 16 threads and in 16 processes; here gil-emulated's time / forked-process's at the"
                        + " most workers that fit the cores",
                new SeedRow.Published(PRIME_THREADS_S / PRIME_PROCESSES_S, "× threads / processes time (39.213 / 27.497 s)",
                        "macOS, \"4-core\" (from 389 %)"), PRIME_CORES));
        s.seed(threadsOverProcesses(e, Workloads.COUNT_LOOP, Workloads.COUNT_LOOP, "seed 003:27-138",
                "calc() ×4 (10⁷ increments each) serial, in 4 threads, in 4 processes; here gil-emulated's time /"
                        + " forked-process's at the core count",
                new SeedRow.Published(CALC_THREADS_MIN / CALC_PROCESSES_MIN, "× threads / processes time (over 4 / 1.5"
                        + " min, a lower bound)", "unnamed, \"the same host\""), 4));
    }

    /** The switch-interval sweep's row. */
    static void gilSwitching(Section s, boolean measured) {
        String seeds = "seed 000:489, 001:268, 002:523";
        String what = "\"every 100 bytecodes\" a thread must release the GIL (CPython ≤ 3.1); here the 5 ms switch"
                + " interval of 3.2+ swept, and the old ticks mode";
        s.seed(measured ? SeedRow.measured("gil-switching", seeds, what + "; the chapters publish no number")
                : SeedRow.notMeasured("gil-switching", seeds, what, "no GilSweepBenchmark cell in this run"));
    }

    /** The shared-state lesson's rows (the chapters publish "not 100", "not necessarily 0": no number). */
    static void sharedState(Section s, boolean bank, boolean changeIt) {
        String bankWhat = "100 deposits of 1, each read, sleep(0.01), write, in a pool of 16, without and with a lock;"
                + " the chapters say \"not 100\", \"far less than 100\"";
        s.seed(bank ? SeedRow.measured("bank-account", "seed 000:371-485, 001:149-266", bankWhat)
                : SeedRow.notMeasured("bank-account", "seed 000:371-485, 001:149-266", bankWhat, "no bank cell in this run"));
        String changeWhat = "balance = balance + n; balance = balance - n in two threads; \"not necessarily 0\"";
        s.seed(changeIt ? SeedRow.measured("change-it", "seed 002:363-486", changeWhat)
                : SeedRow.notMeasured("change-it", "seed 002:363-486", changeWhat, "no change_it cell in this run"));
    }

    /** The ping-pong row: the seed counts to 50 through a Queue; it publishes the 50 prints, no time. */
    static void pingPong(Section s, Estimate pipeMicros) {
        String what = "two processes pass a counter to 50 through a Queue (50 prints in all); here one round trip over a"
                + " thread queue, a process pipe and a relay";
        s.seed(pipeMicros == null ? SeedRow.notMeasured(Workloads.PING_PONG, "seed 000:692-727", what, "no ping-pong cells")
                : new SeedRow(Workloads.PING_PONG, "seed 000:692-727", what, true, "", null,
                new SeedRow.Here(pipeMicros, "µs per round trip over a process pipe"),
                "the seed sleeps 10 ms per step, so its 50 steps take ≈0.25 s whatever a message costs"));
    }

    /** The event loop's row: no seed has asyncio code; the chapters describe coroutines only. */
    static void eventLoop(Section s, boolean measured) {
        String seeds = "seed 001:270-274, 002:676-682, 000:729-739";
        String what = "one thread, program-controlled switching, \"no thread-switching overhead\" (no code, no number);"
                + " here event-loop beside virtual threads on sleeps and CPU work";
        s.seed(measured ? SeedRow.measured(ModelNames.EVENT_LOOP, seeds, what)
                : SeedRow.notMeasured(ModelNames.EVENT_LOOP, seeds, what, "no event-loop cells in this run"));
    }

    private static SeedRow threadsOverProcesses(Evidence e, String workload, String id, String seeds, String what,
                                                SeedRow.Published pub, int theirCores) {
        Optional<List<ScalingAnalysis.Curve>> curves = e.experiments().values().stream()
                .filter(l -> l.get(0).workload().equals(workload)).findFirst();
        Optional<ScalingAnalysis.Point> gil = curves.flatMap(c -> Evidence.atCores(c, ModelNames.GIL_EMULATED, e.cores()));
        Optional<ScalingAnalysis.Point> proc = curves.flatMap(c -> Evidence.atCores(c, ModelNames.FORKED_PROCESS, e.cores()));
        if (gil.isEmpty() || proc.isEmpty()) {
            return SeedRow.notMeasured(id, seeds, what, "no gil-emulated and forked-process cells of " + workload
                    + " at 2+ workers in this run");
        }
        Estimate ratio = gil.get().time().dividedBy(proc.get().time());
        return SeedRow.compared(id, seeds, what, pub, new SeedRow.Here(ratio, "× threads / processes time"),
                "each as a share of its own ideal for processes: theirs " + Fmt.num(pub.value(), 2) + " / "
                        + theirCores + " (their ideal) = " + Fmt.num(pub.value() / theirCores, 2) + ", here "
                        + Fmt.num(ratio.value(), 2) + " / " + Fmt.num(proc.get().ideal(), 2) + " = "
                        + Fmt.num(ratio.value() / proc.get().ideal(), 2) + " (" + proc.get().workers() + " workers on "
                        + e.cores() + " cores)");
    }
}

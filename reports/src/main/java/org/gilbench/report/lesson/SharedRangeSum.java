package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.write.Fmt;

/**
 * Seed 001's range sum (001:364-430; SEEDS.md 1.5) as the seed times it: the numbers exist before the clock, and
 * under fork() every child already holds its slice. Lesson 2's table of SharedMemoryBenchmark's two ways to hand
 * the slices to child JVMs — mapped (shared: a task carries a path and bounds) or shipped through the pipe (as
 * spawn pickles {@code number_list[i:j]}) — each against serial over the same memory, beside CPython's own program
 * ({@code cpython/range_sum.py}: 8 processes over list slices and over a RawArray, by the seed's clock); and the
 * seeds-table row, which compares the seed's "about 6 s" / "under 1 s" with the shared speedup (like with like:
 * nothing shipped inside either clock), the shipped one named beside it. Shown, not judged.
 */
final class SharedRangeSum {

    /** seed 001:430: the sum of 1..10⁸ "about 6 s" serial, "under 1 s" in 8 processes ("my MacBook"). */
    static final double SEED_SERIAL_S = 6;
    static final double SEED_PROCESSES_S = 1;
    /** The seed's N (001:367). */
    static final long SEED_N = 100_000_000L;

    private SharedRangeSum() {
    }

    /** Serial's time / forked-process's for one way of handing over the slices, with the forked cell. */
    record Speedup(String way, Measurement serial, Measurement forked, Estimate value) {
    }

    static Optional<Speedup> speedup(Evidence e, String bench, String way) {
        Optional<Measurement> serial = ProcessCells.cell(e, bench, "model", ModelNames.SERIAL);
        Optional<Measurement> forked = ProcessCells.cell(e, bench, "model", ModelNames.FORKED_PROCESS);
        if (serial.isEmpty() || forked.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Speedup(way, serial.get(), forked.get(),
                ProcessCells.time(serial.get()).dividedBy(ProcessCells.time(forked.get()))));
    }

    /** The table, its paragraph and the seeds row (range-sum). */
    static void show(Section s, Evidence e) {
        Optional<Speedup> shared = speedup(e, ProcessLessons.SHARED_SUM_BENCH, "shared (mapped)");
        Optional<Speedup> shipped = speedup(e, ProcessLessons.SHIPPED_SUM_BENCH, "shipped (through the pipe)");
        List<Measurement> cpython = e.benchmark(ProcessLessons.CPY_RANGE_SUM);
        List<Speedup> java = new ArrayList<>();
        shared.ifPresent(java::add);
        shipped.ifPresent(java::add);
        if (!java.isEmpty() || !cpython.isEmpty()) {
            s.text("### Seed 001's sum: slices shared against slices shipped\n\n");
        }
        if (!java.isEmpty()) {
            StringBuilder t = new StringBuilder("The numbers 1..n exist before the clock (as the seed builds `number_list`"
                    + " first); 8 slices summed by serial and by child JVMs (`SharedMemoryBenchmark`), the total checked"
                    + " every operation:\n\n| slices | n | serial (ms) [95% CI] | forked-process (ms) [95% CI] | workers"
                    + " | speedup [95% CI] |\n|---|---:|---:|---:|---:|---:|\n");
            for (Speedup sp : java) {
                t.append("| ").append(sp.way()).append(" | ").append(sp.forked().params().getOrDefault("n", "?")).append(" | ")
                        .append(Fmt.pm(ProcessCells.time(sp.serial()))).append(" | ").append(Fmt.pm(ProcessCells.time(sp.forked())))
                        .append(" | ").append(sp.forked().workers()).append(" | ").append(Fmt.ci(sp.value())).append(" |\n");
            }
            s.text(t.append("\nEach speedup is serial over the same memory / forked-process: the mapped numbers are read"
                    + " through a buffer, the shipped ones from a heap array. Shared, a task carries a path and bounds;"
                    + " shipped, forked-process writes n / 8 longs per task through the child's pipe — the copy the seed's"
                    + " clock never sees under fork(). At the quick profile's 10⁷ the serial sum lasts a few ms, about"
                    + " what handing 8 tasks to child JVMs and collecting their answers costs, so the processes gain"
                    + " little or lose even when nothing is shipped; the seed's 6 s of work (and --full's 10⁸) dwarfs"
                    + " that cost.\n\n").toString());
        }
        s.text(ProcessCPython.table(cpython, "The seed's program in CPython (`cpython/range_sum.py`, start method fork:"
                        + " 8 `Process`es over list slices, or over a `RawArray`; the clock starts after the 8th `start()`,"
                        + " as the seed's; end to end adds slicing, starts and joins):", "mode, n",
                m -> m.params().get("mode") + ", " + m.params().get("n"), "ms by the seed's clock",
                List.of(ProcessCPython.estimate("end to end (ms) [95% CI]", "endToEnd", 1))));
        seed(s, e, shared, shipped);
    }

    private static void seed(Section s, Evidence e, Optional<Speedup> shared, Optional<Speedup> shipped) {
        String seeds = "seed 001:364-430";
        String what = "sum of 1..10⁸ in 8 processes over slices they already hold (fork), the clock leaving out building"
                + " and slicing the list; here forked-process's speedup over serial with the slices in shared memory";
        if (shared.isEmpty()) {
            s.seed(SeedRow.notMeasured(Workloads.RANGE_SUM, seeds, what, "no " + ProcessLessons.SHARED_SUM_BENCH
                    + " cells (serial and forked-process) in this run"));
            return;
        }
        Speedup sp = shared.get();
        long n = Long.parseLong(sp.forked().params().getOrDefault("n", String.valueOf(SEED_N)));
        String scale = n == SEED_N ? "the seed's 10⁸" : "n = " + n + " (1/" + (SEED_N % n == 0 ? String.valueOf(SEED_N / n)
                : Fmt.sig((double) SEED_N / n)) + " of the seed's 10⁸)";
        String cpython = "";
        Optional<Measurement> cpySerial = ProcessCells.cell(e, ProcessLessons.CPY_RANGE_SUM, "mode",
                ModelNames.SERIAL); // range_sum.py's mode of that name: the seed's serial loop
        for (String mode : List.of("processes", "shared")) {
            Optional<Measurement> m = ProcessCells.cell(e, ProcessLessons.CPY_RANGE_SUM, "mode", mode);
            if (cpySerial.isPresent() && m.isPresent()) {
                cpython += "; " + ProcessCPython.python(cpySerial.get()) + " at n = " + m.get().params().get("n") + ", "
                        + mode + ": " + Fmt.ci(ProcessCells.time(cpySerial.get()).dividedBy(ProcessCells.time(m.get())))
                        + "× by the seed's clock";
            }
        }
        s.seed(SeedRow.compared(Workloads.RANGE_SUM, seeds, what,
                new SeedRow.Published(SEED_SERIAL_S / SEED_PROCESSES_S, "× speedup, at least (about 6 s / under 1 s)",
                        "\"my MacBook\", cores not given"),
                new SeedRow.Here(sp.value(), "× speedup (shared)"),
                "theirs: 8 processes on a laptop of unnamed core count, 10⁸ numbers; here " + scale + " in 8 slices over "
                        + sp.forked().workers() + " child JVMs on " + e.cores() + " cores (ideal " + Math.min(sp.forked().workers(),
                        Math.max(1, e.cores())) + "×): compare each with its own core count; serial here sums in "
                        + Fmt.sig(ProcessCells.time(sp.serial()).value()) + " ms what took the seed ~6 s, so handing 8 tasks"
                        + " to child JVMs weighs far more here (--full: the seed's 10⁸)"
                        + shipped.map(x -> "; the same slices shipped: " + Fmt.ci(x.value()) + "×").orElse("") + cpython));
    }
}

package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.chart.ProcessCellsChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.write.Fmt;
import org.gilbench.workload.OwnCopies;
import org.gilbench.workload.SharedMemory;

/**
 * Seed lesson 5, processes: each process has its own copy of the program's data, and only memory made
 * shared is shared (seed 000:497-531, 000:664-690, 001:53-83; seed 004:293, 003:146-156).
 * OwnCopiesBenchmark.counting: Ping and Pong each count a "global" to {@code limit} (the seed's 50), so
 * two child JVMs take parties x limit steps (50 + 50), two threads {@code limit} (one counter);
 * OwnCopiesBenchmark.popping: {@code nums.pop(0)} gives 20 in every process; SharedMemoryBenchmark
 * .sharedCounter: 4 child JVMs add 1 to one counter in shared memory, without and with its lock.
 *
 * <p>Verdict, on counts no fake could produce: the steps each child JVM reports with its own process id
 * ({@code copies} = how many processes counted), the parent's own counter afterwards, and the shared
 * counter the parent reads back from the mapping after the children exit. Confirms when, in every
 * operation, forked-process counted parties x limit steps in {@code parties} processes with the parent's
 * counter left at 0, thread-pool (when measured) counted {@code limit} with the parent's at {@code limit},
 * and with the lock the shared counter reached parties x increments exactly; every judged cell over at
 * least {@link ProcessCells#MIN_FORKS} forks and not on disturbed attempts only. Contradicts when
 * forked-process's children shared their counter (steps = limit, or the parent's counter moved), or the
 * locked shared counter missed increments or stayed at 0 (the children did not share the mapping).
 * A failed judged cell: too-noisy, naming it. Missing cells: not measured.
 */
public final class OwnCopiesLesson implements Lesson {

    static final String COUNTING = ProcessLessons.COUNTING_BENCH;
    static final String POPPING = ProcessLessons.POPPING_BENCH;
    static final String COUNTER = ProcessLessons.COUNTER_BENCH;
    static final String LOCK = "lock";
    static final String NONE = "none";

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String id() {
        return "processes-own-copies";
    }

    @Override
    public String title() {
        return "Each process counts its own copy; only shared memory is shared";
    }

    @Override
    public List<String> evidence() {
        return List.of(ProcessLessons.FORK_COPIES_GLOBALS, ProcessLessons.FORK_COPIES_POP,
                ProcessLessons.SHARED_MEMORY_COUNTER, ProcessLessons.CPY_OWN_COPIES, ProcessLessons.CPY_SHARED_MEMORY);
    }

    @Override
    public String rule() {
        return "*Lesson 5, own copies* (" + OwnCopies.NAME + ", shared-memory counter): confirms when every operation"
                + " of forked-process counted parties × limit steps in `parties` child JVMs (each reports its own pid)"
                + " with the parent's counter left at 0, thread-pool counted `limit` steps with the parent's at `limit`,"
                + " and the locked shared counter read back by the parent equals parties × increments; each judged"
                + " cell over >= " + ProcessCells.MIN_FORKS + " forks, not disturbed-only. Contradicts when the child"
                + " JVMs shared their counter or the locked counter missed increments; a failed judged cell is"
                + " too-noisy, named.";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        Optional<Measurement> procCount = ProcessCells.cell(e, COUNTING, "model", ModelNames.FORKED_PROCESS);
        Optional<Measurement> threadCount = ProcessCells.cell(e, COUNTING, "model", ModelNames.THREAD_POOL);
        Optional<Measurement> procPop = ProcessCells.cell(e, POPPING, "model", ModelNames.FORKED_PROCESS);
        Optional<Measurement> threadPop = ProcessCells.cell(e, POPPING, "model", ModelNames.THREAD_POOL);
        Optional<Measurement> locked = ProcessCells.cell(e, COUNTER, "locking", LOCK);
        Optional<Measurement> unlocked = ProcessCells.cell(e, COUNTER, "locking", NONE);
        decide(s, e, procCount, threadCount, locked, unlocked);
        s.text("The seed: a child process gets a copy of the parent's memory, so a global counter that Ping and"
                + " Pong both increment to 50 is counted to 50 twice (50 'Ping' and 50 'Pong'), and `nums.pop(0)`"
                + " gives 20 in every process; threads share one counter. Only memory made shared (`Value`, `Array`,"
                + " here a mapped file) is seen by all, and then it needs its lock.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        List<String> categories = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        List<Double> expectedCopies = new ArrayList<>();
        List<Double> oneCounter = new ArrayList<>();
        StringBuilder t = new StringBuilder("| cell | forks | operations | steps counted | processes that counted"
                + " | parent's counter after | the seed (processes) |\n|---|---:|---:|---|---|---|---|\n");
        for (Optional<Measurement> c : List.of(threadCount, procCount)) {
            c.ifPresent(m -> {
                int parties = m.intParam("parties", 2);
                int limit = m.intParam("limit", 50);
                t.append("| counting, ").append(m.model()).append(" | ").append(ProcessCells.forks(m)).append(" | ")
                        .append(ProcessCells.values(m, "steps").length).append(" | ")
                        .append(ProcessCells.distinct(m, "steps")).append(" | ").append(ProcessCells.distinct(m, "copies"))
                        .append(" | ").append(ProcessCells.distinct(m, "parentCounter")).append(" | ")
                        .append(limit).append(" + ").append(limit).append(" |\n");
                categories.add(m.model());
                double[] steps = ProcessCells.values(m, "steps");
                measured.add(steps.length == 0 ? 0 : Estimate.median(steps));
                expectedCopies.add((double) parties * limit);
                oneCounter.add((double) limit);
            });
        }
        for (Optional<Measurement> c : List.of(threadPop, procPop)) {
            c.ifPresent(m -> t.append("| popping, ").append(m.model()).append(" | ").append(ProcessCells.forks(m))
                    .append(" | ").append(ProcessCells.values(m, "parentPop").length).append(" | pops: ")
                    .append(ProcessCells.distinct(m, "pop0")).append(" / ").append(ProcessCells.distinct(m, "pop1"))
                    .append(" | | parent popped ").append(ProcessCells.distinct(m, "parentPop")).append(" | ")
                    .append(OwnCopies.SEED_NUMS.get(0)).append(", ").append(OwnCopies.SEED_NUMS.get(0)).append(", ")
                    .append(OwnCopies.SEED_NUMS.get(0)).append(" |\n"));
        }
        for (Optional<Measurement> c : List.of(unlocked, locked)) {
            c.ifPresent(m -> t.append("| shared counter, ").append(m.params().get("locking")).append(" | ")
                    .append(ProcessCells.forks(m)).append(" | ").append(ProcessCells.values(m, "counter").length)
                    .append(" | counter ").append(ProcessCells.distinct(m, "counter")).append(" of ")
                    .append(ProcessCells.distinct(m, "total")).append(" | ").append(m.params().get("parties"))
                    .append(" child JVMs | lost ").append(ProcessCells.distinct(m, "lost")).append(" | (not in the seeds) |\n"));
        }
        if (!categories.isEmpty()) {
            s.chart("own-copies", "steps counted per operation against parties x limit (own copies) and limit (one counter)",
                    () -> List.of(ProcessCellsChart.counts("Ping and Pong count a global to " + oneCounter.get(0).intValue(),
                            "steps counted (median over operations)", categories,
                            List.of("measured", "each process its own copy (the seed)", "one shared counter"),
                            List.of(measured, expectedCopies, oneCounter))));
        }
        if (t.indexOf("| counting") >= 0 || t.indexOf("| popping") >= 0 || t.indexOf("| shared") >= 0) {
            s.text(t.append("\nEvery value is counted where the work happened: each child JVM returns its steps with its"
                    + " process id, the parent reads its own counter afterwards, and the shared counter is read back from"
                    + " the mapping after the children exit. The time of these cells is incidental (10 ms sleeps).\n\n")
                    .toString());
        }
        s.text("A child JVM starts from the task, not from the parent's heap, so the copy here is explicit (the task"
                + " is serialised, as `spawn` pickles it); `fork()`'s copy-on-write sharing of the parent's pages is not"
                + " imitated. Without its lock the shared counter loses updates between processes as threads do: the"
                + " read and the write of `+= 1` are two steps.\n\n");
        s.text(cpython(e));
        seeds(s, procCount, procPop, locked, unlocked, e);
        return s;
    }

    static void decide(Section s, Evidence e, Optional<Measurement> procCount, Optional<Measurement> threadCount,
                       Optional<Measurement> locked, Optional<Measurement> unlocked) {
        List<String> failed = new ArrayList<>(ProcessCells.failed(e, COUNTING));
        failed.addAll(ProcessCells.failed(e, COUNTER, "locking", LOCK));
        if (!failed.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, "undecided: " + String.join("; ", failed) + " (a failed judged cell never confirms)");
            return;
        }
        if (procCount.isEmpty() || locked.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + COUNTING + " under " + ModelNames.FORKED_PROCESS + " and "
                    + COUNTER + " with locking=" + LOCK);
            return;
        }
        Measurement pc = procCount.get();
        int parties = pc.intParam("parties", 2);
        int limit = pc.intParam("limit", 50);
        Measurement lk = locked.get();
        double total = (double) lk.intParam("parties", 4) * lk.intParam("increments", 1);
        s.number("processSteps", median(pc, "steps")).number("processCopies", median(pc, "copies"))
                .number("lockedCounter", median(lk, "counter")).number("lockedTotal", total);
        threadCount.ifPresent(m -> s.number("threadSteps", median(m, "steps")));
        unlocked.ifPresent(m -> s.number("unlockedLost", median(m, "lost")));
        boolean procShared = ProcessCells.values(pc, "steps").length > 0
                && java.util.Arrays.stream(ProcessCells.values(pc, "steps")).anyMatch(v -> v <= limit)
                || java.util.Arrays.stream(ProcessCells.values(pc, "parentCounter")).anyMatch(v -> v != 0);
        boolean procOwn = ProcessCells.every(pc, "steps", (double) parties * limit)
                && ProcessCells.every(pc, "copies", parties) && ProcessCells.every(pc, "parentCounter", 0);
        boolean threadsShare = threadCount.map(m -> ProcessCells.every(m, "steps", m.intParam("limit", 50))
                && ProcessCells.every(m, "parentCounter", m.intParam("limit", 50))).orElse(true);
        boolean lockExact = ProcessCells.every(lk, "counter", total) && ProcessCells.every(lk, "lost", 0);
        String shown = ModelNames.FORKED_PROCESS + " counted " + ProcessCells.distinct(pc, "steps") + " steps in "
                + ProcessCells.distinct(pc, "copies") + " processes (own copies: " + parties * limit + "), parent's counter "
                + ProcessCells.distinct(pc, "parentCounter") + threadCount.map(m -> "; " + ModelNames.THREAD_POOL + " "
                + ProcessCells.distinct(m, "steps") + " (one counter: " + m.intParam("limit", 50) + ")").orElse("")
                + "; the locked shared counter " + ProcessCells.distinct(lk, "counter") + " of " + Fmt.sig(total)
                + unlocked.map(m -> ", without the lock " + ProcessCells.distinct(m, "lost") + " lost").orElse("");
        if (procShared || !lockExact) {
            s.verdict(Verdict.CONTRADICTS, shown + (procShared ? ": the child JVMs counted one shared counter"
                    : ": the locked counter in shared memory missed increments"));
            return;
        }
        if (!procOwn || !threadsShare) {
            s.verdict(Verdict.TOO_NOISY, shown + ": the counts are neither the own copies' nor one shared counter's");
            return;
        }
        List<Measurement> judged = new ArrayList<>(List.of(pc, lk));
        threadCount.ifPresent(judged::add);
        Optional<String> weak = ProcessCells.cannotConfirm(judged);
        if (weak.isPresent()) {
            s.verdict(Verdict.TOO_NOISY, shown + ": would confirm, but " + weak.get());
            return;
        }
        s.verdict(Verdict.CONFIRMS, shown + ": each child JVM counted its own copy, and the memory made shared"
                + " was seen by every child, exact under its lock");
    }

    private static double median(Measurement m, String label) {
        double[] v = ProcessCells.values(m, label);
        return v.length == 0 ? Double.NaN : Estimate.median(v);
    }

    /** The seeds' own programs in CPython (fork_copies_globals.py, shared_memory.py): shown beside, not judged. */
    static String cpython(Evidence e) {
        String copies = ProcessCPython.table(e.benchmark(ProcessLessons.CPY_OWN_COPIES), "The seeds' programs"
                        + " in CPython (`cpython/fork_copies_globals.py`, start method fork; every count checked by the"
                        + " program):", "program, model", m -> m.params().get("program") + ", " + m.model(), "ms per run",
                List.of(ProcessCPython.counts("steps", "steps"), ProcessCPython.counts("processes that counted", "copies"),
                        ProcessCPython.counts("parent's counter", "parentCounter"),
                        new ProcessCPython.Column("pops", m -> m.secondary().containsKey("pop0")
                                ? ProcessCells.distinct(m, "pop0") + " / " + ProcessCells.distinct(m, "pop1") : "–"),
                        ProcessCPython.counts("parent popped", "parentPop")));
        String shared = ProcessCPython.table(e.benchmark(ProcessLessons.CPY_SHARED_MEMORY), "`Value('q', 0)`"
                        + " incremented by processes in CPython (`cpython/shared_memory.py`: `counter.value += 1`, or under"
                        + " `with counter.get_lock():`):", "locking, processes x increments", m -> m.params().get("locking")
                        + ", " + m.workers() + " x " + m.params().get("increments"), "ms per run",
                List.of(ProcessCPython.counts("counter", "counter"), ProcessCPython.counts("of", "total"),
                        ProcessCPython.counts("lost", "lost")));
        return copies + shared;
    }

    private static void seeds(Section s, Optional<Measurement> procCount, Optional<Measurement> procPop,
                              Optional<Measurement> locked, Optional<Measurement> unlocked, Evidence e) {
        String copies = "seed 000:497-531, 000:664-690, 001:53-83";
        String what = "Ping and Pong count a global to 50 in two processes; nums.pop(0) in each: counts per child JVM";
        if (procCount.isPresent()) {
            Measurement m = procCount.get();
            s.seed(SeedRow.compared(OwnCopies.NAME, copies, what,
                    new SeedRow.Published(2 * 50, "steps (50 + 50)", "— (000:690)"),
                    new SeedRow.Here(Estimate.exact(median(m, "steps")), "steps"),
                    "the same counts (limit " + m.intParam("limit", 50) + ", " + m.intParam("millis", 10)
                            + " ms a step); exact, every operation" + procPop.map(p -> "; pops " + ProcessCells.distinct(p, "pop0")
                            + " and parent " + ProcessCells.distinct(p, "parentPop") + " (seed: 20 in all three)").orElse("")));
        } else {
            s.seed(SeedRow.notMeasured(OwnCopies.NAME, copies, what, "not selected (--workloads " + OwnCopies.NAME + ")"));
        }
        String shared = "seed 004:293, 003:146-156";
        String sharedWhat = "Value/Array named only; here 4 child JVMs x 10^6 increments of a mapped counter, no lock vs lock";
        if (locked.isEmpty()) {
            s.seed(SeedRow.notMeasured(SharedMemory.NAME, shared, sharedWhat, "not selected (--workloads " + SharedMemory.NAME + ")"));
            return;
        }
        Measurement lk = locked.get();
        String cpythonLost = ProcessCells.cell(e, ProcessLessons.CPY_SHARED_MEMORY, "locking", "none")
                .map(m -> "; " + ProcessCPython.python(m) + " here, " + m.workers() + " x " + m.params().get("increments")
                        + " on a Value: lost " + ProcessCells.distinct(m, "lost") + " without get_lock()").orElse("");
        s.seed(new SeedRow(SharedMemory.NAME, shared, sharedWhat, true, "", null,
                new SeedRow.Here(Estimate.exact(median(lk, "counter")), "counted of " + ProcessCells.distinct(lk, "total")
                        + " under the lock"),
                "the seeds name Value and Array only (no program, no number)" + unlocked.map(m -> "; without the lock "
                        + Fmt.sig(median(m, "lost")) + " lost (median)").orElse("") + cpythonLost));
    }
}

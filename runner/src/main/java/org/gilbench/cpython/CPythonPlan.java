package org.gilbench.cpython;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PingPong;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.SleepIo;

/**
 * The CPython cells a profile runs for one interpreter, each mirroring the Java cells it is compared
 * with, with its cost per run (interpreter start, warm-up and measured operations).
 *
 * <p>The budget sets the sizes. CPython runs the seed's prime list x5 in 8–15 s serially here, 20–50x the
 * JVM, and one quick run has three rounds; so the quick profile checks the list x1 and counts 4 x 2.5 M in
 * count-loop (the Java cells: x5 and 4 x 100 M). Ratios (threads / serial, processes / serial) do not
 * depend on the size as long as a task lasts many 5 ms switch intervals; the {@code listMultiple} and
 * {@code iterations} params say what was run. Quick, 2 cores: ~25.5 s per round for a default 3.x
 * build (15 s of it prime-check), ~2.5 s for 2.7: ~84 s over three rounds.
 *
 * <ul>
 *   <li>prime-check (lessons 1, 2): {@code cpython-serial} (the baseline), threads and processes at the
 *       core count (full: 1, 2, 4, .. 2 x cores);</li>
 *   <li>count-loop (lessons 1, 2; 2.7's old GIL: threads slower than serial);</li>
 *   <li>sleep-io (lesson 3): {@code ThreadPoolExecutor(16)} 100 x 100 ms, {@code (1000)} 1,000 x 100 ms
 *       (full: also 10,000);</li>
 *   <li>convoy (lesson 4, GilBenchmark): 1 ms sleeps beside 0, 1, 2 CPU-bound threads;</li>
 *   <li>change-it and bank-account (lesson 5): the lost updates, without a lock (full: with one too);
 *       ping-pong (lesson 5): round trips/s over a Pipe to a process and a Queue to a thread, without
 *       competitors (full: with 0, 1, 2 CPU-bound competitors).</li>
 * </ul>
 */
public final class CPythonPlan {

    private CPythonPlan() {
    }

    /** quick: 1 warm-up + 2 measured operations per round; full: 1 + 3. */
    static int ops(String profile) {
        return profile.equals("full") ? 3 : 2;
    }

    /** Starting an interpreter and importing the driver (concurrent.futures, multiprocessing). */
    static final double START_SECONDS = 0.15;

    // Per-operation costs measured here (CPython 3.11.7, 2.7.18; 2-core VM, shared): see estimateOp.
    /** The seed list x1 (13 numbers) in one thread. */
    static final double PRIME_LIST_SECONDS = 1.8;
    /** One iteration of calc()'s loop: 3.11 / 2.7. */
    static final double CALC_ITERATION_SECONDS_3 = 34e-9;
    static final double CALC_ITERATION_SECONDS_2 = 60e-9;

    /**
     * The cells of {@code profile} ("quick" or "full") for {@code python}, for a machine with
     * {@code cores} logical CPUs.
     */
    public static List<CPythonCell> cells(String profile, int cores, Python python) {
        if (!profile.equals("quick") && !profile.equals("full")) {
            throw new IllegalArgumentException("profile '" + profile + "' unknown (known: quick, full)");
        }
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        boolean full = profile.equals("full");
        List<CPythonCell> cells = new ArrayList<>();
        Builder b = new Builder(cells, python, cores, ops(profile));
        // Workers of the parallel models: the core count (quick); 1, 2, 4, .. 2 x cores (full).
        Set<Integer> sweep = full ? powersUpTo(2 * cores) : Set.of(cores);

        if (python.isPython2()) {
            // The old GIL: CPU-bound threads slower than serial on several cores (gil.md #9); the race.
            String iterations = full ? "2500000" : "500000";
            b.add(CountLoop.NAME, "cpython-serial", 1, "tasks", "4", "iterations", iterations);
            for (int w : sweep) {
                b.add(CountLoop.NAME, "cpython2-threads", w, "tasks", "4", "iterations", iterations);
            }
            b.add("change-it", "cpython2-threads", 1, "iterations", "100000", "lock", "none");
            b.add("convoy", "cpython2-threads", 1, "competitors", "1", "tasks", full ? "200" : "50");
            if (full) {
                b.add("bank-account", "cpython2-threads", 16, "tasks", "100", "millis", "10", "lock", "none");
            }
            return List.copyOf(cells);
        }
        String list = full ? "2" : "1";
        String iterations = full ? "10000000" : "2500000";
        // The baseline first, as the Java groups run serial before what is compared with it.
        b.add(PrimeCheck.NAME, "cpython-serial", 1, "variant", "seed", "listMultiple", list);
        b.add(CountLoop.NAME, "cpython-serial", 1, "tasks", "4", "iterations", iterations);
        if (!python.gilEnabled()) {
            // Free-threaded: CPU-bound threads scale (gil.md #10).
            for (int w : sweep) {
                b.add(PrimeCheck.NAME, "cpython-free-threaded", w, "variant", "seed", "listMultiple", list);
                b.add(CountLoop.NAME, "cpython-free-threaded", w, "tasks", "4", "iterations", iterations);
            }
            return List.copyOf(cells);
        }
        for (String model : List.of("cpython-threads", "cpython-processes")) {
            for (int w : sweep) {
                b.add(PrimeCheck.NAME, model, w, "variant", "seed", "listMultiple", list);
                b.add(CountLoop.NAME, model, w, "tasks", "4", "iterations", iterations);
            }
        }
        b.add(SleepIo.NAME, "cpython-threads", 16, "tasks", "100", "millis", "100");
        b.add(SleepIo.NAME, "cpython-threads", 1000, "tasks", "1000", "millis", "100");
        if (full) {
            b.add(SleepIo.NAME, "cpython-threads", 1000, "tasks", "10000", "millis", "100");
        }
        for (int c = 0; c <= 2; c++) {
            b.add("convoy", "cpython-threads", 1, "competitors", Integer.toString(c), "tasks", full ? "200" : "50");
        }
        // This round's groups (issues 20-22), each in its own file.
        ProcessCPythonCells.add(b, python, cores, full);
        ThreadCPythonCells.add(b, python, cores, full);
        DistributedCPythonCells.add(b, python, cores, full);
        b.add("change-it", "cpython-threads", 1, "iterations", "100000", "lock", "none");
        b.add("bank-account", "cpython-threads", 16, "tasks", "100", "millis", "10", "lock", "none");
        if (!full) {
            // Lesson 5's round trip beside the Java channels, live rather than a reference figure (issue 23):
            // 300 round trips of ~0.1-0.3 ms are ~0.1 s an operation, a median over 2 ops per round.
            for (String model : List.of("cpython-processes", "cpython-threads")) {
                b.add(PingPong.NAME, model, 1, "competitors", "0", "tasks", "300");
            }
        }
        if (full) {
            b.add("change-it", "cpython-threads", 1, "iterations", "100000", "lock", "lock");
            b.add("bank-account", "cpython-threads", 16, "tasks", "100", "millis", "10", "lock", "lock");
            for (String model : List.of("cpython-processes", "cpython-threads")) {
                for (int c = 0; c <= 2; c++) {
                    b.add(PingPong.NAME, model, 1, "competitors", Integer.toString(c), "tasks", "500");
                }
            }
        }
        return List.copyOf(cells);
    }

    /** Every interpreter's cells, in the order the interpreters were found. */
    public static List<CPythonCell> cells(String profile, int cores, List<Python> pythons) {
        List<CPythonCell> all = new ArrayList<>();
        for (Python p : pythons) {
            all.addAll(cells(profile, cores, p));
        }
        return List.copyOf(all);
    }

    /** The estimated seconds of one run of every cell (one round). */
    public static double totalSeconds(List<CPythonCell> cells) {
        return cells.stream().mapToDouble(CPythonCell::estimateSeconds).sum();
    }

    private static Set<Integer> powersUpTo(int n) {
        Set<Integer> out = new LinkedHashSet<>();
        for (int w = 1; w < n; w *= 2) {
            out.add(w);
        }
        out.add(n);
        return out;
    }

    /**
     * One operation's expected seconds, from measurements here (../shared/notes: suite-checks.md,
     * gil.md) and this driver's runs; only for budgets and timeouts.
     */
    static double estimateOp(String experiment, Map<String, String> p, Python python, int cores) {
        int workers = Integer.parseInt(p.get("workers"));
        String model = p.get("model");
        int parallel = model.equals("cpython-processes") || model.equals("cpython-free-threaded")
                ? Math.min(workers, cores) : 1;
        // Threads under a GIL: 1.0-1.25x serial (gil.md #1); the old GIL on several cores up to 1.8x (#9).
        double gilPenalty = model.equals("cpython2-threads") && workers > 1 ? 1.8
                : model.equals("cpython-threads") && workers > 1 ? 1.15 : 1.0;
        return switch (experiment) {
            case PrimeCheck.NAME -> {
                double serial = PRIME_LIST_SECONDS * Integer.parseInt(p.get("listMultiple"));
                // The four ~1.1e14 primes bound the balance: ~1.9x at best on 2 workers.
                yield serial * gilPenalty / (parallel == 1 ? 1 : parallel * 0.9) + (parallel > 1 ? 0.05 : 0);
            }
            case CountLoop.NAME -> {
                double perIteration = python.isPython2() ? CALC_ITERATION_SECONDS_2 : CALC_ITERATION_SECONDS_3;
                int tasks = Integer.parseInt(p.get("tasks"));
                double serial = perIteration * tasks * Long.parseLong(p.get("iterations"));
                yield serial * gilPenalty / Math.min(parallel, tasks) + (parallel > 1 ? 0.05 : 0);
            }
            case SleepIo.NAME -> {
                int tasks = Integer.parseInt(p.get("tasks"));
                long waves = (tasks + workers - 1) / workers;
                // + ~0.3 ms per task: starting threads, queueing (1,000 tasks in 1,000 threads: 0.33-0.57 s).
                yield waves * Integer.parseInt(p.get("millis")) / 1000.0 + tasks * 0.0003;
            }
            case "convoy" -> {
                // A 1 ms sleep: 1.1 ms alone, ~6.4 ms beside a CPU-bound thread (3.x), ~1.2 ms on 2.7.
                boolean late = !p.get("competitors").equals("0") && !python.isPython2();
                yield Integer.parseInt(p.get("tasks")) * (late ? 0.0065 : 0.0012) + 0.02;
            }
            case PingPong.NAME -> Integer.parseInt(p.get("tasks")) / (p.get("competitors").equals("0") ? 5000.0 : 300.0);
            case "change-it" -> Integer.parseInt(p.get("iterations")) * 1e-6;
            case "bank-account" -> {
                int tasks = Integer.parseInt(p.get("tasks"));
                double millis = Integer.parseInt(p.get("millis")) / 1000.0;
                yield p.get("lock").equals("lock") ? tasks * millis : (tasks + workers - 1) / workers * millis;
            }
            default -> throw new IllegalArgumentException("no estimate for " + experiment);
        };
    }

    /** Adds cells with their estimates. */
    record Builder(List<CPythonCell> cells, Python python, int cores, int ops) {
        /** A cell of the core experiments, whose per-operation cost {@link #estimateOp} knows. */
        void add(String experiment, String model, int workers, String... keyValues) {
            Map<String, String> params = params(model, workers, keyValues);
            add(experiment, estimateOp(experiment, params, python, cores), model, workers, keyValues);
        }

        /** A cell with its own estimate of one operation, seconds (the groups' cells). */
        void add(String experiment, double opSeconds, String model, int workers, String... keyValues) {
            cells.add(new CPythonCell(experiment, params(model, workers, keyValues), 1, ops,
                    START_SECONDS + (1 + ops) * opSeconds));
        }

        private static Map<String, String> params(String model, int workers, String... keyValues) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("model", model);
            params.put("workers", Integer.toString(workers));
            for (int i = 0; i < keyValues.length; i += 2) {
                params.put(keyValues[i], keyValues[i + 1]);
            }
            return params;
        }
    }
}

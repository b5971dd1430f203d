package org.gilbench.report.analysis;

import org.gilbench.report.read.Measurement;

import java.util.List;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.Task;

/**
 * The load-balance bound on speedup: with tasks of total work W whose largest is L, no number of
 * workers finishes before L, so speedup &lt;= W / L whatever the cores (the ideal is
 * min(workers, cores, W / L)).
 *
 * <p>JMH's results hold no per-task times, so W / L comes from the workload's definition: for
 * prime-check the number of trial divisions each task makes (the prime list's real tasks, from the
 * {@code workloads} module: a prime n costs isqrt(n) - 1 divisions, a composite one stops at its
 * smallest factor), for the other workloads equal tasks, so W / L is their count. The report says
 * where the bound came from.
 */
public final class LoadBalance {

    /**
     * The task list's costs (relative units, in submission order), W / L, and where they came from.
     *
     * @param costs empty when the task sizes are unknown: then the ideal is min(workers, cores)
     */
    public record Bound(double value, String source, double[] costs) {

        public Bound(double value, String source) {
            this(value, source, equal((int) Math.min(value, MAX_EQUAL_TASKS)));
        }

        /**
         * The best speedup {@code workers} workers can reach on this task list: total work / the
         * makespan of the list scheduled as the executors do it (each next task, in submission order,
         * to the first free worker). Steps where the tasks do (4 equal tasks on 3 workers: 2x, not 3x).
         */
        public double ideal(int workers) {
            if (workers <= 1) {
                return 1;
            }
            if (costs.length == 0) {
                return workers;
            }
            return LoadBalance.total(costs) / makespan(costs, workers);
        }
    }

    /** Equal tasks beyond this many are treated as divisible (their steps are invisible anyway). */
    static final int MAX_EQUAL_TASKS = 100_000;

    static double[] equal(int n) {
        double[] c = new double[Math.max(0, n)];
        java.util.Arrays.fill(c, 1);
        return c;
    }

    static double total(double[] costs) {
        double t = 0;
        for (double c : costs) {
            t += c;
        }
        return t;
    }

    /** List scheduling in submission order: each task goes to the worker that frees up first. */
    public static double makespan(double[] costs, int workers) {
        java.util.PriorityQueue<Double> free = new java.util.PriorityQueue<>();
        for (int i = 0; i < workers; i++) {
            free.add(0.0);
        }
        double end = 0;
        for (double c : costs) {
            double start = free.poll();
            free.add(start + c);
            end = Math.max(end, start + c);
        }
        return end;
    }

    /** Prime bounds by variant: computing one walks the composite's divisors, so do it once. */
    private static final java.util.Map<String, Bound> PRIME_BOUNDS = new java.util.concurrent.ConcurrentHashMap<>();

    private LoadBalance() {
    }

    public static Bound of(Measurement m, String workload) {
        switch (workload) {
            case Workloads.PRIME_CHECK -> {
                String variantName = m.params().getOrDefault("variant", "seed");
                PrimeCheck.Variant variant;
                try {
                    variant = PrimeCheck.Variant.named(variantName);
                } catch (IllegalArgumentException e) {
                    variant = PrimeCheck.Variant.SEED;
                }
                PrimeCheck.Variant v = variant;
                // CPython's cells run the seed list a different number of times (listMultiple): its bound is
                // its own task list's, not the Java side's x5 (issue 18: x1 has ideal ~1.7 at 2 workers, x5 1.95).
                int multiple = (int) Workloads.longParam(m, List.of("listMultiple"));
                if (multiple > 0 && multiple != SEED_LIST_REPEATS) {
                    return PRIME_BOUNDS.computeIfAbsent(v.label() + " x" + multiple, k -> primeCheck(
                            repeated(new PrimeCheck(v).tasks(), multiple), k));
                }
                return PRIME_BOUNDS.computeIfAbsent(v.label(), k -> primeCheck(new PrimeCheck(v).tasks(), k));
            }
            case Workloads.RANGE_SUM -> {
                long chunks = Workloads.longParam(m, List.of("chunks", "tasks", "slices"));
                return chunks > 0
                        ? new Bound(chunks, chunks + " equal chunks (parameter)")
                        : new Bound(8, "the seed's 8 equal chunks (no chunks parameter in the results)");
            }
            case Workloads.COUNT_LOOP -> {
                long tasks = Workloads.longParam(m, List.of("tasks", "taskCount"));
                return tasks > 0
                        ? new Bound(tasks, tasks + " equal tasks (parameter)")
                        : new Bound(4, "the seed's 4 equal calc() tasks (no tasks parameter in the results)");
            }
            default -> {
                return new Bound(Double.POSITIVE_INFINITY, "not bounded by task sizes", new double[0]);
            }
        }
    }

    /** The Java prime-check runs the seed's 13-number list this many times ("PRIMES = [...] * 5"). */
    static final int SEED_LIST_REPEATS = 5;

    /** The seed list (the first 1/{@link #SEED_LIST_REPEATS} of {@code tasks}) repeated {@code multiple} times. */
    static List<Task> repeated(List<Task> tasks, int multiple) {
        int per = tasks.size() / SEED_LIST_REPEATS;
        List<Task> out = new java.util.ArrayList<>();
        for (int i = 0; i < per * multiple; i++) {
            out.add(tasks.get(i % per));
        }
        return out;
    }

    /** W / L of a prime list, in trial divisions. */
    public static Bound primeCheck(List<Task> tasks, String variant) {
        double total = 0;
        double largest = 0;
        List<Double> costs = new java.util.ArrayList<>();
        for (Task t : tasks) {
            if (!(t instanceof PrimeCheck.Check check)) {
                continue;
            }
            // Each task's fixed cost (a message, a future) is small beside even the smallest prime's
            // thousand divisions: counted as one division.
            double divisions = divisions(check.n(), check.oddOnly()) + 1;
            costs.add(divisions);
            total += divisions;
            largest = Math.max(largest, divisions);
        }
        if (largest == 0) {
            return new Bound(Double.POSITIVE_INFINITY, "unknown (no prime-check tasks)", new double[0]);
        }
        return new Bound(total / largest, String.format(java.util.Locale.ROOT,
                "the makespan of the %d tasks of the %s list scheduled on min(workers, cores) workers, task"
                + " costs from their trial-division counts (W / L = %.1f)", tasks.size(), variant, total / largest),
                costs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The number of loop iterations {@code is_prime(n)} makes. */
    public static double divisions(long n, boolean oddOnly) {
        if (oddOnly && n % 2 == 0) {
            return 0;
        }
        long limit = isqrt(n);
        long step = oddOnly ? 2 : 1;
        long first = oddOnly ? 3 : 2;
        long stop = limit;  // the last divisor the loop tries
        if (!java.math.BigInteger.valueOf(n).isProbablePrime(50)) {
            // Composite: the loop stops at the smallest factor. Find it over odd candidates only (half
            // the work; only the list's one composite takes a few million steps, a few milliseconds).
            long factor = n % 2 == 0 ? 2 : 0;
            for (long i = 3; factor == 0 && i <= limit; i += 2) {
                if (n % i == 0) {
                    factor = i;
                }
            }
            if (factor != 0) {
                stop = factor;
            }
        }
        return stop < first ? 0 : (stop - first) / step + 1;
    }

    public static long isqrt(long n) {
        long r = (long) Math.sqrt((double) n);
        while (r * r > n) {
            r--;
        }
        while ((r + 1) * (r + 1) <= n) {
            r++;
        }
        return r;
    }
}

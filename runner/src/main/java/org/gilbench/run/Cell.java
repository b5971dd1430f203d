package org.gilbench.run;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.gilbench.contract.CellKey;

/**
 * One measured configuration: a benchmark with every one of its params set, measured once per round in
 * a fresh fork. {@link #key()} is the results-folder contract's cell key; {@link #id()} names its files.
 *
 * @param id           file-name-safe name, unique in a plan, e.g. {@code prime-check-thread-pool-w2}
 * @param experiment   the plan entry it comes from ({@link Experiment#name()})
 * @param runner       which {@link CellRunner} measures it: {@code jmh}, or another kind (e.g. CPython)
 * @param benchmark    the benchmark's full name, e.g. {@code org.gilbench.bench.PrimeCheckBenchmark.primeCheck}
 * @param params       every param, defaults included (what JMH writes into its JSON), sorted by name
 * @param iterations   warmup and measured iterations per fork
 * @param estimateSeconds the plan's estimate of one attempt's wall time (fork start included)
 * @param description  one line for the plan and the progress lines
 * @param rounds       measured in rounds 1..rounds only (0: every round); cells whose result is a distribution
 *                     or a latency included (every plan entry now uses 0: a verdict needs >= 2 forks)
 */
public record Cell(String id, String experiment, String runner, String benchmark, SortedMap<String, String> params,
                   Iterations iterations, double estimateSeconds, String description, int rounds) {

    /** A cell's limit is generous: 5x its estimate, and at least a minute (fork start, a slow machine). */
    static final double LIMIT_FACTOR = 5.0;
    static final double MIN_LIMIT_SECONDS = 60.0;

    public Cell {
        params = new TreeMap<>(params);
        if (rounds < 0) {
            throw new IllegalArgumentException("cell " + id + ": rounds must be >= 0, got " + rounds);
        }
    }

    /** A cell measured in every round. */
    public Cell(String id, String experiment, String runner, String benchmark, SortedMap<String, String> params,
                Iterations iterations, double estimateSeconds, String description) {
        this(id, experiment, runner, benchmark, params, iterations, estimateSeconds, description, 0);
    }

    /** Whether round {@code round} (1-based) measures this cell. */
    public boolean inRound(int round) {
        return rounds == 0 || round <= rounds;
    }

    /** How many of {@code planned} rounds measure it. */
    public int roundsOf(int planned) {
        return rounds == 0 ? planned : Math.min(rounds, planned);
    }

    /** {@code <benchmark>{name=value,...}}, params sorted by name: the key the report computes too. */
    public String key() {
        return key(benchmark, params);
    }

    /** The cell key of a benchmark and its params (any order): {@link CellKey#of}. */
    public static String key(String benchmark, Map<String, String> params) {
        return CellKey.of(benchmark, params);
    }

    /** How long one attempt may run before it is stopped and recorded as a timeout. */
    public double limitSeconds() {
        return Math.max(MIN_LIMIT_SECONDS, LIMIT_FACTOR * estimateSeconds);
    }

    /**
     * Warmup and measured iterations of one fork; {@code seconds} is the length of a time-based iteration,
     * 0 for one operation per iteration (SingleShotTime).
     */
    public record Iterations(int warmups, int measurements, int seconds) {
        public static Iterations singleShot(int warmups, int measurements) {
            return new Iterations(warmups, measurements, 0);
        }

        public static Iterations timed(int warmups, int measurements, int seconds) {
            return new Iterations(warmups, measurements, seconds);
        }

        @Override
        public String toString() {
            return warmups + "+" + measurements + (seconds > 0 ? " x " + seconds + " s" : " ops");
        }
    }

    /** Param values for the plan: a list of {@code name, value} pairs kept in order. */
    static SortedMap<String, String> paramsOf(String... nameValue) {
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i + 1 < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return map;
    }

    static List<String> ids(List<Cell> cells) {
        return cells.stream().map(Cell::id).toList();
    }
}

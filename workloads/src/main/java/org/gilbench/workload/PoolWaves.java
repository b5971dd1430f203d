package org.gilbench.workload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code pool-waves} (seeds 002, 004; SEEDS.md 3.1, 3.2): sleeping tasks through a pool of 4, each
 * recording when it started and ended, so the waves the seeds print become numbers.
 * <ul>
 *   <li>{@link #random}: seed 002:121-177, {@code Pool(4)} and 5 × {@code apply_async(long_time_task)},
 *       each sleeping {@code random.random() * 3} s. Published: tasks 0–3 start at once, task 4 starts
 *       when the first of them ends (task 2, after 0.14 s), wall ≈2.05 s.</li>
 *   <li>{@link #fixed}: seed 004:147-202, {@code Pool(4)} and 10 × {@code apply_async(task)} of
 *       {@code sleep(1)}: three waves (4, 4, 2), ≈3 s; the same through {@code apply()}, which blocks until
 *       each task's answer is back, runs one at a time, ≈10 s ("like a single process").</li>
 * </ul>
 * The seeds' seconds are scaled: a seed second lasts {@code millisPerSeedSecond} ms
 * ({@link #DEFAULT_MILLIS_PER_SEED_SECOND} = 100, so 10 × sleep(1) is 10 × 100 ms). Durations are drawn
 * with a fixed seed, so every model sleeps the same list.
 *
 * <p>Each task returns its start and end as offsets from the moment the workload was built (just before
 * it is run), read with {@link System#nanoTime()} in whichever process runs it: on Linux that is
 * {@code CLOCK_MONOTONIC}, one clock for every process of the machine, so a child JVM's offsets are on
 * the parent's time line (checked: an offset outside 0..now fails the run). {@link #timeline} turns
 * the answers into the seeds' picture: offsets, the most tasks running at once, and the waves (the
 * longest chain of tasks each started after the previous one ended).
 */
public final class PoolWaves implements Workload {

    public static final String NAME = "pool-waves";
    /** Both seeds' {@code Pool(4)}. */
    public static final int SEED_WORKERS = 4;
    /** Seed 002:121-177: 5 tasks of {@code random.random() * 3} s. */
    public static final int SEED_RANDOM_TASKS = 5;
    public static final double SEED_RANDOM_MAX_SECONDS = 3.0;
    /** Seed 004:147-202: 10 tasks of {@code sleep(1)}. */
    public static final int SEED_FIXED_TASKS = 10;
    public static final double SEED_FIXED_SECONDS = 1.0;
    /** The scale: one seed second is 100 ms here, so the seeds' ~2 s, ~3 s and ~10 s become 0.2, 0.3 and 1 s. */
    public static final int DEFAULT_MILLIS_PER_SEED_SECOND = 100;
    /** Fixed so that every model and run draw the same durations. */
    public static final long RANDOM_SEED = SleepIo.RANDOM_SEED;

    /** Offsets are packed as two 32-bit microsecond counts: a run may last at most this long. */
    private static final long MAX_MICROS = 0xFFFF_FFFFL;

    private final long origin = System.nanoTime();
    private final long[] millis;
    private final List<Task> tasks;
    private final String shape;

    private PoolWaves(long[] millis, String shape) {
        this.millis = millis;
        this.shape = shape;
        List<Task> list = new ArrayList<>(millis.length);
        for (int i = 0; i < millis.length; i++) {
            list.add(new Nap(i, millis[i], origin));
        }
        this.tasks = List.copyOf(list);
    }

    /** {@code tasks} sleeps drawn uniformly from [0, maxSeconds) seed seconds, as {@code random.random() * 3}. */
    public static PoolWaves random(int tasks, double maxSeconds, int millisPerSeedSecond) {
        require(tasks, millisPerSeedSecond);
        SplittableRandom random = new SplittableRandom(RANDOM_SEED);
        long[] millis = new long[tasks];
        for (int i = 0; i < tasks; i++) {
            millis[i] = Math.round(random.nextDouble() * maxSeconds * millisPerSeedSecond);
        }
        return new PoolWaves(millis, tasks + " x random() * " + maxSeconds + " s at " + millisPerSeedSecond + " ms/s");
    }

    /** {@code tasks} sleeps of {@code seconds} seed seconds each. */
    public static PoolWaves fixed(int tasks, double seconds, int millisPerSeedSecond) {
        require(tasks, millisPerSeedSecond);
        long[] millis = new long[tasks];
        Arrays.fill(millis, Math.round(seconds * millisPerSeedSecond));
        return new PoolWaves(millis, tasks + " x sleep(" + seconds + ") at " + millisPerSeedSecond + " ms/s");
    }

    private static void require(int tasks, int millisPerSeedSecond) {
        if (tasks < 1 || tasks > 1000) {
            throw new IllegalArgumentException("bad value for tasks: " + tasks + " (allowed: 1..1000)");
        }
        if (millisPerSeedSecond < 1 || millisPerSeedSecond > 1000) {
            throw new IllegalArgumentException("bad value for millis-per-seed-second: " + millisPerSeedSecond
                    + " (allowed: 1..1000; 1000 runs the seeds' real seconds)");
        }
    }

    /** Each task's planned sleep, ms. */
    public long[] millis() {
        return millis.clone();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Task> tasks() {
        return tasks;
    }

    @Override
    public String summarize(long[] results) {
        Timeline t = timeline(results);
        return shape + ": " + t.waves() + " waves, at most " + t.maxConcurrent() + " at once";
    }

    /**
     * Checks each answer: it starts after the workload was built, ends no later than now, and lasted at
     * least its sleep. How many ran at once is the model's business ({@link Timeline#requireAtMost}).
     *
     * @throws IllegalStateException naming the first task whose offsets are impossible
     */
    @Override
    public void verify(long[] results) {
        if (results == null || results.length != tasks.size()) {
            throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                    + (results == null ? "none" : results.length));
        }
        long nowMicros = (System.nanoTime() - origin) / 1000;
        for (int i = 0; i < results.length; i++) {
            long start = startMicros(results[i]);
            long end = endMicros(results[i]);
            if (end > nowMicros || start > end) {
                throw new IllegalStateException(NAME + ": task " + i + " ran " + start + ".." + end + " µs, but only "
                        + nowMicros + " µs have passed (does this process's clock differ from the child's?)");
            }
            // Thread.sleep never returns early; 1 µs for the truncation of both offsets.
            if (end - start < millis[i] * 1000 - 1) {
                throw new IllegalStateException(NAME + ": task " + i + " slept " + (end - start) + " µs, planned "
                        + millis[i] + " ms");
            }
        }
    }

    /** The answers as the seeds' picture. */
    public static Timeline timeline(long[] results) {
        int n = results.length;
        double[] start = new double[n];
        double[] end = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = startMicros(results[i]) / 1000.0;
            end[i] = endMicros(results[i]) / 1000.0;
        }
        int most = 0;
        for (int i = 0; i < n; i++) {
            int running = 0;
            for (int j = 0; j < n; j++) {
                if (start[j] <= start[i] && start[i] < end[j]) {
                    running++;
                }
            }
            most = Math.max(most, running);
        }
        // Waves: 1 + the longest chain of tasks ended before this one started (tasks by start time).
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(start[a], start[b]));
        int[] depth = new int[n];
        int waves = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            depth[i] = 1;
            for (int q = 0; q < k; q++) {
                int j = order[q];
                if (end[j] <= start[i]) {
                    depth[i] = Math.max(depth[i], depth[j] + 1);
                }
            }
            waves = Math.max(waves, depth[i]);
        }
        return new Timeline(start, end, most, waves);
    }

    /**
     * Start and end of each task, ms after the run began; the most tasks running at once; the waves.
     * Seed 002 under {@code Pool(4)}: 4 at once, 2 waves; seed 004: 4 at once, 3 waves; {@code apply()}:
     * 1 at once, 10 waves.
     */
    public record Timeline(double[] startMs, double[] endMs, int maxConcurrent, int waves) {

        /** Tasks that started before any task ended: the first wave (the seed's tasks 0-3). */
        public int startedAtOnce() {
            double firstEnd = Arrays.stream(endMs).min().orElse(0);
            return (int) Arrays.stream(startMs).filter(s -> s < firstEnd).count();
        }

        /** A pool of {@code workers} never runs more tasks at once. */
        public void requireAtMost(int workers, String model) {
            if (maxConcurrent > workers) {
                throw new IllegalStateException(NAME + ": " + maxConcurrent + " tasks ran at once under " + model
                        + ", which has " + workers + " workers");
            }
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < startMs.length; i++) {
                text.append(String.format("task %d: %.1f-%.1f ms%n", i, startMs[i], endMs[i]));
            }
            return text.append(maxConcurrent).append(" at once, ").append(waves).append(" waves").toString();
        }
    }

    static long startMicros(long result) {
        return result >>> 32;
    }

    static long endMicros(long result) {
        return result & MAX_MICROS;
    }

    /** One task: {@code sleep(millis)}, releasing a GIL; returns its start and end, µs after {@code origin}. */
    record Nap(int index, long millis, long origin) implements Task, Serializable {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            long start = System.nanoTime();
            in.beforeBlocking();
            try {
                Thread.sleep(millis);
            } finally {
                in.afterBlocking();
            }
            long end = System.nanoTime();
            long startMicros = (start - origin) / 1000;
            long endMicros = (end - origin) / 1000;
            if (startMicros < 0 || endMicros > MAX_MICROS) {
                throw new IllegalStateException(describe() + ": offsets " + startMicros + ".." + endMicros
                        + " µs from the run's start: this process's clock is not the parent's");
            }
            return startMicros << 32 | endMicros;
        }

        /** Not used: the offsets depend on the model; {@link PoolWaves#verify} checks them. */
        @Override
        public long expected() {
            return millis;
        }

        @Override
        public String describe() {
            return NAME + " task #" + index + " (" + millis + " ms)";
        }
    }
}

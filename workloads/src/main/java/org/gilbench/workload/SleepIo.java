package org.gilbench.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code sleep-io}: the seeds' "downloads", each a {@code time.sleep}: seed 000's
 * {@code sleep(randint(3, 6))} x 3, seed 001's two downloads, seed 004's {@code Pool(4)} running 10 x
 * {@code sleep(1)} — here in milliseconds, and for up to a million tasks.
 *
 * <p>A sleeping task holds no CPU; under a GIL it releases the lock while it sleeps
 * ({@link Interpreter#beforeBlocking()}), which is why threads overlap I/O in CPython. With k workers, N
 * tasks of d ms take about ceil(N / k) * d. Durations are fixed or drawn uniformly from [a, b] with a fixed
 * seed, so every model sleeps the same list.
 */
public final class SleepIo implements Workload {

    public static final String NAME = "sleep-io";
    public static final int DEFAULT_TASKS = 8;
    public static final int DEFAULT_MILLIS = 100;
    /** Fixed so every model and every run draw the same durations. */
    public static final long RANDOM_SEED = 20261122L;

    private final List<Task> tasks;
    private final String shape;

    private SleepIo(List<Task> tasks, String shape) {
        this.tasks = List.copyOf(tasks);
        this.shape = shape;
    }

    /** {@code count} tasks of {@code millis} ms each. */
    public static SleepIo fixed(int count, long millis) {
        requirePositive("tasks", count);
        if (millis < 0) {
            throw new IllegalArgumentException("sleep-io: millis must be >= 0, got " + millis);
        }
        List<Task> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Sleep(i, millis));
        }
        return new SleepIo(list, count + " x " + millis + " ms");
    }

    /** {@code count} tasks, each sleeping a whole number of ms drawn uniformly from [min, max] (randint). */
    public static SleepIo uniform(int count, long min, long max) {
        requirePositive("tasks", count);
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("sleep-io: need 0 <= min <= max, got [" + min + ", " + max + "]");
        }
        SplittableRandom random = new SplittableRandom(RANDOM_SEED);
        List<Task> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(new Sleep(i, random.nextLong(min, max + 1)));
        }
        return new SleepIo(list, count + " x U[" + min + ", " + max + "] ms");
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("sleep-io: " + what + " must be >= 1, got " + value);
        }
    }

    /** The longest single sleep: the floor for any model's wall time. */
    public long longestMillis() {
        return tasks.stream().mapToLong(Task::expected).max().orElse(0);
    }

    /** The sum of all sleeps: the serial wall time. */
    public long totalMillis() {
        return tasks.stream().mapToLong(Task::expected).sum();
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
        return results.length + " sleeps (" + shape + ")";
    }

    /**
     * One download: sleeps {@code millis}, releasing the interpreter while blocked. Returns the planned
     * duration after checking that at least that much time really passed.
     */
    public record Sleep(int index, long millis) implements Task {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            long start = System.nanoTime();
            in.beforeBlocking();
            try {
                Thread.sleep(millis);
            } finally {
                in.afterBlocking();
            }
            long sleptNanos = System.nanoTime() - start;
            // Thread.sleep never returns early; a shorter time means the task did not really block.
            return sleptNanos >= millis * 1_000_000L ? millis : -1;
        }

        @Override
        public long expected() {
            return millis;
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + millis + " ms)";
        }
    }
}

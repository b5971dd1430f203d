package org.gilbench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code count-loop}: seed 003's {@code calc()} — {@code sum = 0; for _ in range(10000000): sum += 1} —
 * run as 4 tasks.
 *
 * <p>What one iteration costs. In CPython each iteration of that loop is a handful of bytecodes, tens
 * of nanoseconds of interpreter work. A bare Java {@code sum += 1} costs nothing the JIT cannot
 * remove, and what is left depends on how C2 happens to compile the check point: a loop whose only
 * work is the check point ran 3–20× slower or faster depending on whether a GIL had ever asked for a
 * switch in that JVM (docs/gil.md), which made models incomparable. So each iteration here does one
 * step of a xorshift generator, ~2 ns of dependent arithmetic that C2 can neither fold nor vectorise,
 * and counts 1 when the generator state is non-zero — which it always is (xorshift is an invertible
 * linear map, so a non-zero state never becomes zero), so the answer is still exactly
 * {@code iterations}, but only running the loop shows it.
 *
 * <p>The check point comes every {@link #STRIP} iterations (~0.05 µs): frequent enough that a GIL
 * switch is prompt and ticks mode can release every 10 ticks, rare enough that how C2 compiles it
 * does not show in the time.
 */
public final class CountLoop implements Workload {

    public static final String NAME = "count-loop";
    public static final int SEED_TASKS = 4;
    public static final long SEED_ITERATIONS = 10_000_000L;

    private final long iterations;
    private final List<Task> tasks;

    public CountLoop(int taskCount, long iterations) {
        if (taskCount < 1) {
            throw new IllegalArgumentException("count-loop: tasks must be >= 1, got " + taskCount);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("count-loop: iterations must be >= 0, got " + iterations);
        }
        this.iterations = iterations;
        List<Task> list = new ArrayList<>(taskCount);
        for (int i = 0; i < taskCount; i++) {
            list.add(new Calc(i, iterations));
        }
        this.tasks = List.copyOf(list);
    }

    public long iterations() {
        return iterations;
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
        return results.length + " x calc(" + iterations + ")";
    }

    /** Iterations between two check points: ~0.1 µs, the finest check interval ticks mode is asked for (10 ticks). */
    static final int STRIP = 16;
    /**
     * Work units ({@link Interpreter#TICK_WORK}) in one strip, measured: ~30 ns for 16 xorshift steps
     * on the reference machine (docs/gil.md), so ticks mode releases after the same work as elsewhere.
     */
    static final int WORK_PER_POLL = 30;
    /** Any non-zero start works: the xorshift state then never becomes zero. */
    private static final long SEED_STATE = 0x9E3779B97F4A7C15L;

    /** {@code calc()}: counts to {@code iterations}, one xorshift step per count, a check point every {@link #STRIP}. */
    public static long calc(long iterations, Interpreter in) {
        long sum = 0;
        long x = SEED_STATE;
        long i = 0;
        while (i < iterations) {
            long end = Math.min(iterations, i + STRIP);
            for (; i < end; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                sum += x != 0 ? 1 : 0;
            }
            in.poll(WORK_PER_POLL);
        }
        return sum;
    }

    /** One call of {@code calc()}. */
    public record Calc(int index, long iterations) implements Task {
        @Override
        public long run(Interpreter in) {
            return calc(iterations, in);
        }

        @Override
        public long expected() {
            return iterations;
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + iterations + " iterations)";
        }
    }
}

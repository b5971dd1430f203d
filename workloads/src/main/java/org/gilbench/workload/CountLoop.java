package org.gilbench.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code count-loop}: seed 003's {@code calc()} — {@code sum = 0; for _ in range(10000000): sum += 1} —
 * run as 4 tasks.
 *
 * <p>Every iteration passes a check point, as every iteration of the Python loop passes the eval
 * loop's back-edge: the volatile read keeps C2 from replacing the loop by its trip count, and under
 * the GIL emulation it is where a switch can happen. Java runs the seed's 10 million iterations in a
 * few milliseconds, about one GIL switch interval; GIL experiments use more iterations per task
 * (../shared/notes/gil.md: tasks should last many intervals).
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

    /** {@code calc()}: counts to {@code iterations}, one check point per iteration. */
    public static long calc(long iterations, Interpreter in) {
        long sum = 0;
        for (long i = 0; i < iterations; i++) {
            sum += 1;
            in.poll();
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

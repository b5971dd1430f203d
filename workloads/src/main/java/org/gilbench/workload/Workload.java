package org.gilbench.workload;

import java.util.List;

/**
 * One of the seed chapters' experiments, split into tasks that an execution model runs.
 *
 * <p>Implementations are immutable after construction and build their task list eagerly, so that the
 * inputs exist before any measurement starts and every model gets the same list.
 */
public interface Workload {

    /** The user-facing name, the same in the CLI, JMH params, JSON and charts, e.g. {@code prime-check}. */
    String name();

    /** The tasks, in a fixed order; results are reported in this order. */
    List<Task> tasks();

    /** A one-line summary of a verified result, e.g. {@code "60 of 65 prime"}. */
    String summarize(long[] results);

    /**
     * Checks one result per task against the expected answers.
     *
     * @throws IllegalStateException naming the first task with a wrong or missing answer
     */
    default void verify(long[] results) {
        List<Task> tasks = tasks();
        if (results == null || results.length != tasks.size()) {
            throw new IllegalStateException(name() + ": expected " + tasks.size() + " results, got "
                    + (results == null ? "none" : results.length));
        }
        for (int i = 0; i < results.length; i++) {
            Task task = tasks.get(i);
            if (results[i] != task.expected()) {
                throw new IllegalStateException(name() + ": wrong answer for " + task.describe()
                        + ": got " + results[i] + ", expected " + task.expected());
            }
        }
    }

    /** The four seed workloads by their user-facing names, each with its seed defaults. */
    static Workload named(String name) {
        return switch (name) {
            case PrimeCheck.NAME -> new PrimeCheck(PrimeCheck.Variant.SEED);
            case RangeSum.NAME -> RangeSum.streamed(RangeSum.SEED_N, RangeSum.SEED_CHUNKS);
            case SleepIo.NAME -> SleepIo.fixed(SleepIo.DEFAULT_TASKS, SleepIo.DEFAULT_MILLIS);
            case CountLoop.NAME -> new CountLoop(CountLoop.SEED_TASKS, CountLoop.SEED_ITERATIONS);
            default -> throw new IllegalArgumentException("unknown workload '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** Every workload name, in the order the report shows them. */
    List<String> NAMES = List.of(PrimeCheck.NAME, RangeSum.NAME, SleepIo.NAME, CountLoop.NAME);
}

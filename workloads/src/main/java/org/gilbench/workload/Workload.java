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

    /**
     * A seed workload by its user-facing name, with its seed defaults ({@link WorkloadKind}).
     *
     * @throws IllegalArgumentException naming the bad name and the known ones
     */
    static Workload named(String name) {
        return WorkloadKind.named(name).create();
    }

    /** Every workload name, in the order the report shows them ({@link WorkloadKind#NAMES}). */
    List<String> NAMES = WorkloadKind.NAMES;
}

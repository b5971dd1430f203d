package org.gilbench.workload;

/**
 * One unit of a workload, as the seeds hand them to {@code map}: it computes a number and knows the
 * number it must compute, so every execution model is checked on every run.
 */
public interface Task {

    /**
     * Runs the task's kernel, polling {@code interpreter} at its check points.
     *
     * @return the answer, to be compared with {@link #expected()}
     * @throws InterruptedException if a blocking task is interrupted
     */
    long run(Interpreter interpreter) throws InterruptedException;

    /** The answer {@link #run} must return. */
    long expected();

    /** A short human description for error messages, e.g. {@code "prime-check #7 (n = 112272535095293)"}. */
    String describe();
}

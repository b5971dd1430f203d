package org.gilbench.model;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.gilbench.workload.Task;

/**
 * A way of running a workload's tasks: the calling thread, a pool of threads, virtual threads, child
 * JVMs, threads under an emulated GIL. Open one with {@link Model#open}, run task lists through it as
 * often as needed, close it.
 *
 * <p>Contract (checked for every model by {@code ExecutionModelContract} in the tests): each task runs
 * exactly once per {@link #run}; results come back in task order and equal the serial ones; the
 * first failing task's exception is the cause of the {@link ExecutionException} and the remaining
 * tasks are cancelled; {@link #close()} returns within a few seconds and leaves no thread or child
 * process behind.
 */
public interface ExecutionModel extends AutoCloseable {

    /**
     * Runs every task once and returns the results in task order (not checked here: the caller
     * verifies them against the workload).
     *
     * @throws ExecutionException with the first failing task's exception as its cause
     * @throws InterruptedException if the calling thread is interrupted; running tasks are cancelled
     */
    long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException;

    /** The user-facing name and its settings, e.g. {@code "thread-pool(workers=4)"}. */
    String describe();

    /**
     * Counters accumulated since the model was opened, cumulative and non-negative, for the profiler
     * and the report. The names are fixed: {@code gil.switches}, {@code gil.forced-drops},
     * {@code gil.drop-requests}, {@code gil.wait-ns} (threads' total wait to take the GIL);
     * {@code process.starts}, {@code process.start-ns} (wall time spent starting children),
     * {@code process.bytes-sent}, {@code process.bytes-received}, {@code process.child-cpu-ns} (CPU
     * time the child JVMs reported). Empty for models with nothing to count.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Stops every thread or process the model started, waiting a bounded time. Idempotent. */
    @Override
    void close();
}

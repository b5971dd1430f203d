package org.gilbench.model;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Task;

/** What the thread-based models share: calling a task with uniform failures, joining futures. */
final class Tasks {

    /** How long {@code close()} waits for a few threads to end: longer means a task ignores interrupts. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /**
     * Added per thread: ending 10,000 interrupted platform threads took more than 5 s on the 2-core
     * reference machine (the full profile's sleep-io pools of 10,000 failed their close), since every
     * thread's exit takes the JVM's thread-list lock in turn.
     */
    static final Duration CLOSE_WAIT_PER_THREAD = Duration.ofMillis(2);

    private Tasks() {
    }

    /** Runs one task on this thread; its failure becomes an ExecutionException with the task named. */
    static long call(Task task, Interpreter in) throws ExecutionException, InterruptedException {
        try {
            return task.run(in);
        } catch (InterruptedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new ExecutionException(task.describe() + " failed: " + e, e);
        }
    }

    /**
     * Waits for every future in order and returns their results. On the first failure (or an interrupt
     * of the caller) the other futures are cancelled with interruption and the failure is rethrown with
     * the task's exception as its cause.
     */
    static long[] join(List<Future<Long>> futures) throws ExecutionException, InterruptedException {
        long[] results = new long[futures.size()];
        try {
            for (int i = 0; i < results.length; i++) {
                results[i] = futures.get(i).get();
            }
            return results;
        } catch (ExecutionException e) {
            cancelAll(futures);
            // The task-level ExecutionException from call() is wrapped once more by the Future: unwrap.
            Throwable cause = e.getCause();
            if (cause instanceof ExecutionException inner) {
                throw inner;
            }
            throw e;
        } catch (InterruptedException | RuntimeException e) {
            cancelAll(futures);
            throw e;
        }
    }

    static void cancelAll(List<Future<Long>> futures) {
        for (Future<Long> f : futures) {
            f.cancel(true);
        }
    }

    /** How long closing a model of {@code threads} threads may wait for them to end. */
    static Duration closeWait(int threads) {
        return CLOSE_WAIT.plus(CLOSE_WAIT_PER_THREAD.multipliedBy(threads));
    }

    /** Shuts an executor of {@code threads} threads down, interrupting its tasks, and waits {@link #closeWait} for them. */
    static void shutdown(ExecutorService executor, int threads, String model) {
        executor.shutdownNow();
        Duration wait = closeWait(threads);
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(model + ": threads still running " + wait.toSeconds()
                        + " s after close (a task ignores interrupts)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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

    /** How long {@code close()} waits for threads to end: longer means a task ignores interrupts. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

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

    /** Shuts an executor down, interrupting its tasks, and waits {@link #CLOSE_WAIT} for its threads. */
    static void shutdown(ExecutorService executor, String model) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(model + ": threads still running " + CLOSE_WAIT.toSeconds()
                        + " s after close (a task ignores interrupts)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

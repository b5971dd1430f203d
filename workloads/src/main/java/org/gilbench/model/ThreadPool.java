package org.gilbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Task;

/**
 * {@code thread-pool}: a fixed pool of {@code workers} platform threads, like the seeds'
 * {@code ThreadPoolExecutor(max_workers=N)} but without a GIL, so CPU-bound tasks really run in parallel
 * (up to the core count). The threads are started when the model opens, outside any measurement.
 */
final class ThreadPool implements ExecutionModel {

    private final int workers;
    private final ExecutorService executor;

    ThreadPool(ModelSpec spec) {
        spec.requireOnly(Model.THREAD_POOL_NAME, Set.of());
        this.workers = spec.workers();
        this.executor = Executors.newFixedThreadPool(workers, Threads.platform("gilbench-thread-pool"));
        Threads.prestart(executor, workers);
    }

    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        List<Future<Long>> futures = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            futures.add(executor.submit(() -> Tasks.call(task, Interpreter.FREE)));
        }
        return Tasks.join(futures);
    }

    @Override
    public String describe() {
        return "thread-pool(workers=" + workers + ")";
    }

    @Override
    public void close() {
        Tasks.shutdown(executor, workers, Model.THREAD_POOL_NAME);
    }
}

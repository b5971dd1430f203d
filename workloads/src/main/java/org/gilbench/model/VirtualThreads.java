package org.gilbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Task;

/**
 * {@code virtual-thread}: one new virtual thread per task, at most {@code workers} of them running a
 * task at once (a semaphore, like an asyncio program bounding its concurrency). Virtual threads run on
 * a carrier pool of one platform thread per core, so CPU-bound tasks scale like a pool sized to the
 * cores, while a sleeping one parks and frees its carrier: a million concurrent sleeps cost about as
 * much as an event loop, not a million OS threads.
 *
 * <p>Thread creation is part of each {@link #run}: that is this model's price, and it is small.
 */
final class VirtualThreads implements ExecutionModel {

    private final int workers;

    VirtualThreads(ModelSpec spec) {
        spec.requireOnly(Model.VIRTUAL_THREAD_NAME, Set.of());
        this.workers = spec.workers();
    }

    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        Semaphore running = new Semaphore(workers);
        // The executor's close() waits for every thread it started, so none outlives this run.
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(Threads.PREFIX + "virtual-", 1).factory())) {
            List<Future<Long>> futures = new ArrayList<>(tasks.size());
            for (Task task : tasks) {
                futures.add(executor.submit(() -> {
                    running.acquire();
                    try {
                        return Tasks.call(task, Interpreter.FREE);
                    } finally {
                        running.release();
                    }
                }));
            }
            return Tasks.join(futures);
        }
    }

    @Override
    public String describe() {
        return "virtual-thread(workers=" + workers + ")";
    }

    @Override
    public void close() {
    }
}

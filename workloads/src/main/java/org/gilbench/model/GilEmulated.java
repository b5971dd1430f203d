package org.gilbench.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import org.gilbench.workload.Task;

/**
 * {@code gil-emulated}: CPython's {@code ThreadPoolExecutor(max_workers=N)} with the GIL — {@code workers}
 * platform threads that must hold one emulated {@link Gil} to run workload code.
 *
 * <p>Each worker has its own {@link GilThreadState}, the interpreter its tasks poll. A worker holds the
 * GIL while it runs tasks and while it takes the next one from a non-empty queue, and releases it when
 * the queue is empty and it has to wait — waiting on the work queue is a blocking call in CPython
 * ({@code SimpleQueue.get} drops the GIL only when it must block). CPU-bound tasks therefore take turns,
 * one switch interval at a time; tasks that block (sleep-io) overlap.
 *
 * <p>Options: {@code mode=interval|ticks} (default interval, CPython 3.2+; ticks = CPython <= 3.1),
 * {@code interval-us} (default 5000), {@code ticks} (default 100). Counters: {@code gil.switches},
 * {@code gil.forced-drops}, {@code gil.drop-requests}, {@code gil.wait-ns}.
 *
 * <p>Leaves out: the main thread (the caller of {@link #run} waits outside the GIL, as a Python main
 * thread blocked in {@code future.result()} does), and thread start-up (workers start when the model
 * opens, outside any measurement).
 *
 * <p>Caveat (docs/gil.md): once a drop request has fired, C2 compiles the kernels' check point as a
 * real branch and call instead of a never-taken trap. The kernels poll every few dozen to thousands of
 * iterations of real work so that this costs well under 1%; a loop of nothing but check points would
 * measure the JIT, not the GIL.
 */
final class GilEmulated implements ExecutionModel {

    private final int workers;
    private final Gil gil;
    private final BlockingQueue<FutureTask<Long>> queue = new LinkedBlockingQueue<>();
    private final List<Worker> threads = new ArrayList<>();
    private volatile boolean closed;

    GilEmulated(ModelSpec spec) {
        spec.requireOnly(Model.GIL_EMULATED_NAME, Gil.OPTIONS);
        this.workers = spec.workers();
        this.gil = Gil.from(spec);
        try {
            for (int i = 1; i <= workers; i++) {
                Worker w = new Worker(Threads.PREFIX + "gil-" + i);
                w.start();
                threads.add(w);
            }
        } catch (OutOfMemoryError e) {
            // "unable to create native thread": the kernel's thread limit. Stop the ones we have.
            int started = threads.size();
            close();
            throw new IllegalStateException("gil-emulated: could only start " + started + " of " + workers
                    + " platform threads (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
        List<Future<Long>> futures = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            FutureTask<Long> job = new FutureTask<>(() -> Tasks.call(task, Worker.current().state));
            futures.add(job);
            queue.add(job);
        }
        if (closed) {
            // close() raced with us and may have drained the queue before our jobs arrived.
            Tasks.cancelAll(futures);
        }
        return Tasks.join(futures);
    }

    @Override
    public String describe() {
        return "gil-emulated(workers=" + workers + ", " + gil.describe() + ")";
    }

    @Override
    public Map<String, Long> counters() {
        return gil.counters();
    }

    /**
     * Closes the GIL (a task polling under it, or a thread waiting for it, ends with
     * {@link Gil.ClosedException}), interrupts idle and sleeping workers, cancels queued tasks and
     * waits {@link Tasks#closeWait} for the threads.
     */
    @Override
    public void close() {
        closed = true;
        gil.close();
        List<FutureTask<Long>> queued = new ArrayList<>();
        queue.drainTo(queued);
        queued.forEach(job -> job.cancel(false));
        threads.forEach(Thread::interrupt);
        Duration wait = Tasks.closeWait(threads.size());
        long deadline = System.nanoTime() + wait.toNanos();
        Set<String> alive = new HashSet<>();
        for (Worker w : threads) {
            try {
                w.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (w.isAlive()) {
                alive.add(w.getName());
            }
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException("gil-emulated: threads still running " + wait.toSeconds()
                    + " s after close: " + alive);
        }
    }

    /** A pool thread with its own thread state. */
    private final class Worker extends Thread {

        final GilThreadState state;

        Worker(String name) {
            super(name);
            setDaemon(true); // a model someone forgot to close cannot keep the JVM alive
            this.state = gil.newThreadState(name);
        }

        static Worker current() {
            return (Worker) Thread.currentThread();
        }

        @Override
        public void run() {
            FutureTask<Long> job = null;
            try {
                while (!closed) {
                    job = state.holdsGil() ? queue.poll() : null;
                    if (job == null) {
                        // Queue.get() on an empty queue blocks: release the GIL while waiting.
                        state.detach();
                        try {
                            job = queue.take();
                        } catch (InterruptedException e) {
                            continue; // close() or a stale cancellation; the loop condition decides
                        }
                        state.attach();
                    }
                    Thread.interrupted(); // a cancel(true) aimed at the previous task may have left it set
                    job.run();
                    job = null;
                }
            } catch (Gil.ClosedException e) {
                // The model is closing: end, like a daemon thread at interpreter shutdown.
                if (job != null) {
                    job.cancel(false);
                }
            } finally {
                state.detach();
            }
        }
    }
}

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
 * {@code event-loop}: the seeds' third way (lesson 6), {@code asyncio} — one thread of control; a task
 * runs until it blocks; a blocking call suspends it and the loop runs the next ready task; nothing is
 * ever preempted.
 *
 * <p><b>How</b>: every task is a coroutine, written here as a virtual thread (a virtual thread <em>is</em>
 * a continuation the JDK suspends when it blocks). The loop is a baton, a fair one-permit semaphore: a
 * task must hold it to run, so exactly one task's code runs at any moment, and the semaphore's FIFO
 * queue is asyncio's ready queue. The workloads' blocking calls are bracketed by
 * {@link Interpreter#beforeBlocking()} / {@link Interpreter#afterBlocking()} — here they are the
 * {@code await}: the task hands the baton to the next ready task, blocks (its virtual thread parks and
 * costs no thread), and queues for the baton again when the call returns. A sleep is thereby a timer,
 * not a blocked thread: the JDK's virtual-thread timer queue wakes it, as asyncio's
 * {@code call_later} heap does. {@link Interpreter#poll()} never switches: a CPU-bound task runs to
 * its end while every other task (and every expired timer) waits — so prime-check takes the serial
 * time at ~100% CPU whatever {@code workers} says, and one CPU-bound task delays every sleeper.
 *
 * <p>{@code workers} bounds the tasks in flight, like an {@code asyncio.Semaphore(workers)} around each
 * coroutine (and like the {@code virtual-thread} model's bound): N sleeps of d ms take about
 * ceil(N / workers) x d, so the sleep-io charts compare it with the pools at the same concurrency, and
 * the bank account of lesson 5 with {@code workers=16} is the seeds' {@code ThreadPoolExecutor(16)}.
 * It never adds CPU parallelism — the charts show a flat line at 1x for CPU-bound work, which is the
 * point. Accepting only 1 would instead run sleeps one at a time, which asyncio does not do.
 *
 * <p><b>What it leaves out</b>: the virtual threads run on the JDK's carrier pool (one platform thread
 * per core), so the one thread of control moves between OS threads; the baton, not an OS thread, makes
 * it one. Every bracketed blocking call is an await point, including a lock or a queue — like gevent's
 * monkey-patching rather than asyncio's explicit {@code await}; an unbracketed blocking call blocks the
 * whole loop, as {@code time.sleep} inside a coroutine does. Handing the baton costs an unpark and a
 * carrier hop (~µs), where asyncio's loop pops a deque; no selector, no callbacks, no {@code Future}s.
 */
final class EventLoop implements ExecutionModel {

    static final String NAME = Model.EVENT_LOOP_NAME;

    private final int workers;
    /** The one thread of control: a task runs only while it holds this. Fair = FIFO ready queue. */
    private final Loop loop = new Loop();

    EventLoop(ModelSpec spec) {
        spec.requireOnly(NAME, Set.of());
        this.workers = spec.workers();
    }

    @Override
    public long[] run(List<? extends Task> tasks) throws ExecutionException, InterruptedException {
        Semaphore inFlight = new Semaphore(workers, true);
        // The executor's close() waits for every coroutine it started, so none outlives this run.
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(Threads.PREFIX + "event-loop-", 1).factory())) {
            List<Future<Long>> futures = new ArrayList<>(tasks.size());
            for (Task task : tasks) {
                futures.add(executor.submit(() -> {
                    inFlight.acquire();
                    try {
                        loop.enter();
                        try {
                            return Tasks.call(task, loop);
                        } finally {
                            loop.leave();
                        }
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            return Tasks.join(futures);
        }
    }

    @Override
    public String describe() {
        return NAME + "(workers=" + workers + ")";
    }

    /** Nothing to stop: each run's coroutines end with the run. */
    @Override
    public void close() {
    }

    /**
     * The loop as the running task sees it: {@code poll()} never switches (no preemption); a blocking
     * call gives the loop to the next ready task and queues for it again afterwards.
     */
    static final class Loop extends Interpreter {

        private final Semaphore baton = new Semaphore(1, true);
        /** The task holding the baton; guards against a task that leaves without having entered. */
        private volatile Thread holder;

        void enter() throws InterruptedException {
            baton.acquire();
            holder = Thread.currentThread();
        }

        /** Gives the baton back if this task holds it (it does not while blocked). */
        void leave() {
            if (holder == Thread.currentThread()) {
                holder = null;
                baton.release();
            }
        }

        @Override
        public void beforeBlocking() {
            leave();
        }

        @Override
        public void afterBlocking() {
            if (holder != Thread.currentThread()) {
                // Uninterruptibly: the task must hold the loop again before its code goes on, even when
                // its sleep was cut short by a cancellation (its InterruptedException is on its way).
                baton.acquireUninterruptibly();
                holder = Thread.currentThread();
            }
        }
    }
}

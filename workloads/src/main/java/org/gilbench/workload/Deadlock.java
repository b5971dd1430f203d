package org.gilbench.workload;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.gilbench.model.ExecutionModel;

/**
 * {@code deadlock}: seed 002:484-488 and 533 warn that with several locks, threads that each hold one and
 * want another's "hang until the OS kills them". Two parties (two tasks of one model run) take two locks
 * in opposite orders with a window between the first and the second; in how many of {@code runs} runs
 * do they deadlock, and do the fixes (one lock order; {@code tryLock} with a time-out and back-off) end it?
 *
 * <p><b>Detection and ending.</b> A watcher thread ({@code gilbench-deadlock-watch}) looks at the wait-for
 * graph every {@link #POLL}: party i waits (untimed) for a lock held by party j, which waits for one held by
 * i. On platform threads ({@code thread-pool}, {@code gil-emulated}) the JDK must then confirm it:
 * {@link ThreadMXBean#findDeadlockedThreads()} (~0.2 ms, a safepoint) has to list both threads within
 * {@link #CONFIRM_WAIT}, or the run fails. It cannot confirm for virtual threads ({@code virtual-thread},
 * {@code event-loop}: the MXBean sees platform threads only), so there the graph alone decides. The watcher
 * then ends the run: it marks it ended and interrupts both parties, which wait in
 * {@link ReentrantLock#lockInterruptibly()}, release what they hold and return; no thread is left behind
 * and no interrupt leaks into the model's next task (each party's guard makes the watcher's interrupt and
 * the party's return exclusive). A run that neither finishes nor deadlocks within {@link #RUN_WAIT} fails.
 *
 * <p><b>The window</b> between the two locks: {@link Window#SLEEP}, a blocking call ({@code time.sleep}),
 * during which any model lets the other party run and take its first lock — expect nearly every run
 * to deadlock under every concurrent model, {@code gil-emulated} included (the GIL is released around
 * the sleep and around the blocked {@code acquire}, as CPython's is) and {@code event-loop} (two coroutines
 * awaiting each other's {@code asyncio.Lock}). {@link Window#SPIN}, pure computation with check points:
 * plain threads deadlock when their windows overlap; the GIL lets the other party in only at a forced
 * switch (after a 5 ms interval), so far fewer runs deadlock — rarer, not prevented; the event loop never
 * switches inside a spin, so none do. {@code serial} runs the parties one after the other: never.
 *
 * <p>Parties are not {@link java.io.Serializable}: {@code forked-process} refuses them (child JVMs would
 * each have their own locks, and could not deadlock each other).
 */
public final class Deadlock {

    public static final String NAME = "deadlock";
    /** Runs per operation: enough for a share, cheap (a deadlocked run ends in ~1–2 ms). */
    public static final int DEFAULT_RUNS = 50;
    /** The window between the two locks, by default: 1 ms. */
    public static final long DEFAULT_WINDOW_MICROS = 1000;
    /** How often the watcher looks at the wait-for graph while a run is on. */
    static final Duration POLL = Duration.ofNanos(200_000);
    /** How long the MXBean may take to see a deadlock the graph shows, on platform threads. */
    static final Duration CONFIRM_WAIT = Duration.ofSeconds(2);
    /** A run that has neither finished nor deadlocked by then is a failure (it hung). */
    static final Duration RUN_WAIT = Duration.ofSeconds(10);
    /** try-lock: each attempt at the second lock waits this long before backing off. */
    static final Duration TRY_LOCK_TIMEOUT = Duration.ofMillis(1);
    /** try-lock: give up (a livelock) after this many attempts. */
    static final int MAX_ATTEMPTS = 10_000;
    /** How long closing the watcher may take. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    static final long DONE = 1;
    static final long ENDED = 0;

    /** The order the two parties take the locks in. */
    public enum Order {
        /** Party 0 takes A then B, party 1 B then A: the deadlock. */
        OPPOSITE("opposite"),
        /** Both take A then B: fix 1, no cycle is possible. */
        ONE_ORDER("one-order"),
        /** Opposite orders, but the second lock with {@code tryLock(1 ms)}: on failure release, back off, retry. */
        TRY_LOCK("try-lock");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Order named(String label) {
            return Labels.named(values(), Order::label, "deadlock order", label);
        }
    }

    /** What lies between taking the first lock and asking for the second. */
    public enum Window {
        /** A blocking call: sleep (releases a GIL, awaits in an event loop). */
        SLEEP("sleep"),
        /** Computation with check points (a GIL may switch only at a forced switch). */
        SPIN("spin");

        private final String label;

        Window(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Window named(String label) {
            return Labels.named(values(), Window::label, "deadlock window", label);
        }
    }

    /**
     * The outcome of {@link #run}, verified.
     *
     * @param runs             runs made
     * @param deadlocks        runs that deadlocked (and were ended)
     * @param confirmed        of them, confirmed by {@code ThreadMXBean.findDeadlockedThreads}
     * @param retries          try-lock: second-lock attempts that timed out and backed off
     * @param slowestDetection the longest time from the second party's wait to the end of a deadlock (ns)
     */
    public record Outcome(int runs, int deadlocks, int confirmed, long retries, long slowestDetection) {
    }

    private final Order order;
    private final Window window;
    private final long windowMicros;
    private final int runs;

    /**
     * @throws IllegalArgumentException if runs is not in 1..100000 or the window not in 0..1000000 µs
     */
    public Deadlock(Order order, Window window, long windowMicros, int runs) {
        if (runs < 1 || runs > 100_000) {
            throw new IllegalArgumentException("deadlock: runs must be in 1..100000, got " + runs);
        }
        if (windowMicros < 0 || windowMicros > 1_000_000) {
            throw new IllegalArgumentException("deadlock: window must be in 0..1000000 µs, got " + windowMicros);
        }
        this.order = order;
        this.window = window;
        this.windowMicros = windowMicros;
        this.runs = runs;
    }

    public String describe() {
        return NAME + "(" + order.label() + ", " + window.label() + " " + windowMicros + " µs, " + runs + " runs)";
    }

    /**
     * Makes {@code runs} runs of the two parties through {@code model}, each watched, and checks every
     * one: both parties did their critical section once, or both were ended by the watcher after a
     * detected deadlock. The fixes must never deadlock.
     *
     * @throws IllegalStateException naming the run and what went wrong (a hang, an unconfirmed or
     *     impossible deadlock, a critical section done twice)
     * @throws ExecutionException if a party failed otherwise
     */
    public Outcome run(ExecutionModel model) throws ExecutionException, InterruptedException {
        try (Watcher watcher = new Watcher()) {
            int deadlocks = 0;
            int confirmed = 0;
            long retries = 0;
            long slowest = 0;
            for (int i = 0; i < runs; i++) {
                Run run = new Run(i);
                watcher.watch(run);
                long[] results;
                try {
                    results = model.run(List.of(new Party(run, 0), new Party(run, 1)));
                } catch (ExecutionException e) {
                    if (run.failure != null) {
                        throw new IllegalStateException(describe() + ", run " + i + ": " + run.failure, e);
                    }
                    throw e;
                } finally {
                    watcher.watch(null);
                }
                run.verify(results);
                if (run.ended) {
                    deadlocks++;
                    confirmed += run.confirmed ? 1 : 0;
                    slowest = Math.max(slowest, run.detectionNanos);
                }
                retries += run.retries.get();
            }
            if (order != Order.OPPOSITE && deadlocks > 0) {
                throw new IllegalStateException(describe() + ": " + deadlocks + " deadlocks with the fix");
            }
            return new Outcome(runs, deadlocks, confirmed, retries, slowest);
        }
    }

    /** A lock whose owner the watcher can see. */
    static final class TracedLock extends ReentrantLock {
        private final String name;

        TracedLock(String name) {
            this.name = name;
        }

        Thread owner() {
            return getOwner();
        }

        @Override
        public String toString() {
            return "lock " + name;
        }
    }

    /** One run: two locks, two parties, what the watcher decided. */
    final class Run {
        final int index;
        final TracedLock a = new TracedLock("A");
        final TracedLock b = new TracedLock("B");
        /** Written by the parties, read by the watcher: atomic arrays, so every write is seen. */
        final AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(2);
        /** The lock each party waits for, untimed (null when it does not). */
        final AtomicReferenceArray<TracedLock> waitingFor = new AtomicReferenceArray<>(2);
        final AtomicLongArray waitingSince = new AtomicLongArray(2);
        /** Guards each party's thread against the watcher's interrupt once the party is done. */
        final ReentrantLock[] guards = {new ReentrantLock(), new ReentrantLock()};
        final boolean[] finished = new boolean[2];
        final AtomicInteger critical = new AtomicInteger();
        final AtomicLong retries = new AtomicLong();
        final long startNanos = System.nanoTime();
        volatile boolean ended;
        volatile boolean confirmed;
        volatile long detectionNanos;
        volatile String failure;

        Run(int index) {
            this.index = index;
        }

        /** Party i's locks in the order it takes them. */
        TracedLock first(int i) {
            return i == 0 || order == Order.ONE_ORDER ? a : b;
        }

        TracedLock second(int i) {
            return first(i) == a ? b : a;
        }

        /** The wait-for cycle, if both parties wait for a lock the other holds. */
        boolean cycle() {
            Thread t0 = threads.get(0);
            Thread t1 = threads.get(1);
            TracedLock w0 = waitingFor.get(0);
            TracedLock w1 = waitingFor.get(1);
            return t0 != null && t1 != null && w0 != null && w1 != null && w0.owner() == t1 && w1.owner() == t0;
        }

        /** Interrupts party i's thread if the party has not returned yet. */
        void interrupt(int i) {
            guards[i].lock();
            try {
                if (!finished[i] && threads.get(i) != null) {
                    threads.get(i).interrupt();
                }
            } finally {
                guards[i].unlock();
            }
        }

        void verify(long[] results) {
            String where = describe() + ", run " + index + ": ";
            if (failure != null) {
                throw new IllegalStateException(where + failure);
            }
            if (ended) {
                if (results[0] != ENDED || results[1] != ENDED || critical.get() != 0) {
                    throw new IllegalStateException(where + "ended as a deadlock, but the parties returned "
                            + results[0] + " and " + results[1] + " after " + critical.get() + " critical sections");
                }
            } else if (results[0] != DONE || results[1] != DONE || critical.get() != 2) {
                throw new IllegalStateException(where + "no deadlock, but the parties returned " + results[0]
                        + " and " + results[1] + " after " + critical.get() + " critical sections (expected 2)");
            }
        }
    }

    /** One of the two threads: first lock, window, second lock, critical section. */
    final class Party implements Task {
        private final Run run;
        private final int index;

        Party(Run run, int index) {
            this.run = run;
            this.index = index;
        }

        @Override
        public long run(Interpreter in) throws InterruptedException {
            run.threads.set(index, Thread.currentThread());
            try {
                return order == Order.TRY_LOCK ? withTryLock(in) : plain(in);
            } catch (InterruptedException e) {
                if (run.failure != null) {
                    throw new IllegalStateException(run.failure, e); // the watcher gave up on this run
                }
                if (!run.ended) {
                    throw e; // not the watcher ending a deadlock: a cancellation
                }
                return ENDED;
            } finally {
                run.guards[index].lock();
                run.finished[index] = true;
                if (run.ended) {
                    Thread.interrupted(); // the watcher's interrupt is for this run only
                }
                run.guards[index].unlock();
            }
        }

        private long plain(Interpreter in) throws InterruptedException {
            TracedLock first = run.first(index);
            TracedLock second = run.second(index);
            acquire(first, in);
            try {
                pause(in);
                acquire(second, in);
                try {
                    if (run.ended) {
                        return ENDED; // got it only because the watcher ended the other party
                    }
                    run.critical.incrementAndGet();
                    return DONE;
                } finally {
                    second.unlock();
                }
            } finally {
                first.unlock();
            }
        }

        private long withTryLock(Interpreter in) throws InterruptedException {
            TracedLock first = run.first(index);
            TracedLock second = run.second(index);
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                acquire(first, in);
                try {
                    pause(in);
                    if (tryAcquire(second, in)) {
                        try {
                            run.critical.incrementAndGet();
                            return DONE;
                        } finally {
                            second.unlock();
                        }
                    }
                } finally {
                    first.unlock();
                }
                run.retries.incrementAndGet();
                // Back off a random part of the window, so the two do not retry in lock step (a livelock).
                sleepMicros(in, ThreadLocalRandom.current().nextLong(windowMicros + 1));
            }
            throw new IllegalStateException("try-lock: " + MAX_ATTEMPTS + " attempts failed (a livelock)");
        }

        /** {@code lock.acquire()}: untimed and interruptible; a blocking call only when it must wait. */
        private void acquire(TracedLock lock, Interpreter in) throws InterruptedException {
            if (lock.tryLock()) {
                return;
            }
            run.waitingSince.set(index, System.nanoTime());
            run.waitingFor.set(index, lock); // before blocking, so the watcher can see the cycle
            in.beforeBlocking();
            try {
                lock.lockInterruptibly();
            } finally {
                in.afterBlocking();
                run.waitingFor.set(index, null);
            }
        }

        /** {@code lock.acquire(timeout=0.001)}: not marked for the watcher, since it ends by itself. */
        private boolean tryAcquire(TracedLock lock, Interpreter in) throws InterruptedException {
            if (lock.tryLock()) {
                return true;
            }
            in.beforeBlocking();
            try {
                return lock.tryLock(TRY_LOCK_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            } finally {
                in.afterBlocking();
            }
        }

        private void pause(Interpreter in) throws InterruptedException {
            if (window == Window.SLEEP) {
                sleepMicros(in, windowMicros);
            } else {
                long end = System.nanoTime() + windowMicros * 1000;
                while (System.nanoTime() - end < 0) {
                    in.poll(); // a check point: a GIL may switch here when asked to
                }
            }
        }

        private void sleepMicros(Interpreter in, long micros) throws InterruptedException {
            in.beforeBlocking();
            try {
                Thread.sleep(Duration.ofNanos(micros * 1000));
            } finally {
                in.afterBlocking();
            }
        }

        @Override
        public long expected() {
            return DONE; // without a deadlock; Run.verify decides with the watcher's verdict
        }

        @Override
        public String describe() {
            return NAME + " party " + index + " of run " + run.index;
        }
    }

    /** The watcher thread: looks for the cycle while a run is on, confirms it, ends it. */
    private final class Watcher implements AutoCloseable {
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private final Thread thread;
        private volatile Run current;
        private volatile boolean closed;

        Watcher() {
            thread = Thread.ofPlatform().daemon(true).name(ThreadNames.PREFIX + "deadlock-watch").unstarted(this::watchLoop);
            thread.start();
        }

        void watch(Run run) {
            current = run;
            if (run != null) {
                LockSupport.unpark(thread);
            }
        }

        private void watchLoop() {
            long cycleSeen = 0;
            Run seenIn = null;
            while (!closed) {
                Run run = current;
                if (run == null || run.ended || run.failure != null) {
                    LockSupport.park(this);
                    continue;
                }
                if (run.cycle()) {
                    if (seenIn != run) {
                        seenIn = run;
                        cycleSeen = System.nanoTime();
                    }
                    boolean platform = !run.threads.get(0).isVirtual() && !run.threads.get(1).isVirtual();
                    if (!platform || confirmedByMxBean(run)) {
                        end(run, platform);
                    } else if (System.nanoTime() - cycleSeen > CONFIRM_WAIT.toNanos()) {
                        fail(run, "the wait-for graph shows a deadlock that ThreadMXBean.findDeadlockedThreads did"
                                + " not confirm within " + CONFIRM_WAIT.toMillis() + " ms");
                    }
                } else if (System.nanoTime() - run.startNanos > RUN_WAIT.toNanos()) {
                    fail(run, "neither finished nor deadlocked within " + RUN_WAIT.toSeconds() + " s");
                }
                LockSupport.parkNanos(this, POLL.toNanos());
            }
        }

        private boolean confirmedByMxBean(Run run) {
            long[] ids = mx.findDeadlockedThreads();
            if (ids == null) {
                return false;
            }
            boolean first = false;
            boolean second = false;
            for (long id : ids) {
                first |= id == run.threads.get(0).threadId();
                second |= id == run.threads.get(1).threadId();
            }
            return first && second;
        }

        private void end(Run run, boolean confirmed) {
            run.confirmed = confirmed;
            run.detectionNanos = System.nanoTime() - Math.max(run.waitingSince.get(0), run.waitingSince.get(1));
            run.ended = true; // before the interrupts: a party that gets its lock now must not go on
            run.interrupt(0);
            run.interrupt(1);
        }

        private void fail(Run run, String why) {
            run.failure = why;
            run.interrupt(0);
            run.interrupt(1);
        }

        @Override
        public void close() {
            closed = true;
            LockSupport.unpark(thread);
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                throw new IllegalStateException("deadlock: the watcher thread still runs after close");
            }
        }
    }
}

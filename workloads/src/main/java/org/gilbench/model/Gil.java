package org.gilbench.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Labels;

/**
 * An emulation of CPython's global interpreter lock: one per interpreter, so a model, a test or a
 * child JVM each make their own. Threads attach through a {@link ThreadState} (CPython's
 * {@code PyThreadState}), which is the {@link Interpreter} their workload code polls.
 *
 * <p><b>What it imitates</b> (../shared/notes/gil.md; CPython's {@code Python/ceval_gil.h}, 3.2–3.11):
 * <ul>
 *   <li>{@link Mode#INTERVAL}, the "new" GIL of CPython 3.2 and later. State: {@code locked},
 *       {@code last_holder}, {@code switch_number}, the waiters CPython's {@code cond} wakes one at a
 *       time, and FORCE_SWITCHING's {@code switch_cond}. A thread that finds the GIL taken waits one switch
 *       interval (default 5 ms, {@code sys.setswitchinterval}); if it timed out and no switch happened
 *       meanwhile, it sets a drop request on the holder. The holder never reads a clock: it sees the
 *       request at its next check point ({@link Interpreter#poll()}, one volatile read), drops the GIL,
 *       and — forced switching — waits until another thread has really taken it before competing
 *       again. A release around a blocking call ({@link Interpreter#beforeBlocking()}) does not
 *       wait.</li>
 *   <li>{@link Mode#TICKS}, the "old" GIL of CPython 3.1 and 2.x: a plain lock released and at once
 *       re-acquired every {@code ticks} check points ({@code sys.setcheckinterval}, default 100),
 *       with no hand-off. The lock is unfair, as CPython 2's semaphore is, so on several cores the
 *       woken waiter usually loses the race to the releaser and goes back to sleep: the "GIL battle"
 *       that made CPU-bound threads slower than serial code. A release wakes the waiter only if it is
 *       asleep, as a futex wake does (see {@link #sleepUntilReleased}).</li>
 * </ul>
 *
 * <p><b>What it leaves out</b>: the GIL's other jobs (signal handling, pending calls, async
 * exceptions — only the drop request travels through {@code eval_breaker} here); CPython's fatal
 * errors on misuse (here: {@link IllegalStateException}); and one corner of {@code drop_gil}: CPython
 * also makes a thread that releases for a blocking call wait for the switch when a drop request
 * happens to be pending at that instant, while here every voluntary release returns at once. A tick
 * is an amount of work ({@link Interpreter#TICK_WORK} units, ~10 ns), not a check point, so 100 ticks
 * last about as long as 100 bytecodes did in CPython 2.7.
 *
 * <p>No mutex. {@code locked} is the holder field, taken by compare-and-set (unfair, as a pthread mutex
 * is: a running thread can take a just-released GIL before the woken waiter runs) and released by a
 * volatile write; waiters park on their own threads and a release unparks the longest waiter (Java's
 * condition order; glibc's is not strictly FIFO). CPython keeps its state under {@code gil->mutex},
 * but a pthread mutex lets a running thread barge in; a Java {@code ReentrantLock} queues parked
 * threads in FIFO order, and with hundreds of waiters re-acquiring it after their timed waits the
 * holder queued behind all of them just to let go — the 1,000-thread sleep-io collapse (docs/gil.md).
 * Not {@code synchronized} either: it pins virtual threads on JDK 21–23.
 */
public final class Gil {

    /** Which CPython's GIL to imitate. */
    public enum Mode {
        /** CPython 3.2+: switch interval, drop requests, forced switching. */
        INTERVAL("interval"),
        /** CPython <= 3.1: release and re-acquire every N ticks, no hand-off. */
        TICKS("ticks");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** The option value, e.g. {@code interval}. */
        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Mode named(String label) {
            return Labels.named(values(), Mode::label, "GIL mode", label);
        }
    }

    /** Option names, as {@link ModelSpec} carries them. */
    public static final String MODE = "mode";
    public static final String INTERVAL_US = "interval-us";
    public static final String TICKS = "ticks";
    public static final Set<String> OPTIONS = Set.of(MODE, INTERVAL_US, TICKS);

    /** CPython's {@code sys.getswitchinterval()}: 0.005 s. */
    public static final long DEFAULT_INTERVAL_US = 5_000;
    /** CPython 2's {@code sys.getcheckinterval()}: 100. */
    public static final int DEFAULT_TICKS = 100;

    /** Counter names, shared with the profiler and the report (see {@link ExecutionModel#counters()}). */
    public static final String SWITCHES = "gil.switches";
    public static final String FORCED_DROPS = "gil.forced-drops";
    public static final String DROP_REQUESTS = "gil.drop-requests";
    public static final String WAIT_NS = "gil.wait-ns";

    /** Thrown to a thread that tries to run under a GIL that was closed: it must end, as CPython's daemon threads do at finalisation. */
    public static final class ClosedException extends IllegalStateException {
        ClosedException() {
            super("the GIL was closed: this thread must end");
        }
    }

    private final Mode mode;
    private final long intervalNanos;
    private final int ticks;
    /** The event log, or null (the default): tested on slow paths only. */
    private final GilLog log;

    /**
     * The holder, or null: CPython's {@code locked} flag and the holder in one field. Taken by a
     * compare-and-set, released by a plain volatile write, so neither the holder's release nor an
     * uncontended take ever queues behind waiters (see the class comment on the mutex convoy).
     */
    private volatile ThreadState holder;
    /** Written only by the thread that just took the GIL. */
    private volatile ThreadState lastHolder;
    /** CPython's {@code switch_number}; written only by the thread that just took the GIL. */
    private volatile long switchNumber;
    private volatile boolean closed;
    /** Threads waiting in {@link #take}, longest first: a release wakes the head (CPython's {@code COND_SIGNAL}). */
    private final ConcurrentLinkedQueue<ThreadState> waiting = new ConcurrentLinkedQueue<>();
    /** How many threads wait in {@link #take}; read by the ticks path to skip a useless release. */
    private final AtomicInteger waiters = new AtomicInteger();
    /** FORCE_SWITCHING: forced droppers waiting until another thread has taken the GIL ({@code switch_cond}). */
    private final ConcurrentLinkedQueue<ThreadState> switchWaiting = new ConcurrentLinkedQueue<>();
    private final LongAdder forcedDrops = new LongAdder();
    private final LongAdder dropRequests = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    /** Times a waiter woke up in {@link #take} (time-outs and wake-ups alike): the herd the tests bound. */
    private final LongAdder wakeups = new LongAdder();

    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(Gil.class, "holder", ThreadState.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * @param mode     which GIL to imitate
     * @param interval the switch interval (interval mode), > 0
     * @param ticks    check points between releases (ticks mode), >= 1
     */
    public Gil(Mode mode, long interval, TimeUnit unit, int ticks) {
        this(mode, interval, unit, ticks, null);
    }

    /**
     * A GIL that records its slow paths into {@code log} (null: no log, the default).
     *
     * @param mode     which GIL to imitate
     * @param interval the switch interval (interval mode), > 0
     * @param ticks    check points between releases (ticks mode), >= 1
     */
    public Gil(Mode mode, long interval, TimeUnit unit, int ticks, GilLog log) {
        this.log = log;
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be > 0, got " + interval + " " + unit);
        }
        if (ticks < 1) {
            throw new IllegalArgumentException("ticks must be >= 1, got " + ticks);
        }
        this.mode = mode;
        this.intervalNanos = unit.toNanos(interval);
        this.ticks = ticks;
    }

    /**
     * The GIL a model's options describe: {@code mode=interval|ticks} (default interval),
     * {@code interval-us} (1..10,000,000, default 5000), {@code ticks} (1..1,000,000,000, default 100).
     * Does not reject other options: the model does that with {@link ModelSpec#requireOnly}.
     *
     * @throws IllegalArgumentException naming a bad option value and the allowed ones
     */
    public static Gil from(ModelSpec spec) {
        Mode mode = Mode.named(spec.choice(MODE, Mode.INTERVAL.label(),
                Set.copyOf(Labels.of(Mode.values(), Mode::label))));
        long intervalUs = spec.number(INTERVAL_US, DEFAULT_INTERVAL_US, 1, 10_000_000);
        long ticks = spec.number(TICKS, DEFAULT_TICKS, 1, 1_000_000_000);
        return new Gil(mode, intervalUs, TimeUnit.MICROSECONDS, (int) ticks);
    }

    public Mode mode() {
        return mode;
    }

    /** The event log this GIL writes, or null: none (the default). */
    public GilLog log() {
        return log;
    }

    /** The settings that matter for the mode, e.g. {@code mode=interval, interval-us=5000}. */
    public String describe() {
        return mode == Mode.INTERVAL
                ? "mode=interval, interval-us=" + TimeUnit.NANOSECONDS.toMicros(intervalNanos)
                : "mode=ticks, ticks=" + ticks;
    }

    /** Ticks mode: the work units in one check interval, {@code ticks} x {@link Interpreter#TICK_WORK}. */
    private long checkWork() {
        return (long) ticks * Interpreter.TICK_WORK;
    }

    /** A new thread's state, not holding the GIL; it belongs to the one thread that uses it. */
    public ThreadState newThreadState(String name) {
        return new ThreadState(this, name);
    }

    /**
     * Takes the GIL, waiting as CPython's {@code take_gil} does (after a blocking call, at thread start,
     * after a forced drop). Waiting is not interruptible, as in CPython; an interrupt is kept for the
     * caller to see once the GIL is held.
     *
     * @throws ClosedException if the GIL is (or gets) closed; the caller then does not hold it
     * @throws IllegalStateException if {@code me} already holds it or belongs to another GIL
     */
    public void take(ThreadState me) {
        requireOwn(me);
        if (me.holding) {
            throw new IllegalStateException(me + " already holds the GIL");
        }
        if (closed) {
            throw new ClosedException();
        }
        if (!HOLDER.compareAndSet(this, null, me)) {
            awaitRelease(me);
        }
        me.holding = true;
        if (log != null) {
            log.record(me.logId, GilLog.Kind.TAKE);
        }
        if (lastHolder != me) {
            lastHolder = me;
            switchNumber++; // single writer: only the holder writes it
            for (ThreadState dropper : switchWaiting) {
                LockSupport.unpark(dropper.thread); // FORCE_SWITCHING: the forced dropper may compete again
            }
        }
        me.clearDropRequest(); // a request pending from before this thread held the GIL is void
    }

    /**
     * Releases the GIL voluntarily, as {@code Py_BEGIN_ALLOW_THREADS} does before a blocking call or a
     * thread does when it ends: wakes one waiter and returns at once.
     *
     * @throws IllegalStateException if {@code me} does not hold the GIL
     */
    public void drop(ThreadState me) {
        requireOwn(me);
        if (log != null && me.holding) {
            log.record(me.logId, GilLog.Kind.RELEASE); // before letting go, so lanes never overlap
        }
        release(me);
    }

    /** Closes the GIL: every thread waiting for it, or polling while holding it, gets a {@link ClosedException}. */
    public void close() {
        closed = true;
        ThreadState h = holder;
        if (h != null) {
            h.requestDrop();
        }
        for (ThreadState w : waiting) {
            LockSupport.unpark(w.thread);
        }
        for (ThreadState w : switchWaiting) {
            LockSupport.unpark(w.thread);
        }
    }

    /**
     * The counters since construction: {@code gil.switches} (times the GIL changed hands),
     * {@code gil.forced-drops} (drops at a check point: honoured drop requests, or tick releases
     * while another thread was waiting),
     * {@code gil.drop-requests} (times a waiter asked the holder to drop; 0 in ticks mode),
     * {@code gil.wait-ns} (total time threads spent waiting to take the GIL, including a forced
     * dropper's wait for the switch).
     */
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(SWITCHES, switchNumber);
        counters.put(FORCED_DROPS, forcedDrops.sum());
        counters.put(DROP_REQUESTS, dropRequests.sum());
        counters.put(WAIT_NS, waitNanos.sum());
        return counters;
    }

    /** How many times waiters woke up in {@link #take}, for tests that bound the thundering herd. */
    long waiterWakeups() {
        return wakeups.sum();
    }

    /**
     * Waits until this thread has taken the GIL: CPython's {@code take_gil} loop. Each wait lasts at most
     * one interval and restarts after every wake-up; a waiter that timed out with the GIL still held and
     * no switch since its wait began asks the holder to drop.
     *
     * <p>Waiters park on their own thread ({@link LockSupport}) and a release unparks the longest
     * waiter: there is no mutex to re-acquire after a wake-up. With a mutex (a {@link
     * java.util.concurrent.locks.Condition}), 1,000 sleep-io threads timing out every interval queued
     * on it in FIFO order, and the holder, which needs the same mutex to let go, queued behind them:
     * each release waited for hundreds of wake-ups (a 10,000-task run took 9–33 s instead of ~1 s).
     *
     * <p>Only the longest waiter keeps the time. In CPython every waiter times out each interval; the
     * first one to find no switch since its wait began sets the request, and the others' time-outs
     * change nothing (the request is already set, or a switch happened). Here the others sleep
     * untimed: the same request at (within a wake-up) the same moment, without hundreds of threads
     * waking every interval — which on 2 cores starved the holder they were waiting for.
     */
    private void awaitRelease(ThreadState me) {
        long start = System.nanoTime();
        if (log != null) {
            log.record(me.logId, GilLog.Kind.WAIT);
        }
        me.thread = Thread.currentThread();
        waiting.add(me); // before the next try, so a release in between unparks us
        waiters.incrementAndGet();
        boolean interrupted = false;
        try {
            while (true) {
                long saved = switchNumber;
                long waitStart = System.nanoTime();
                if (closed) {
                    throw new ClosedException();
                }
                if (holder == null && HOLDER.compareAndSet(this, null, me)) {
                    return;
                }
                if (mode == Mode.TICKS) {
                    // The old GIL: a plain lock, no timeout, no request; the OS and the race decide.
                    sleepUntilReleased(me);
                } else if (waiting.peek() != me) {
                    // Interval mode: only the longest waiter keeps the time (see above); the others
                    // sleep until a release, or until the waiter ahead of them leaves, wakes them.
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, intervalNanos);
                    // Timed out (not woken early) with the GIL held by the same thread all along: ask it
                    // to drop. After a switch the new holder gets a full interval of its own.
                    ThreadState h = holder;
                    if (System.nanoTime() - waitStart >= intervalNanos && h != null
                            && switchNumber == saved && !closed && h.requestDrop()) {
                        dropRequests.increment();
                        if (log != null) {
                            log.record(me.logId, GilLog.Kind.DROP_REQUEST);
                        }
                    }
                }
                wakeups.increment();
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            waiting.remove(me);
            waiters.decrementAndGet();
            ThreadState next = waiting.peek();
            if (next != null) {
                LockSupport.unpark(next.thread); // the new longest waiter starts keeping the time
            }
            waitNanos.add(System.nanoTime() - start);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ticks mode: sleeps while the GIL is held, until a release wakes this thread — the semaphore's
     * {@code futex} wait that CPython 2's {@code PyThread_acquire_lock} ends in. A wake-up reaches only a
     * thread that is asleep: one that arrives while the waiter is still running (it has just lost the race
     * and is on its way back to sleep) is lost, as a futex wake is. Java's {@link LockSupport} keeps such a
     * wake-up instead (a permit): with the holder releasing every microsecond or so, the loser found one
     * at every park, never slept, and spun on the other core re-trying the GIL.
     */
    private void sleepUntilReleased(ThreadState me) {
        me.asleep = true;
        if (holder != null) { // futex_wait(&value, 0): no sleep if the lock is free by now
            while (me.asleep && !closed) {
                LockSupport.park(this); // a stale permit returns at once: sleep again
            }
        }
        me.asleep = false;
    }

    /** Gives the GIL up and wakes one waiter (no hand-off). */
    private void release(ThreadState me) {
        if (holder != me || !me.holding) {
            throw new IllegalStateException(me + " does not hold the GIL");
        }
        me.holding = false;
        me.clearDropRequest();
        holder = null;
        ThreadState next = waiting.peek();
        if (next != null) {
            next.asleep = false;
            LockSupport.unpark(next.thread);
        }
    }

    /**
     * The holder saw its breaker set at a check point: a drop request (interval mode), the tick
     * counter's turn (ticks mode), or the GIL closing.
     */
    private void onBreak(ThreadState me) {
        if (closed) {
            release(me);
            throw new ClosedException();
        }
        if (mode == Mode.TICKS) {
            // ThreadState.onBreak counted the ticks down: this is the check interval's end.
            if (waiters.get() == 0) {
                // Nobody to let in: releasing and re-taking would change nothing. CPython 2 paid a
                // semaphore post + wait here (about 1% of 100 bytecodes); paying it here would make one
                // thread slower than serial for no behaviour CPython shows.
                return;
            }
            if (log != null) {
                log.record(me.logId, GilLog.Kind.FORCED_DROP);
            }
            release(me);
            forcedDrops.increment();
            // "Other threads may run now": re-acquire at once, racing the waiter we just woke.
            take(me);
            return;
        }
        if (waiters.get() == 0) {
            // A request that went stale in a race (its waiter has taken and released the GIL since):
            // nobody waits, so there is nobody to switch to.
            me.clearDropRequest();
            return;
        }
        if (log != null) {
            log.record(me.logId, GilLog.Kind.FORCED_DROP);
        }
        release(me);
        forcedDrops.increment();
        // FORCE_SWITCHING: do not compete until another thread has taken the GIL, or this thread,
        // already running, would usually win it straight back.
        if (lastHolder == me) {
            long start = System.nanoTime();
            me.thread = Thread.currentThread();
            switchWaiting.add(me);
            try {
                while (lastHolder == me && !closed) {
                    LockSupport.parkNanos(this, intervalNanos); // bounded: a missed unpark costs one interval
                }
            } finally {
                switchWaiting.remove(me);
                waitNanos.add(System.nanoTime() - start);
            }
        }
        take(me);
    }

    private void requireOwn(ThreadState ts) {
        if (ts.gil != this) {
            throw new IllegalStateException(ts + " belongs to another GIL");
        }
    }

    /**
     * CPython's {@code PyThreadState}: what one thread's workload code sees of the interpreter. Its
     * {@link #poll()} is one volatile read while nobody waits for the GIL; a waiter flags it (the
     * {@code eval_breaker}) to ask for the GIL. Ticks mode keeps the flag set, so every check point
     * counts a tick, as CPython 2's eval loop decremented its ticker on every bytecode.
     *
     * <p>Blocking calls release the GIL ({@link #beforeBlocking()}) and take it back
     * ({@link #afterBlocking()}). Use one instance per thread, from that thread only.
     */
    public static final class ThreadState extends Interpreter {

        private final Gil gil;
        private final String name;
        // Owner thread only.
        private boolean holding;
        /** The thread that uses this state, for waking it; set before it first waits. */
        private volatile Thread thread;
        /** Ticks mode: asleep in {@link Gil#sleepUntilReleased}, until a release clears it. */
        private volatile boolean asleep;
        /** This thread's number in the GIL's event log (0 without a log). */
        private final int logId;
        /** Ticks mode: work units left in this check interval. */
        private long workLeft;
        private final boolean ticking;

        private ThreadState(Gil gil, String name) {
            this.gil = gil;
            this.name = name;
            this.workLeft = gil.checkWork();
            this.logId = gil.log == null ? 0 : gil.log.register(name);
            this.ticking = gil.mode == Mode.TICKS;
            if (ticking) {
                breaker = true;
            }
        }

        /** Whether this thread holds the GIL now; meaningful on the owner thread. */
        public boolean holdsGil() {
            return holding;
        }

        /** Takes the GIL: the start of a thread's life under it ({@link Gil#take}). */
        public void attach() {
            gil.take(this);
        }

        /** Releases the GIL if held: the end of a thread's life under it. */
        public void detach() {
            if (holding) {
                gil.drop(this);
            }
        }

        @Override
        protected void onBreak(int work) {
            // Ticks mode: CPython 2's "if (--_Py_Ticker < 0)", counted in work rather than check points
            // (a kernel polls after a few ns or a few µs of work); small enough to be inlined into the
            // kernel's loop; the GIL is only called at the end of each check interval.
            if (ticking && (workLeft -= work) > 0) {
                return;
            }
            workLeft = gil.checkWork();
            gil.onBreak(this);
        }

        @Override
        public void beforeBlocking() {
            gil.drop(this);
        }

        @Override
        public void afterBlocking() {
            gil.take(this);
        }

        /** Sets the breaker; true if it was not set already. Called by a waiter or by close(). */
        private boolean requestDrop() {
            if (breaker) {
                return false;
            }
            breaker = true;
            return true;
        }

        /** Clears a drop request (interval mode only: in ticks mode the breaker counts ticks). */
        private void clearDropRequest() {
            if (gil.mode == Mode.INTERVAL && breaker) {
                breaker = false;
            }
        }

        @Override
        public String toString() {
            return "thread state " + name;
        }
    }
}

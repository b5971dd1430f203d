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
 * child JVM each make their own. Threads attach through a {@link GilThreadState} (CPython's
 * {@code PyThreadState}), which is the {@link Interpreter} their workload code polls.
 *
 * <p><b>What it imitates</b> (../shared/notes/gil.md; CPython's {@code Python/ceval_gil.h}, 3.2–3.11), in
 * two modes, each a class of its own behind {@link GilSwitching} (how a waiter waits, what the holder does
 * at a check point); this class keeps what they share: the lock word, the waiters, the counters.
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
    final long intervalNanos;
    private final int ticks;
    /** The event log, or null (the default): tested on slow paths only. */
    final GilLog log;
    /** The mode's half: how a waiter waits, what the holder does at a check point. */
    private final GilSwitching switching;

    /**
     * The holder, or null: CPython's {@code locked} flag and the holder in one field. Taken by a
     * compare-and-set, released by a plain volatile write, so neither the holder's release nor an
     * uncontended take ever queues behind waiters (see the class comment on the mutex convoy).
     */
    volatile GilThreadState holder;
    /** Written only by the thread that just took the GIL. */
    volatile GilThreadState lastHolder;
    /** CPython's {@code switch_number}; written only by the thread that just took the GIL. */
    volatile long switchNumber;
    volatile boolean closed;
    /** Threads waiting in {@link #take}, longest first: a release wakes the head (CPython's {@code COND_SIGNAL}). */
    final ConcurrentLinkedQueue<GilThreadState> waiting = new ConcurrentLinkedQueue<>();
    /** How many threads wait in {@link #take}; read at check points to skip a useless release. */
    final AtomicInteger waiters = new AtomicInteger();
    final LongAdder forcedDrops = new LongAdder();
    final LongAdder dropRequests = new LongAdder();
    final LongAdder waitNanos = new LongAdder();
    /** Times a waiter woke up in {@link #take} (time-outs and wake-ups alike): the herd the tests bound. */
    private final LongAdder wakeups = new LongAdder();

    private static final VarHandle HOLDER;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(Gil.class, "holder", GilThreadState.class);
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
        this.switching = mode == Mode.INTERVAL ? new GilIntervalMode(this) : new GilTicksMode(this);
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
    long checkWork() {
        return (long) ticks * Interpreter.TICK_WORK;
    }

    /** A new thread's state, not holding the GIL; it belongs to the one thread that uses it. */
    public GilThreadState newThreadState(String name) {
        return new GilThreadState(this, name);
    }

    /**
     * Takes the GIL, waiting as CPython's {@code take_gil} does (after a blocking call, at thread start,
     * after a forced drop). Waiting is not interruptible, as in CPython; an interrupt is kept for the
     * caller to see once the GIL is held.
     *
     * @throws ClosedException if the GIL is (or gets) closed; the caller then does not hold it
     * @throws IllegalStateException if {@code me} already holds it or belongs to another GIL
     */
    public void take(GilThreadState me) {
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
            switching.switched();
        }
        me.clearDropRequest(); // a request pending from before this thread held the GIL is void
    }

    /**
     * Releases the GIL voluntarily, as {@code Py_BEGIN_ALLOW_THREADS} does before a blocking call or a
     * thread does when it ends: wakes one waiter and returns at once.
     *
     * @throws IllegalStateException if {@code me} does not hold the GIL
     */
    public void drop(GilThreadState me) {
        requireOwn(me);
        if (log != null && me.holding) {
            log.record(me.logId, GilLog.Kind.RELEASE); // before letting go, so lanes never overlap
        }
        release(me);
    }

    /** Closes the GIL: every thread waiting for it, or polling while holding it, gets a {@link ClosedException}. */
    public void close() {
        closed = true;
        GilThreadState h = holder;
        if (h != null) {
            h.requestDrop();
        }
        for (GilThreadState w : waiting) {
            LockSupport.unpark(w.thread);
        }
        switching.closed();
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
     * Waits until this thread has taken the GIL: CPython's {@code take_gil} loop. Each wait ({@link
     * GilSwitching#await}) ends at a release, a wake-up or the mode's time-out, and the loop tries again.
     *
     * <p>Waiters park on their own thread ({@link LockSupport}) and a release unparks the longest
     * waiter: there is no mutex to re-acquire after a wake-up. With a mutex (a {@link
     * java.util.concurrent.locks.Condition}), 1,000 sleep-io threads timing out every interval queued
     * on it in FIFO order, and the holder, which needs the same mutex to let go, queued behind them:
     * each release waited for hundreds of wake-ups (a 10,000-task run took 9–33 s instead of ~1 s).
     */
    private void awaitRelease(GilThreadState me) {
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
                switching.await(me, saved, waitStart);
                wakeups.increment();
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            waiting.remove(me);
            waiters.decrementAndGet();
            GilThreadState next = waiting.peek();
            if (next != null) {
                LockSupport.unpark(next.thread); // the new longest waiter starts keeping the time
            }
            waitNanos.add(System.nanoTime() - start);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives the GIL up and wakes one waiter (no hand-off). */
    void release(GilThreadState me) {
        if (holder != me || !me.holding) {
            throw new IllegalStateException(me + " does not hold the GIL");
        }
        me.holding = false;
        me.clearDropRequest();
        holder = null;
        GilThreadState next = waiting.peek();
        if (next != null) {
            next.asleep = false;
            LockSupport.unpark(next.thread);
        }
    }

    /**
     * The holder saw its breaker set at a check point: a drop request (interval mode), the tick
     * counter's turn (ticks mode), or the GIL closing.
     */
    void onBreak(GilThreadState me) {
        if (closed) {
            release(me);
            throw new ClosedException();
        }
        switching.onBreak(me);
    }

    private void requireOwn(GilThreadState ts) {
        if (ts.gil != this) {
            throw new IllegalStateException(ts + " belongs to another GIL");
        }
    }
}

package org.gilbench.model;

import org.gilbench.workload.Interpreter;

/**
 * CPython's {@code PyThreadState}: what one thread's workload code sees of the interpreter. Its
 * {@link #poll()} is one volatile read while nobody waits for the GIL; a waiter flags it (the
 * {@code eval_breaker}) to ask for the GIL. Ticks mode keeps the flag set, so every check point
 * counts a tick, as CPython 2's eval loop decremented its ticker on every bytecode.
 *
 * <p>Blocking calls release the GIL ({@link #beforeBlocking()}) and take it back
 * ({@link #afterBlocking()}). Use one instance per thread, from that thread only; get one from
 * {@link Gil#newThreadState}. Leaves out everything else a {@code PyThreadState} carries (frames,
 * exception state, recursion depth).
 */
public final class GilThreadState extends Interpreter {

    final Gil gil;
    private final String name;
    // Owner thread only.
    boolean holding;
    /** The thread that uses this state, for waking it; set before it first waits. */
    volatile Thread thread;
    /** Ticks mode: asleep in {@link GilTicksMode#await}, until a release clears it. */
    volatile boolean asleep;
    /** This thread's number in the GIL's event log (0 without a log). */
    final int logId;
    /** Ticks mode: work units left in this check interval. */
    private long workLeft;
    private final boolean ticking;

    GilThreadState(Gil gil, String name) {
        this.gil = gil;
        this.name = name;
        this.workLeft = gil.checkWork();
        this.logId = gil.log() == null ? 0 : gil.log().register(name);
        this.ticking = gil.mode() == Gil.Mode.TICKS;
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
    boolean requestDrop() {
        if (breaker) {
            return false;
        }
        breaker = true;
        return true;
    }

    /** Clears a drop request (interval mode only: in ticks mode the breaker counts ticks). */
    void clearDropRequest() {
        if (!ticking && breaker) {
            breaker = false;
        }
    }

    @Override
    public String toString() {
        return "thread state " + name;
    }
}

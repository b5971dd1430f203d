package org.gilbench.workload;

/**
 * What running workload code sees of the interpreter it runs in: CPython's two kinds of check point.
 *
 * <ul>
 *   <li>{@link #poll()} at loop back-edges, where CPython (3.10+) tests {@code eval_breaker} and, when a
 *       switch was requested, drops the GIL;</li>
 *   <li>{@link #beforeBlocking()} / {@link #afterBlocking()} around a blocking call, like
 *       {@code Py_BEGIN_ALLOW_THREADS} / {@code Py_END_ALLOW_THREADS}: the GIL is released while the
 *       thread sleeps or waits and taken again afterwards.</li>
 * </ul>
 *
 * <p>{@link #FREE} is an interpreter without a GIL (serial, plain threads, child JVMs). Every model runs
 * the same kernels through the same {@code poll()}: one plain volatile read of a flag nobody writes
 * unless a thread waits for the GIL, so the check costs the same everywhere and keeps the JIT from
 * deleting or folding the loops.
 */
public class Interpreter {

    /** The interpreter without a GIL: never asks to switch, blocking calls just block. */
    public static final Interpreter FREE = new Interpreter();

    /** CPython's {@code eval_breaker}: set by a GIL that wants the running thread to let go. */
    protected volatile boolean breaker;

    /**
     * Work units in one tick. A work unit is about 1 ns of kernel work on the reference machine
     * (docs/gil.md), so one tick is ~10 ns and CPython 2's 100-tick check interval ~1 µs, as 100
     * bytecodes of a pure-Python loop took in Python 2.7 there.
     */
    public static final int TICK_WORK = 10;

    /** A check point after one tick's worth of work (one "bytecode"): cheap unless a GIL asked this thread to drop it. */
    public final void poll() {
        if (breaker) {
            onBreak(TICK_WORK);
        }
    }

    /**
     * A check point after {@code work} work units (~ns, see {@link #TICK_WORK}) since the previous one.
     * Only the GIL's ticks mode reads the amount, so that a tick stands for the same work in every
     * kernel however often each polls; interval mode and the free interpreter ignore it.
     */
    public final void poll(int work) {
        if (breaker) {
            onBreak(work);
        }
    }

    /**
     * Called at a check point after {@link #breaker} was seen set, with the work done since the previous
     * check point; a GIL drops and re-takes itself here.
     */
    protected void onBreak(int work) {
    }

    /** Called just before a blocking call (sleep, wait): a GIL releases itself here, without waiting. */
    public void beforeBlocking() {
    }

    /** Called just after a blocking call returned, even if it threw: a GIL takes itself again here. */
    public void afterBlocking() {
    }
}

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

    /** A check point: cheap unless a GIL asked this thread to drop it. */
    public final void poll() {
        if (breaker) {
            onBreak();
        }
    }

    /** Called at a check point after {@link #breaker} was seen set; a GIL drops and re-takes itself here. */
    protected void onBreak() {
    }

    /** Called just before a blocking call (sleep, wait): a GIL releases itself here, without waiting. */
    public void beforeBlocking() {
    }

    /** Called just after a blocking call returned, even if it threw: a GIL takes itself again here. */
    public void afterBlocking() {
    }
}

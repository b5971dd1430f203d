package org.gilbench.model;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Gil.Mode#INTERVAL}, the "new" GIL of CPython 3.2 and later ({@code Python/ceval_gil.h}): a
 * thread that finds the GIL taken waits one switch interval ({@code sys.setswitchinterval}); if it timed
 * out and no switch happened meanwhile, it sets a drop request on the holder, which drops the GIL at its
 * next check point and — FORCE_SWITCHING — waits until another thread has really taken it before
 * competing again ({@code switch_cond}). Leaves out CPython's mutex and condition variables (waiters park
 * on their own threads, see {@link Gil}) and the timed wait of every waiter: only the longest waiter keeps
 * the time (see {@link #await}).
 */
final class GilIntervalMode implements GilSwitching {

    private final Gil gil;
    /** FORCE_SWITCHING: forced droppers waiting until another thread has taken the GIL ({@code switch_cond}). */
    private final ConcurrentLinkedQueue<GilThreadState> switchWaiting = new ConcurrentLinkedQueue<>();

    GilIntervalMode(Gil gil) {
        this.gil = gil;
    }

    /**
     * Waits at most one interval; a waiter that timed out with the GIL still held and no switch since its
     * wait began asks the holder to drop.
     *
     * <p>Only the longest waiter keeps the time. In CPython every waiter times out each interval; the
     * first one to find no switch since its wait began sets the request, and the others' time-outs
     * change nothing (the request is already set, or a switch happened). Here the others sleep
     * untimed: the same request at (within a wake-up) the same moment, without hundreds of threads
     * waking every interval — which on 2 cores starved the holder they were waiting for.
     */
    @Override
    public void await(GilThreadState me, long saved, long waitStart) {
        if (gil.waiting.peek() != me) {
            // Only the longest waiter keeps the time (see above); the others sleep until a release, or
            // until the waiter ahead of them leaves, wakes them.
            LockSupport.park(gil);
            return;
        }
        LockSupport.parkNanos(gil, gil.intervalNanos);
        // Timed out (not woken early) with the GIL held by the same thread all along: ask it to drop.
        // After a switch the new holder gets a full interval of its own.
        GilThreadState h = gil.holder;
        if (System.nanoTime() - waitStart >= gil.intervalNanos && h != null
                && gil.switchNumber == saved && !gil.closed && h.requestDrop()) {
            gil.dropRequests.increment();
            if (gil.log != null) {
                gil.log.record(me.logId, GilLog.Kind.DROP_REQUEST);
            }
        }
    }

    @Override
    public void onBreak(GilThreadState me) {
        if (gil.waiters.get() == 0) {
            // A request that went stale in a race (its waiter has taken and released the GIL since):
            // nobody waits, so there is nobody to switch to.
            me.clearDropRequest();
            return;
        }
        if (gil.log != null) {
            gil.log.record(me.logId, GilLog.Kind.FORCED_DROP);
        }
        gil.release(me);
        gil.forcedDrops.increment();
        // FORCE_SWITCHING: do not compete until another thread has taken the GIL, or this thread,
        // already running, would usually win it straight back.
        if (gil.lastHolder == me) {
            long start = System.nanoTime();
            me.thread = Thread.currentThread();
            switchWaiting.add(me);
            try {
                while (gil.lastHolder == me && !gil.closed) {
                    LockSupport.parkNanos(gil, gil.intervalNanos); // bounded: a missed unpark costs one interval
                }
            } finally {
                switchWaiting.remove(me);
                gil.waitNanos.add(System.nanoTime() - start);
            }
        }
        gil.take(me);
    }

    @Override
    public void switched() {
        for (GilThreadState dropper : switchWaiting) {
            LockSupport.unpark(dropper.thread); // FORCE_SWITCHING: the forced dropper may compete again
        }
    }

    @Override
    public void closed() {
        for (GilThreadState w : switchWaiting) {
            LockSupport.unpark(w.thread);
        }
    }
}

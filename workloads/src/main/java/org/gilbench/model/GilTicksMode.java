package org.gilbench.model;

import java.util.concurrent.locks.LockSupport;

/**
 * {@link Gil.Mode#TICKS}, the "old" GIL of CPython 3.1 and 2.x: a plain lock released and at once
 * re-acquired every {@code ticks} check points ({@code sys.setcheckinterval}), with no hand-off, no
 * time-out and no drop request; the OS and the race decide who runs (../shared/notes/gil.md). The lock
 * is unfair, as CPython 2's semaphore is, so on several cores the woken waiter usually loses the race to
 * the releaser and goes back to sleep: the "GIL battle". Leaves out the semaphore itself (a release here
 * is a volatile write and an unpark, not a post + wait) and the ticker's count in bytecodes (here in work
 * units, see {@link GilThreadState#onBreak}).
 */
final class GilTicksMode implements GilSwitching {

    private final Gil gil;

    GilTicksMode(Gil gil) {
        this.gil = gil;
    }

    /**
     * Sleeps while the GIL is held, until a release wakes this thread — the semaphore's {@code futex}
     * wait that CPython 2's {@code PyThread_acquire_lock} ends in. A wake-up reaches only a thread that is
     * asleep: one that arrives while the waiter is still running (it has just lost the race and is on its
     * way back to sleep) is lost, as a futex wake is. Java's {@link LockSupport} keeps such a wake-up
     * instead (a permit): with the holder releasing every microsecond or so, the loser found one at every
     * park, never slept, and spun on the other core re-trying the GIL.
     */
    @Override
    public void await(GilThreadState me, long saved, long waitStart) {
        me.asleep = true;
        if (gil.holder != null) { // futex_wait(&value, 0): no sleep if the lock is free by now
            while (me.asleep && !gil.closed) {
                LockSupport.park(gil); // a stale permit returns at once: sleep again
            }
        }
        me.asleep = false;
    }

    @Override
    public void onBreak(GilThreadState me) {
        // GilThreadState.onBreak counted the ticks down: this is the check interval's end.
        if (gil.waiters.get() == 0) {
            // Nobody to let in: releasing and re-taking would change nothing. CPython 2 paid a
            // semaphore post + wait here (about 1% of 100 bytecodes); paying it here would make one
            // thread slower than serial for no behaviour CPython shows.
            return;
        }
        if (gil.log != null) {
            gil.log.record(me.logId, GilLog.Kind.FORCED_DROP);
        }
        gil.release(me);
        gil.forcedDrops.increment();
        // "Other threads may run now": re-acquire at once, racing the waiter we just woke.
        gil.take(me);
    }

    @Override
    public void switched() {
        // No forced switching in the old GIL: nobody waits for a switch.
    }

    @Override
    public void closed() {
        // Sleepers are among the GIL's waiters, which close() wakes.
    }
}

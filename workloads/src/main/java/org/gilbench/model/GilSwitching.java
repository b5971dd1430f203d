package org.gilbench.model;

/**
 * The half of a {@link Gil} that differs between its two modes: how a thread that found the GIL taken
 * waits, and what the holder does when its breaker is set at a check point. {@link Gil} keeps the rest
 * (the lock word, the waiters, the counters) and calls these only on slow paths; a fast take or a poll
 * never reaches them.
 */
sealed interface GilSwitching permits GilIntervalMode, GilTicksMode {

    /**
     * One wait of {@code me}, already queued among the waiters, for the GIL it just failed to take;
     * returns after a release, a wake-up or the mode's time-out, and the caller tries again.
     *
     * @param saved     {@code switch_number} when this try began
     * @param waitStart {@link System#nanoTime()} when this try began
     */
    void await(GilThreadState me, long saved, long waitStart);

    /** The holder's breaker is set at a check point and the GIL is not closed: drop it or keep it. */
    void onBreak(GilThreadState me);

    /** The GIL has just changed hands (called by the new holder). */
    void switched();

    /** The GIL was closed: wake whoever this mode keeps waiting. */
    void closed();
}

package org.gilbench.run;

import java.util.function.LongSupplier;

/**
 * The run's wall-time budget ({@code --budget MINUTES}, the whole run with its build): what is left of it,
 * and whether more work still fits. Work is judged by its estimate scaled by how slow this machine has
 * been against the estimates so far, with a reserve for the final report.
 */
final class Budget {

    /** Kept for the last report (it runs after every round too; ~5-20 s here). */
    static final double REPORT_RESERVE_SECONDS = 20;

    private final double totalSeconds;
    private final double spentBeforeSeconds;
    private final LongSupplier nanoClock;
    private final long startNanos;

    /**
     * @param totalSeconds       the whole run's budget
     * @param spentBeforeSeconds already spent before the runner started (the build; an earlier part of a resumed run)
     */
    Budget(double totalSeconds, double spentBeforeSeconds, LongSupplier nanoClock) {
        this.totalSeconds = totalSeconds;
        this.spentBeforeSeconds = spentBeforeSeconds;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    double elapsedSeconds() {
        return spentBeforeSeconds + (nanoClock.getAsLong() - startNanos) / 1e9;
    }

    double remainingSeconds() {
        return totalSeconds - elapsedSeconds();
    }

    /**
     * Whether work estimated at {@code estimateSeconds}, after {@code committedSeconds} of estimated work
     * still planned, fits, given the measured/estimated ratio so far (at least 1: never assume faster).
     */
    boolean allows(double estimateSeconds, double committedSeconds, double ratio) {
        double scale = Math.max(1.0, ratio);
        return (committedSeconds + estimateSeconds) * scale + REPORT_RESERVE_SECONDS <= remainingSeconds();
    }
}

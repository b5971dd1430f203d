package org.gilbench.run;

/**
 * Elapsed time and ETA: the remaining estimate scaled by how this machine has done against the estimates
 * (measured wall / estimated, over the attempts so far).
 */
final class Progress {

    private double estimatedDone;
    private double measuredDone;

    void record(double estimateSeconds, double wallSeconds) {
        estimatedDone += estimateSeconds;
        measuredDone += wallSeconds;
    }

    /** Measured / estimated over the attempts so far; 1 before the first. */
    double ratio() {
        return estimatedDone > 0 ? measuredDone / estimatedDone : 1.0;
    }

    double eta(double remainingEstimateSeconds) {
        return remainingEstimateSeconds * ratio();
    }

    /** m:ss */
    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return String.format("%d:%02d", s / 60, s % 60);
    }
}

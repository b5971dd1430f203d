package org.gilbench.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The two plans: {@code quick}, every lesson in about ten minutes on 2 cores (build included), and
 * {@code full}, the complete sweeps. What each profile measures is decided per experiment, in
 * {@link Experiments}; this enum only carries the run-wide defaults.
 */
public enum Profile {
    /**
     * 2 rounds: every cell gets the 2 independent forks a verdict needs (issue 18), then re-measuring gives
     * extra forks only to the cells of lessons still undecided, while the 10-minute budget (the whole run,
     * build included) lasts. A third round for every cell did not fit once this round's ~12 experiments joined
     * (the plan's estimate: 11:37 of benchmarks at 3 rounds), and most of it would go to cells already decided.
     */
    QUICK(2, 10.0),
    /** 2 rounds of the complete sweeps (~1 h on 2 cores); re-measuring gets 15% on top of the estimate. */
    FULL(2, 0.0);

    /** Re-measuring in the full profile may add this share of the plan's estimate. */
    static final double FULL_EXTRA_SHARE = 0.15;

    private final int defaultRounds;
    private final double defaultBudgetMinutes;

    Profile(int defaultRounds, double defaultBudgetMinutes) {
        this.defaultRounds = defaultRounds;
        this.defaultBudgetMinutes = defaultBudgetMinutes;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int defaultRounds() {
        return defaultRounds;
    }

    /**
     * The whole run's default wall-time budget in minutes (build included), given the plan's estimate
     * of its rounds and the build time: fixed for quick, the estimate plus a margin for full.
     */
    public double defaultBudgetMinutes(double planSeconds, double buildSeconds) {
        if (this == QUICK) {
            return defaultBudgetMinutes;
        }
        return (planSeconds * (1 + FULL_EXTRA_SHARE) + buildSeconds) / 60.0;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Profile::label).toList();
    }
}

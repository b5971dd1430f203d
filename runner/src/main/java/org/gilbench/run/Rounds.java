package org.gilbench.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order of the cells in each round: a new shuffle per round, so that a burst of other work or a slow
 * drift (heat, turbo) lands on different models in different rounds instead of on one. Reproducible: the
 * run's seed (recorded in machine.json) and the round number determine the order.
 */
final class Rounds {

    private Rounds() {
    }

    /** The cells of round {@code round} (1-based), in their measurement order. */
    static <T> List<T> order(List<T> cells, long seed, int round) {
        List<T> order = new ArrayList<>(cells);
        // Mix the round into the seed (golden-ratio constant) so that rounds of one run share no sequence.
        Collections.shuffle(order, new Random(seed ^ (round * 0x9E3779B97F4A7C15L)));
        return order;
    }
}

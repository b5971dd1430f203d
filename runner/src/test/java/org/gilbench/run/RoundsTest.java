package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each round is a permutation of the cells, rounds differ, and the seed reproduces them. */
class RoundsTest {

    private static final List<Integer> CELLS = IntStream.range(0, 30).boxed().toList();

    @Test
    void everyRoundIsAPermutation() {
        for (int r = 1; r <= 5; r++) {
            List<Integer> order = Rounds.order(CELLS, 42, r);
            assertEquals(CELLS.size(), order.size());
            assertEquals(new HashSet<>(CELLS), new HashSet<>(order));
        }
    }

    @Test
    void roundsOfOneRunHaveDifferentOrders() {
        assertEquals(3, new HashSet<>(List.of(Rounds.order(CELLS, 42, 1), Rounds.order(CELLS, 42, 2),
                Rounds.order(CELLS, 42, 3))).size());
        assertNotEquals(CELLS, Rounds.order(CELLS, 42, 1));
    }

    @Test
    void theSeedReproducesTheOrder() {
        assertEquals(Rounds.order(CELLS, 7, 2), Rounds.order(CELLS, 7, 2));
        assertNotEquals(Rounds.order(CELLS, 7, 2), Rounds.order(CELLS, 8, 2));
    }
}

package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;
import org.junit.jupiter.api.Test;

/** The re-measure decisions: which cells are unsure, in which order, and when to stop. */
class UncertaintyTest {

    private static Attempt ok(int round, double... ops) {
        return attempt(round, "ok", ops);
    }

    private static Attempt attempt(int round, String status, double... ops) {
        List<Double> list = new ArrayList<>();
        for (double op : ops) {
            list.add(op);
        }
        double mean = list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return new Attempt(round, 1, null, "f", AttemptStatus.of(status), 1, 0.0, null, mean, "ms/op", list);
    }

    @Test
    void steadyForksAreSure() {
        Uncertainty u = Uncertainty.of("a", List.of(ok(1, 600, 602, 598), ok(2, 610, 608, 612), ok(3, 590, 595, 593)));
        assertEquals(3, u.forks());
        assertTrue(u.width() < 0.05, u.toString());
        assertFalse(u.unsure(), u.toString());
    }

    @Test
    void forksThatDisagreeAreUnsure() {
        // prime-check virtual-thread x2 in two runs: 448 vs 305 ms.
        Uncertainty u = Uncertainty.of("b", List.of(ok(1, 448, 450), ok(2, 305, 306), ok(3, 310, 312)));
        assertTrue(u.width() > Uncertainty.MAX_RELATIVE_WIDTH, u.toString());
        assertTrue(u.unsure());
    }

    @Test
    void oneStalledOperationMakesTwoClusters() {
        // range-sum end-to-end thread-pool x2: one 4,877 ms operation among ~85 ms ones.
        Uncertainty u = Uncertainty.of("c", List.of(ok(1, 84, 86, 85), ok(2, 85, 4877, 84), ok(3, 86, 85, 84)));
        assertTrue(u.gap() > Uncertainty.MAX_GAP, u.toString());
        assertTrue(u.unsure());
    }

    @Test
    void disturbedAttemptsCountOnlyWhenNothingElseExists() {
        Uncertainty u = Uncertainty.of("d", List.of(ok(1, 600), ok(2, 602), attempt(2, "disturbed", 900)));
        assertEquals(2, u.forks());
        assertFalse(u.unsure(), u.toString());
        assertEquals(1, Uncertainty.of("e", List.of(attempt(1, "disturbed", 900))).forks());
        assertNull(Uncertainty.of("f", List.of(new Attempt(1, 1, null, null, AttemptStatus.TIMEOUT, 60, 0.0, "x", null, null, null))));
    }

    @Test
    void theQueueIsMostUncertainFirstAndCapsExtraForks() {
        Cell steady = cell("steady");
        Cell wide = cell("wide");
        Cell wider = cell("wider");
        Cell single = cell("single");
        Map<String, List<Attempt>> attempts = Map.of(
                "steady", List.of(ok(1, 100), ok(2, 101), ok(3, 100)),
                "wide", List.of(ok(1, 100), ok(2, 120), ok(3, 110)),
                "wider", List.of(ok(1, 100), ok(2, 150), ok(3, 120)),
                "single", List.of(ok(1, 100), attempt(2, "failed")));
        Map<String, Integer> extras = new HashMap<>();
        List<String> order = Uncertainty.queue(List.of(steady, wide, wider, single), attempts::get, extras).stream()
                .map(Uncertainty::id).toList();
        assertEquals(List.of("single", "wider", "wide"), order);
        extras.put("wider", Uncertainty.MAX_EXTRA_FORKS);
        assertEquals(List.of("single", "wide"), Uncertainty.queue(List.of(steady, wide, wider, single), attempts::get,
                extras).stream().map(Uncertainty::id).toList());
    }

    @Test
    void theMediansIntervalUsesOrderStatistics() {
        List<Double> three = List.of(1.0, 2.0, 3.0);
        assertArrayEquals(new double[] {1.0, 3.0}, Uncertainty.medianInterval(three, 0.9));
        List<Double> ten = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ten.add((double) i);
        }
        // n = 10: [x(3), x(8)] covers 89 %, [x(2), x(9)] 97.9 %: the 90 % interval is [2, 9].
        assertArrayEquals(new double[] {2.0, 9.0}, Uncertainty.medianInterval(ten, 0.9));
        assertEquals(2.5, Uncertainty.median(List.of(1.0, 2.0, 3.0, 4.0)));
    }

    private static Cell cell(String id) {
        return new Cell(id, "x", "jmh", "B.m", Cell.paramsOf(), Cell.Iterations.singleShot(1, 3), 5, "");
    }
}

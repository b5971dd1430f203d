package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.Deadlock.Order;
import org.gilbench.workload.Deadlock.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deadlocks happen, are detected and ended with nothing left behind; the fixes never deadlock. */
class DeadlockTest {

    private static final int RUNS = 4;
    /** 20 ms: long enough that the second party starts inside the first one's window even on a loaded machine. */
    private static final long WINDOW_MICROS = 20_000;
    private static final Model[] CONCURRENT = {Model.THREAD_POOL, Model.VIRTUAL_THREAD, Model.GIL_EMULATED, Model.EVENT_LOOP};

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    private static ExecutionModel open(Model model) {
        return model.open(ModelSpec.of(model == Model.SERIAL ? 1 : 2));
    }

    @Test
    void oppositeOrdersWithASleepBetweenDeadlockUnderEveryConcurrentModelAndAreEnded() throws Exception {
        for (Model model : CONCURRENT) {
            try (ExecutionModel m = open(model)) {
                Deadlock.Outcome o = new Deadlock(Order.OPPOSITE, Window.SLEEP, WINDOW_MICROS, RUNS).run(m);
                assertEquals(RUNS, o.runs());
                // Both parties hold their first lock through the sleep: the GIL and the event loop let the other
                // party in there, as CPython's threads and asyncio do.
                assertTrue(o.deadlocks() >= RUNS / 2, m.describe() + ": " + o);
                boolean platform = model == Model.THREAD_POOL || model == Model.GIL_EMULATED;
                assertEquals(platform ? o.deadlocks() : 0, o.confirmed(), m.describe() + ": ThreadMXBean " + o);
                // The model is still sound: no interrupt leaked into its threads (a sleep would throw).
                SleepIo after = SleepIo.fixed(2, 1);
                after.verify(m.run(after.tasks()));
            }
        }
    }

    @Test
    void serialNeverDeadlocks() throws Exception {
        try (ExecutionModel m = open(Model.SERIAL)) {
            assertEquals(0, new Deadlock(Order.OPPOSITE, Window.SLEEP, 500, RUNS).run(m).deadlocks());
        }
    }

    @Test
    void theFixesNeverDeadlock() throws Exception {
        for (Model model : CONCURRENT) {
            try (ExecutionModel m = open(model)) {
                assertEquals(0, new Deadlock(Order.ONE_ORDER, Window.SLEEP, 1000, RUNS).run(m).deadlocks(), m.describe());
                Deadlock.Outcome tried = new Deadlock(Order.TRY_LOCK, Window.SLEEP, WINDOW_MICROS, RUNS).run(m);
                assertEquals(0, tried.deadlocks(), m.describe());
                if (model == Model.THREAD_POOL) {
                    assertTrue(tried.retries() > 0, "both hold their first lock through the sleep: someone backs off");
                }
            }
        }
    }

    @Test
    void childJvmsCannotShareTheLocks() {
        try (ExecutionModel m = open(Model.FORKED_PROCESS)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Deadlock(Order.OPPOSITE, Window.SLEEP, 1, 1).run(m));
            assertTrue(e.getMessage().contains("cannot ship"), e.getMessage());
        }
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("deadlock: runs must be in 1..100000, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Deadlock(Order.OPPOSITE, Window.SPIN, 1, 0))
                        .getMessage());
        assertEquals("unknown deadlock order 'reverse' (known: opposite, one-order, try-lock)",
                assertThrows(IllegalArgumentException.class, () -> Order.named("reverse")).getMessage());
    }
}

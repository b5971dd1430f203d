package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.SuspensionBank.Suspension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "No locks needed" holds only without a suspension point between the read and the write. */
class SuspensionBankTest {

    private static final int DEPOSITS = 48;

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    private static SuspensionBank run(Model model, Suspension suspension, boolean locked) throws Exception {
        try (ExecutionModel m = model.open(ModelSpec.of(model == Model.SERIAL ? 1 : 16))) {
            SuspensionBank bank = new SuspensionBank(DEPOSITS, 3, suspension, locked);
            bank.verify(m.run(bank.tasks()));
            return bank;
        }
    }

    @Test
    void theEventLoopLosesUpdatesWhenItAwaitsBetweenTheReadAndTheWrite() throws Exception {
        // 16 coroutines in flight read the same balance before any writes: most deposits are lost.
        SuspensionBank bank = run(Model.EVENT_LOOP, Suspension.BETWEEN, false);
        assertTrue(bank.balance() < DEPOSITS, "balance " + bank.balance());
        assertEquals(DEPOSITS, bank.trueBalance());
        assertThrows(IllegalStateException.class, bank::verifyExact);
    }

    @Test
    void withoutASuspensionPointTheEventLoopAndTheGilLoseNothingWithoutALock() throws Exception {
        for (Model model : new Model[] {Model.EVENT_LOOP, Model.GIL_EMULATED, Model.SERIAL}) {
            SuspensionBank bank = run(model, Suspension.AFTER, false);
            bank.verifyExact();
            assertEquals(DEPOSITS, bank.balance(), model.label());
        }
    }

    @Test
    void withTheLockEveryModelThatSharesTheBalanceIsExact() throws Exception {
        for (Model model : new Model[] {Model.EVENT_LOOP, Model.GIL_EMULATED, Model.THREAD_POOL, Model.VIRTUAL_THREAD}) {
            assertEquals(DEPOSITS, run(model, Suspension.BETWEEN, true).balance(), model.label());
        }
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("unknown suspension 'before' (known: between, after)",
                assertThrows(IllegalArgumentException.class, () -> Suspension.named("before")).getMessage());
        assertEquals("suspension-bank: need deposits >= 1 and millis >= 0, got 0 and 1",
                assertThrows(IllegalArgumentException.class, () -> new SuspensionBank(0, 1, Suspension.AFTER, false))
                        .getMessage());
    }
}

package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * Lost updates under every model. The answers are distributions, so only invariants are asserted:
 * with the lock the exact balance; without it a bank balance never above the true one.
 */
class LostUpdateTest {

    private static final int DEPOSITS = 20;

    private static ExecutionModel open(Model model, int workers, String options) {
        return model.open(ModelSpec.parse(model == Model.SERIAL ? 1 : workers, options));
    }

    /**
     * The models of this class path: distributed lives in its own module (and refuses tasks other than the
     * workloads', so the lost-update lessons do not run it).
     */
    private static List<Model> modelsHere() {
        return java.util.Arrays.stream(Model.values()).filter(Model::onClassPath).toList();
    }

    /** Deposits made in child JVMs land in the children's copies: the parent's balance stays 0. */
    private static long expectedWithLock(Model model) {
        return model == Model.FORKED_PROCESS ? 0 : DEPOSITS;
    }

    @Test
    void withTheLockTheBankIsExactUnderEveryModel() throws Exception {
        for (Model model : modelsHere()) {
            try (ExecutionModel m = open(model, 4, "")) {
                LostUpdate bank = LostUpdate.bank(DEPOSITS, 2, true);
                long[] results = m.run(bank.tasks());
                bank.verify(results);
                assertEquals(expectedWithLock(model), bank.balance(), m.describe());
                assertEquals(expectedWithLock(model), bank.trueBalance(), m.describe());
                assertTrue(LostUpdate.highestWritten(results) > 0, m.describe() + ": no deposit wrote anything");
            }
        }
    }

    @Test
    void withoutTheLockTheBankIsNeverAboveTheTruth() throws Exception {
        for (Model model : modelsHere()) {
            try (ExecutionModel m = open(model, 4, "")) {
                LostUpdate bank = LostUpdate.bank(DEPOSITS, 2, false);
                bank.verify(m.run(bank.tasks()));
                assertTrue(bank.balance() <= bank.trueBalance(), m.describe() + ": " + bank.balance());
                if (model == Model.SERIAL) {
                    assertEquals(DEPOSITS, bank.balance(), "one deposit at a time loses nothing");
                }
            }
        }
    }

    @Test
    void changeItWithTheLockEndsAtZeroUnderEveryModelAndGil() throws Exception {
        for (Model model : modelsHere()) {
            for (String options : model == Model.GIL_EMULATED ? List.of("mode=interval", "mode=ticks") : List.of("")) {
                try (ExecutionModel m = open(model, 2, options)) {
                    LostUpdate change = LostUpdate.changeIt(LostUpdate.SEED_CHANGES, 20_000, true,
                            LostUpdate.Checks.BYTECODE);
                    change.verify(m.run(change.tasks()));
                    assertEquals(0, change.balance(), m.describe());
                }
            }
        }
    }

    @Test
    void switchingOnlyAtBackEdgesHidesTheRace() throws Exception {
        // CPython 3.10+: the GIL never switches between the read and the write, so no update is lost.
        // Serial code and the event loop never switch inside the loop at all.
        for (ExecutionModel m : List.of(open(Model.GIL_EMULATED, 2, "mode=interval;interval-us=100"),
                open(Model.GIL_EMULATED, 2, "mode=ticks;ticks=10"), open(Model.SERIAL, 1, ""),
                open(Model.EVENT_LOOP, 2, ""))) {
            try (m) {
                for (int run = 0; run < 3; run++) {
                    LostUpdate change = LostUpdate.changeIt(LostUpdate.SEED_CHANGES, LostUpdate.SEED_ITERATIONS, false,
                            LostUpdate.Checks.BACK_EDGE);
                    change.verify(m.run(change.tasks()));
                    assertEquals(0, change.balance(), m.describe());
                }
            }
        }
    }

    @Test
    void verificationCatchesABrokenInvariant() throws Exception {
        try (ExecutionModel m = open(Model.SERIAL, 1, "")) {
            LostUpdate locked = LostUpdate.bank(3, 0, true);
            long[] results = m.run(locked.tasks());
            locked.verify(results);
            locked.account().write(2); // as if the lock had let a deposit get lost
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> locked.verify(results));
            assertEquals("lost-update (3 deposits, 0 ms, locked): balance 2 with the lock, expected 3", e.getMessage());

            LostUpdate free = LostUpdate.bank(3, 0, false);
            long[] more = m.run(free.tasks());
            free.account().write(4); // more than was deposited: impossible for lost updates
            assertThrows(IllegalStateException.class, () -> free.verify(more));
            assertThrows(IllegalStateException.class, () -> free.verify(new long[2]));
        }
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LostUpdate.bank(0, 10, false));
        assertThrows(IllegalArgumentException.class, () -> LostUpdate.changeIt(List.of(), 10, false,
                LostUpdate.Checks.BYTECODE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LostUpdate.Checks.named("always"));
        assertEquals("unknown lost-update checks 'always' (known: back-edge, bytecode)", e.getMessage());
    }
}

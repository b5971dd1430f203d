package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget: the build counts, work is scaled by the machine's measured/estimated ratio, a reserve stays. */
class BudgetTest {

    private final AtomicLong now = new AtomicLong();

    private Budget tenMinutesAfterABuildOf(double buildSeconds) {
        return new Budget(600, buildSeconds, now::get);
    }

    @Test
    void theBuildIsPartOfTheRun() {
        Budget b = tenMinutesAfterABuildOf(90);
        assertEquals(510, b.remainingSeconds(), 1e-9);
        now.set(300_000_000_000L);
        assertEquals(390, b.elapsedSeconds(), 1e-9);
    }

    @Test
    void workFitsOnlyWithTheReserveLeft() {
        Budget b = tenMinutesAfterABuildOf(90);
        now.set(400_000_000_000L); // 490 s spent, 110 left
        assertTrue(b.allows(80, 0, 1.0));
        assertFalse(b.allows(95, 0, 1.0), "the report's reserve stays");
        assertFalse(b.allows(40, 60, 1.0), "planned work comes first");
    }

    @Test
    void aSlowMachineScalesTheEstimatesButAFastOneDoesNot() {
        Budget b = tenMinutesAfterABuildOf(0);
        now.set(500_000_000_000L); // 100 s left
        assertFalse(b.allows(50, 0, 2.0));
        assertTrue(b.allows(50, 0, 1.0));
        assertEquals(b.allows(70, 0, 1.0), b.allows(70, 0, 0.5), "never assume faster than estimated");
    }

    @Test
    void quickDefaultsToTenMinutesAndFullToItsEstimateWithAMargin() {
        assertEquals(10.0, Profile.QUICK.defaultBudgetMinutes(300, 90));
        assertEquals((6000 * 1.15 + 60) / 60, Profile.FULL.defaultBudgetMinutes(6000, 60), 1e-9);
    }
}

package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BusyLoopTest {

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    @Test
    void everySpinnerRunsItsWindowUnderEveryModel() throws Exception {
        BusyLoop loop = new BusyLoop(2, 30);
        for (Model model : java.util.Arrays.stream(Model.values()).filter(Model::onClassPath).toList()) { // distributed: its own module's tests
            try (ExecutionModel m = model.open(ModelSpec.of(model == Model.SERIAL ? 1 : 2))) {
                long[] steps = m.run(loop.tasks());
                loop.verify(steps);
                assertTrue(steps[0] > 0 && steps[1] > 0, m.describe());
            }
        }
    }

    @Test
    void aSpinnerThatDidNotRunOrMiscountedFails() {
        BusyLoop loop = new BusyLoop(2, 1);
        assertTrue(assertThrows(IllegalStateException.class, () -> loop.verify(new long[] {BusyLoop.STRIP, -1}))
                .getMessage().contains("parity"));
        assertThrows(IllegalStateException.class, () -> loop.verify(new long[] {BusyLoop.STRIP, 0}));
        assertThrows(IllegalStateException.class, () -> loop.verify(new long[] {BusyLoop.STRIP}));
        loop.verify(new long[] {BusyLoop.STRIP, 4 * BusyLoop.STRIP});
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("busy-loop: threads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new BusyLoop(0, 10)).getMessage());
        assertEquals("busy-loop: window must be in 1..600000 ms, got 0",
                assertThrows(IllegalArgumentException.class, () -> new BusyLoop(1, 0)).getMessage());
    }
}

package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DownloadsTest {

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    @Test
    void thePublishedDrawsScaleToTheSeedsTotals() {
        Downloads d = Downloads.of(Downloads.Draws.PUBLISHED, Downloads.DEFAULT_MILLIS_PER_SECOND);
        assertEquals(List.of(3, 5, 6), d.seconds());
        assertEquals(700, d.sumMillis(), "serial: 14 seed seconds (published 14.018 s) at 1/20");
        assertEquals(300, d.longestMillis(), "threads: 6 seed seconds (published 6.004 s) at 1/20");
    }

    @Test
    void theDrawnListIsRandintThreeToSixAndTheSameEveryTime() {
        Downloads a = Downloads.of(Downloads.Draws.DRAWN, 50);
        assertEquals(a.seconds(), Downloads.of(Downloads.Draws.DRAWN, 50).seconds());
        assertEquals(3, a.seconds().size());
        for (int s : a.seconds()) {
            assertTrue(s >= 3 && s <= 6, a.seconds().toString());
        }
    }

    @Test
    void everyModelSleepsEveryDownload() throws Exception {
        Downloads d = Downloads.of(Downloads.Draws.PUBLISHED, 2);
        for (Model model : java.util.Arrays.stream(Model.values()).filter(Model::onClassPath).toList()) { // distributed: its own module's tests
            try (ExecutionModel m = model.open(ModelSpec.of(model == Model.SERIAL ? 1 : 3))) {
                long[] results = m.run(d.tasks());
                d.verify(results);
                assertEquals(d.sumMillis(), results[0] + results[1] + results[2], m.describe());
            }
        }
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("downloads: millis per seed second must be in 1..1000, got 0",
                assertThrows(IllegalArgumentException.class, () -> Downloads.of(Downloads.Draws.DRAWN, 0)).getMessage());
        assertEquals("unknown downloads draws 'seeded' (known: published, drawn)",
                assertThrows(IllegalArgumentException.class, () -> Downloads.Draws.named("seeded")).getMessage());
    }
}

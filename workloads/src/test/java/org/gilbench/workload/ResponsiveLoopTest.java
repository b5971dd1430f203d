package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.workload.ResponsiveLoop.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop ticks and the job is verified wherever it runs; nothing outlives close(). */
class ResponsiveLoopTest {

    private static final long ITERATIONS = 40_000_000L;

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    @Test
    void everyJobPlacementRunsAndIsVerified() throws Exception {
        for (Job job : Job.values()) {
            try (ResponsiveLoop loop = new ResponsiveLoop(job, 9, ITERATIONS, 5000)) {
                // Twice where the loop reuses something between runs: the GIL, the child JVM.
                int runs = job == Job.GIL_THREAD || job == Job.PROCESS ? 2 : 1;
                for (int run = 0; run < runs; run++) {
                    ResponsiveLoop.Outcome o = loop.run();
                    assertTrue(o.lateness().length > 0 || job != Job.NONE, loop.describe());
                    assertEquals(job == Job.NONE, o.jobNanos() == 0, loop.describe());
                    assertTrue(o.percentileMillis(50) <= o.percentileMillis(99) && o.percentileMillis(99) <= o.maxMillis());
                }
            }
        }
    }

    @Test
    void aJobOnTheLoopsOwnThreadDelaysTheNextFrameByAboutItsLength() throws Exception {
        // Not a speed: the loop was inside the job, so the frame due 16 ms after the click came only after it.
        try (ResponsiveLoop loop = new ResponsiveLoop(Job.SAME_THREAD, 10, 3 * ITERATIONS, 5000)) {
            ResponsiveLoop.Outcome o = loop.run();
            if (o.jobNanos() > 3 * ResponsiveLoop.FRAME_MILLIS * 1_000_000L) {
                assertTrue(o.maxMillis() * 1e6 >= o.jobNanos() - 2 * ResponsiveLoop.FRAME_MILLIS * 1_000_000L,
                        "max lateness " + o.maxMillis() + " ms, job " + o.jobNanos() / 1e6 + " ms");
            }
        }
    }

    @Test
    void percentilesFollowJmhsEstimator() {
        ResponsiveLoop.Outcome o = new ResponsiveLoop.Outcome(new long[] {1_000_000, 2_000_000, 3_000_000, 4_000_000}, 1);
        assertEquals(2.5, o.percentileMillis(50), 1e-9);
        assertEquals(4.0, o.percentileMillis(99), 1e-9);
        assertEquals(1.0, o.percentileMillis(0), 1e-9);
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("responsive-loop: frames must be in 7..100000, got 6",
                assertThrows(IllegalArgumentException.class, () -> new ResponsiveLoop(Job.NONE, 6, 1, 5000)).getMessage());
        assertEquals("unknown responsive-loop job 'gui' (known: none, same-thread, thread, gil-thread, process)",
                assertThrows(IllegalArgumentException.class, () -> Job.named("gui")).getMessage());
    }
}

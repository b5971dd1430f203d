package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.workload.DaemonThreads.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Normal threads keep the program alive, daemons are cut off; the child JVM never outlives the run. */
class DaemonThreadsTest {

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    @Test
    void everyVariantBehavesAsItsThreadsKindsSay() throws Exception {
        // run() verifies the variant's behaviour itself; here once more who printed and who finished (how
        // many lines they print is the benchmark's business: a loaded machine oversleeps the 5 ms periods).
        for (Variant v : Variant.values()) {
            DaemonThreads.Outcome o = new DaemonThreads(v, 5, 150).run();
            switch (v) {
                case MIXED -> assertTrue(o.pingDone() && !o.pongDone() && o.pingPrints() >= 1, o.toString());
                case NON_DAEMON -> assertTrue(o.pingDone() && o.pongDone(), o.toString());
                case DAEMON -> assertTrue(!o.pingDone() && !o.pongDone(), o.toString());
                case DAEMON_SLEEP -> assertTrue(o.runNanos() >= 150_000_000L && o.pongPrints() >= 1, o.toString());
            }
            assertTrue(o.jvmStartNanos() > 0, o.toString());
        }
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("daemon-threads: life must be in 10..60000 ms, got 5",
                assertThrows(IllegalArgumentException.class, () -> new DaemonThreads(Variant.MIXED, 10, 5)).getMessage());
        assertEquals("unknown daemon-threads variant 'demon' (known: non-daemon, daemon, daemon-sleep, mixed)",
                assertThrows(IllegalArgumentException.class, () -> Variant.named("demon")).getMessage());
    }
}

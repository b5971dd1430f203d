package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The noise detector on recorded /proc samples (2-core machine, 100 ticks per second). */
class NoiseWatchTest {

    // /proc/stat first lines 10 s apart; busy (user+nice+system+irq+softirq+steal) grows by 1,600 ticks = 1.6 cores.
    private static final String STAT_0 = "cpu  228830 1571 43655 1664066 3015 0 2180 120 0 0";
    private static final String STAT_1 = "cpu  230180 1571 43855 1664466 3115 0 2230 120 0 0";
    // /proc/self/stat of the runner: utime+stime+cutime+cstime grows by 1,300 ticks (its fork, reaped: cutime).
    private static final String SELF_0 = "4242 (java) S 1 4242 4242 0 -1 4194304 9 0 0 0 150 30 20 5 20 0 40 0 1000 0 0";
    private static final String SELF_1 = "4242 (java) S 1 4242 4242 0 -1 4194304 9 0 0 0 160 35 1200 110 20 0 40 0 1000 0 0";

    @Test
    void busyTicksCountWorkNotIdle() {
        assertEquals(228830 + 1571 + 43655 + 0 + 2180 + 120, NoiseWatch.busyTicks(STAT_0));
    }

    @Test
    void processTicksIncludeReapedChildren() {
        assertEquals(150 + 30 + 20 + 5, NoiseWatch.processTicks(SELF_0));
        // A command name with spaces and a parenthesis does not shift the fields.
        assertEquals(7 + 3 + 0 + 0, NoiseWatch.processTicks("99 (a) b) R 1 99 99 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 0 0"));
    }

    @Test
    void outsideWorkIsTheMachinesBusyTimeMinusTheRunsOwn() {
        NoiseWatch.Sample a = new NoiseWatch.Sample(0, NoiseWatch.busyTicks(STAT_0), NoiseWatch.processTicks(SELF_0));
        NoiseWatch.Sample b = new NoiseWatch.Sample(10_000_000_000L, NoiseWatch.busyTicks(STAT_1),
                NoiseWatch.processTicks(SELF_1));
        double outside = NoiseWatch.outsideCores(a, b);
        // 1,600 busy - 1,300 own = 300 ticks in 10 s = 0.3 cores.
        assertEquals(0.3, outside, 1e-9);
        assertTrue(NoiseWatch.disturbed(outside));
        assertEquals(outside, NoiseWatch.outsideCores(List.of(a, new NoiseWatch.Sample(5, 1, 1), b)), 1e-12);
    }

    @Test
    void aQuietCellIsNotDisturbedAndNothingIsNegative() {
        NoiseWatch.Sample a = new NoiseWatch.Sample(0, 1000, 500);
        NoiseWatch.Sample quiet = new NoiseWatch.Sample(4_000_000_000L, 1000 + 800 + 20, 500 + 800);
        assertEquals(0.05, NoiseWatch.outsideCores(a, quiet), 1e-9);
        assertFalse(NoiseWatch.disturbed(0.05));
        // Tick rounding can make the run's own time exceed the machine's by a tick: 0, not negative.
        assertEquals(0, NoiseWatch.outsideCores(a, new NoiseWatch.Sample(1_000_000_000L, 1100, 601)));
        assertEquals(0, NoiseWatch.outsideCores(a, a));
    }

    @Test
    void malformedLinesAreRejectedWithTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> NoiseWatch.busyTicks("intr 1 2 3"));
        assertTrue(e.getMessage().contains("intr 1 2 3"));
        assertThrows(IllegalArgumentException.class, () -> NoiseWatch.processTicks("no parenthesis"));
    }

    @Test
    void withoutProcTheWatchUsesTheJdkBeansAndSaysSo() throws Exception {
        System.setProperty(NoiseWatch.NO_PROC_PROPERTY, "true");
        try {
            assertTrue(NoiseWatch.procUnavailableReason().contains(NoiseWatch.NO_PROC_PROPERTY));
            assertEquals(null, NoiseWatch.unavailableReason(), "the fallback keeps the watch on");
            assertTrue(NoiseWatch.source().startsWith(NoiseWatch.BEAN_SOURCE + " ("), NoiseWatch.source());
            NoiseWatch.Span span = NoiseWatch.begin();
            assertTrue(span instanceof BeanSpan, span.getClass().getName());
            // A child that burns CPU while the span runs: polled, its time counts as the run's own.
            Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done")
                    .redirectErrorStream(true).start();
            try {
                assertTrue(child.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "the busy child ends");
            } finally {
                child.destroyForcibly();
            }
            Double outside = span.end();
            assertTrue(outside != null && outside >= 0 && outside <= Runtime.getRuntime().availableProcessors(),
                    "outside cores " + outside);
        } finally {
            System.clearProperty(NoiseWatch.NO_PROC_PROPERTY);
        }
        assertEquals(NoiseWatch.PROC_SOURCE, NoiseWatch.source(), "Linux with /proc: back to /proc/stat");
    }

    @Test
    void theBeansArithmeticIsBusyCoresMinusOwnCores() {
        // 2 CPUs 75 % busy over 2 s = 1.5 cores; the run used 2 CPU-seconds = 1 core: 0.5 outside.
        assertEquals(0.5, BeanSpan.outside(0.75, 2, 2.0, 2.0), 1e-9);
        // The run's own time read a little high (a poll after the load): never below 0.
        assertEquals(0.0, BeanSpan.outside(0.40, 2, 2.0, 2.0), 1e-9);
    }
}

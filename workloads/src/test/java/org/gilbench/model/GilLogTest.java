package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gilbench.workload.CountLoop;
import org.junit.jupiter.api.Test;

/** The GIL's event log: what it records, in which order, and that it stays bounded and off by default. */
class GilLogTest {

    /** Two CPU-bound threads and one that sleeps 1 ms at a time, for {@code runMs}, under {@code gil}. */
    private static void cpuCpuAndIo(Gil gil, long runMs) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("cpu-1", "cpu-2", "io")) {
            GilThreadState ts = gil.newThreadState(name);
            threads.add(Thread.ofPlatform().name("test-" + name).daemon(true).start(() -> {
                try {
                    ts.attach();
                    while (!stop.get()) {
                        if (name.equals("io")) {
                            ts.beforeBlocking();
                            try {
                                Thread.sleep(1);
                            } finally {
                                ts.afterBlocking();
                            }
                        } else {
                            CountLoop.calc(10_000, ts);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    ts.detach();
                }
            }));
        }
        Thread.sleep(runMs);
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), t.getName() + " did not end");
        }
        assertNull(failure.get());
    }

    @Test
    void eventsFollowEachThreadsLifeAndOneHolderAtATime() throws Exception {
        GilLog log = new GilLog(200_000);
        Gil gil = new Gil(Gil.Mode.INTERVAL, 2, TimeUnit.MILLISECONDS, 100, log);
        cpuCpuAndIo(gil, 200);
        List<GilLog.Event> events = log.events();
        assertEquals(0, log.dropped());
        assertEquals(List.of("cpu-1", "cpu-2", "io"), log.threadNames());
        Set<GilLog.Kind> seen = EnumSet.noneOf(GilLog.Kind.class);
        Map<Integer, String> state = new HashMap<>();
        int holding = 0;
        long last = -1;
        for (GilLog.Event e : events) {
            assertTrue(e.nanos() >= last, "not in time order at " + e);
            last = e.nanos();
            seen.add(e.kind());
            String before = state.getOrDefault(e.thread(), "out");
            switch (e.kind()) {
                case WAIT -> assertTrue(before.equals("out") || before.equals("dropped"), e + " after " + before);
                case TAKE -> {
                    assertFalse(before.equals("holding"), e + " while holding");
                    holding++;
                    state.put(e.thread(), "holding");
                }
                case DROP_REQUEST -> assertEquals("waiting", before, e.toString());
                case RELEASE, FORCED_DROP -> {
                    assertEquals("holding", before, e.toString());
                    holding--;
                    state.put(e.thread(), e.kind() == GilLog.Kind.RELEASE ? "out" : "dropped");
                }
            }
            if (e.kind() == GilLog.Kind.WAIT) {
                state.put(e.thread(), "waiting");
            }
            assertTrue(holding <= 1, "two holders at " + e);
        }
        assertEquals(EnumSet.allOf(GilLog.Kind.class), seen, "every kind of event in 200 ms of cpu, cpu and io");
    }

    @Test
    void aFullLogKeepsItsCapacityAndCountsTheRest() throws Exception {
        GilLog log = new GilLog(50);
        Gil gil = new Gil(Gil.Mode.INTERVAL, 1, TimeUnit.MILLISECONDS, 100, log);
        cpuCpuAndIo(gil, 100);
        assertEquals(50, log.events().size());
        assertTrue(log.dropped() > 0, "100 ms of switching fits in 50 events?");
        assertThrows(IllegalArgumentException.class, () -> new GilLog(0));
    }

    @Test
    void offByDefault() throws Exception {
        Gil quiet = new Gil(Gil.Mode.INTERVAL, 1, TimeUnit.MILLISECONDS, 100);
        assertNull(quiet.log());
        assertNull(Gil.from(ModelSpec.of(2)).log());
        // A log belongs to one GIL: another GIL's traffic never reaches it.
        GilLog log = new GilLog(100);
        new Gil(Gil.Mode.INTERVAL, 1, TimeUnit.MILLISECONDS, 100, log);
        cpuCpuAndIo(quiet, 50);
        assertTrue(quiet.counters().get(Gil.SWITCHES) > 1);
        assertEquals(0, log.events().size());
        assertEquals(0, log.dropped());
    }
}

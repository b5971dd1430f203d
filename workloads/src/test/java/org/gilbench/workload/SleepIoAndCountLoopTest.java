package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SleepIoAndCountLoopTest {

    @Test
    void uniformDurationsAreReproducibleAndInRange() {
        SleepIo a = SleepIo.uniform(100, 3, 6);
        SleepIo b = SleepIo.uniform(100, 3, 6);
        List<Long> da = a.tasks().stream().map(Task::expected).toList();
        assertEquals(da, b.tasks().stream().map(Task::expected).toList());
        assertTrue(da.stream().allMatch(d -> d >= 3 && d <= 6), da::toString);
        assertTrue(da.contains(3L) && da.contains(6L), "both ends of randint(3, 6) are drawn");
        assertEquals(6, a.longestMillis());
    }

    @Test
    void sleepReleasesTheInterpreterAroundTheBlockingCall() throws InterruptedException {
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        Interpreter spy = new Interpreter() {
            @Override
            public void beforeBlocking() {
                before.incrementAndGet();
            }

            @Override
            public void afterBlocking() {
                after.incrementAndGet();
            }
        };
        Task task = SleepIo.fixed(1, 20).tasks().get(0);
        long start = System.nanoTime();
        assertEquals(20, task.run(spy));
        assertTrue(System.nanoTime() - start >= 20_000_000L);
        assertEquals(1, before.get());
        assertEquals(1, after.get());
    }

    @Test
    void countLoopCountsAndPollsEveryStrip() throws InterruptedException {
        AtomicInteger breaks = new AtomicInteger();
        Interpreter asking = new Interpreter() {
            {
                breaker = true;
            }

            @Override
            protected void onBreak(int work) {
                breaks.incrementAndGet();
            }
        };
        assertEquals(6400, CountLoop.calc(6400, asking));
        assertEquals(6400 / CountLoop.STRIP, breaks.get(), "one check point per strip");
        assertEquals(65, CountLoop.calc(65, Interpreter.FREE));
        assertEquals(0, CountLoop.calc(0, Interpreter.FREE));
        CountLoop seed = (CountLoop) Workload.named("count-loop");
        assertEquals(4, seed.tasks().size());
        assertEquals(10_000_000L, seed.tasks().get(0).run(Interpreter.FREE));
    }

    @Test
    void namesAreTheUserFacingOnes() {
        for (String name : Workload.NAMES) {
            if (name.equals(SocketIo.NAME) || name.equals(PortScan.NAME)) {
                // Their tasks need a server / listeners opened first: create() says so in one line.
                assertThrows(IllegalStateException.class, () -> Workload.named(name));
                continue;
            }
            assertEquals(name, Workload.named(name).name());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.named("primes"));
        assertEquals("unknown workload 'primes' (known: prime-check, range-sum, sleep-io, count-loop, socket-io, port-scan, downloads)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SleepIo.fixed(0, 10));
        assertThrows(IllegalArgumentException.class, () -> SleepIo.uniform(1, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> new CountLoop(0, 10));
    }
}

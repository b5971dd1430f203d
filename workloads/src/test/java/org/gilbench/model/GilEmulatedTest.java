package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.Test;

class GilEmulatedTest extends ExecutionModelContract {

    @Override
    ExecutionModel open(int workers) {
        return Model.GIL_EMULATED.open(ModelSpec.of(workers));
    }

    /**
     * Workload code instrumented for overlap: between two check points it counts itself in, works a
     * little, and counts itself out, so two threads running workload code at once would see 2. Some
     * iterations block (sleep), where the GIL is released and the count must be 0 again.
     */
    record Instrumented(int index, AtomicInteger inside, AtomicInteger maxInside, int iterations) implements Task {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            long sum = 0;
            for (int i = 0; i < iterations; i++) {
                maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                for (int k = 0; k < 200; k++) {
                    sum += k ^ i;
                }
                inside.decrementAndGet();
                in.poll();
                if (i % 50_000 == 0) {
                    in.beforeBlocking();
                    try {
                        Thread.sleep(1);
                    } finally {
                        in.afterBlocking();
                    }
                }
            }
            return sum == expected() ? index : -1;
        }

        @Override
        public long expected() {
            long sum = 0;
            for (int i = 0; i < iterations; i++) {
                for (int k = 0; k < 200; k++) {
                    sum += k ^ i;
                }
            }
            return sum;
        }

        @Override
        public String describe() {
            return "instrumented #" + index;
        }
    }

    private static int runInstrumented(ExecutionModel model) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(new Instrumented(i, inside, max, 200_000));
        }
        long[] results = model.run(tasks);
        for (int i = 0; i < results.length; i++) {
            assertEquals(i, results[i], "task " + i + " computed a wrong sum");
        }
        return max.get();
    }

    @Test
    void neverTwoThreadsInsideWorkloadCode() throws Exception {
        for (String options : List.of("", "mode=ticks", "interval-us=200")) {
            try (ExecutionModel model = Model.GIL_EMULATED.open(ModelSpec.parse(4, options))) {
                assertEquals(1, runInstrumented(model), model.describe() + ": threads overlapped");
                assertTrue(model.counters().get(Gil.SWITCHES) >= 2, () -> model.describe() + " " + model.counters());
            }
        }
    }

    /** The instrument of the test above can fail: without a GIL, threads do overlap. */
    @Test
    void theOverlapInstrumentSeesPlainThreadsOverlap() throws Exception {
        try (ExecutionModel model = Model.THREAD_POOL.open(ModelSpec.of(4))) {
            int max = 1;
            for (int round = 0; round < 5 && max < 2; round++) {
                max = runInstrumented(model);
            }
            assertTrue(max >= 2, "4 plain threads never overlapped");
        }
    }

    @Test
    void sleepsOverlapUnderTheGil() throws Exception {
        SleepIo work = SleepIo.fixed(8, 100);
        try (ExecutionModel model = open(8)) {
            model.run(SleepIo.fixed(8, 1).tasks()); // warm-up
            long start = System.nanoTime();
            work.verify(model.run(work.tasks()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            // Serial: 800 ms. Overlapped: ~100 ms; 500 ms is a bound for a loaded machine.
            assertTrue(ms < 500, "8 x 100 ms sleeps on 8 GIL threads took " + ms + " ms");
        }
    }

    @Test
    void sleepsOverlapEvenBesideACpuBoundThread() throws Exception {
        // One CPU-bound task holds the GIL except when asked; four sleepers release it while asleep.
        try (ExecutionModel model = open(5)) {
            Workload spin = new CountLoop(1, 2_000_000_000L);
            CompletableFuture<long[]> cpu = CompletableFuture.supplyAsync(() -> call(model, spin.tasks()));
            Workload sleeps = SleepIo.fixed(4, 200);
            Thread.sleep(50);
            long start = System.nanoTime();
            sleeps.verify(model.run(sleeps.tasks()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 700, "4 x 200 ms sleeps beside a CPU-bound thread took " + ms + " ms (serial 800)");
            assertEquals(2_000_000_000L, cpu.get(60, TimeUnit.SECONDS)[0]);
        }
    }

    private static long[] call(ExecutionModel model, List<Task> tasks) {
        try {
            return model.run(tasks);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneThreadNeverWaitsNorIsAskedToDrop() throws Exception {
        try (ExecutionModel model = open(1)) {
            Workload w = new CountLoop(4, 20_000_000L);
            w.verify(model.run(w.tasks()));
            w.verify(model.run(w.tasks()));
            Map<String, Long> c = model.counters();
            assertEquals(Map.of(Gil.SWITCHES, 1L, Gil.FORCED_DROPS, 0L, Gil.DROP_REQUESTS, 0L, Gil.WAIT_NS, 0L), c);
        }
    }

    @Test
    void cpuBoundThreadsSwitchByDropRequests() throws Exception {
        try (ExecutionModel model = open(2)) {
            Workload w = new CountLoop(2, 3_000_000_000L); // ~1 s each in Java: many 5 ms intervals
            w.verify(model.run(w.tasks()));
            Map<String, Long> c = model.counters();
            assertTrue(c.get(Gil.DROP_REQUESTS) >= 5 && c.get(Gil.FORCED_DROPS) >= 5 && c.get(Gil.SWITCHES) >= 5,
                    c::toString);
            assertTrue(c.get(Gil.WAIT_NS) > 0, c::toString);
        }
    }

    @Test
    void aThrowingHolderDoesNotDeadlockTheOthers() throws Exception {
        try (ExecutionModel model = open(2)) {
            for (int round = 0; round < 3; round++) {
                List<Task> tasks = new ArrayList<>(new CountLoop(3, 200_000_000L).tasks());
                tasks.add(1, new Failing("thrown while holding the GIL"));
                tasks.add(new LeavesGilReleased());
                ExecutionException e = assertThrows(ExecutionException.class, () -> model.run(tasks));
                assertTrue(causeChainMentions(e, "thrown while holding the GIL"), e::toString);
                Workload w = new CountLoop(4, 100_000_000L);
                w.verify(model.run(w.tasks()));
            }
        }
    }

    /** A buggy task: releases the GIL for a blocking call and throws without taking it back. */
    record LeavesGilReleased() implements Task {
        @Override
        public long run(Interpreter in) {
            in.beforeBlocking();
            throw new IllegalStateException("left the GIL released");
        }

        @Override
        public long expected() {
            return 0;
        }

        @Override
        public String describe() {
            return "leaves the GIL released";
        }
    }

    @Test
    void closeStopsARunningCpuBoundTask() throws Exception {
        ExecutionModel model = open(2);
        Workload w = new CountLoop(2, Long.MAX_VALUE); // would run for centuries
        CompletableFuture<long[]> running = CompletableFuture.supplyAsync(() -> call(model, w.tasks()));
        Thread.sleep(200);
        long start = System.nanoTime();
        model.close();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 5_000, "close took " + ms + " ms");
        ExecutionException e = assertThrows(ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        assertTrue(causeChainMentions(e, "GIL was closed"), e::toString);
        assertNoModelThreadsAlive();
        assertThrows(IllegalStateException.class, () -> model.run(w.tasks()));
    }

    @Test
    void optionsAreCheckedAndDescribed() {
        try (ExecutionModel m = Model.GIL_EMULATED.open(ModelSpec.parse(2, "mode=ticks,ticks=50"))) {
            assertEquals("gil-emulated(workers=2, mode=ticks, ticks=50)", m.describe());
        }
        try (ExecutionModel m = Model.GIL_EMULATED.open(ModelSpec.of(3))) {
            assertEquals("gil-emulated(workers=3, mode=interval, interval-us=5000)", m.describe());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Model.GIL_EMULATED.open(ModelSpec.parse(2, "interval=5")));
        assertEquals("unknown option 'interval' for model gil-emulated (known: interval-us, mode, ticks)",
                unknown.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> Model.GIL_EMULATED.open(ModelSpec.parse(2, "mode=new")));
        assertEquals("bad value for option mode: 'new' (allowed: interval, ticks)", mode.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Model.GIL_EMULATED.open(ModelSpec.parse(2, "interval-us=0")));
        assertThrows(IllegalArgumentException.class, () -> Model.GIL_EMULATED.open(ModelSpec.parse(2, "ticks=x")));
    }
}

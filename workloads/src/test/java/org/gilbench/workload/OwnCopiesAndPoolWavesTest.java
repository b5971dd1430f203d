package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** fork-copies-globals and pool-waves: the seeds' counts and waves under threads and child JVMs. */
class OwnCopiesAndPoolWavesTest {

    static ExecutionModel processes;
    static ExecutionModel threads;

    @BeforeAll
    static void open() {
        processes = Model.FORKED_PROCESS.open(ModelSpec.of(4));
        threads = Model.THREAD_POOL.open(ModelSpec.of(4));
    }

    @AfterAll
    static void close() {
        processes.close();
        threads.close();
    }

    @Test
    void twoProcessesCountTheirOwnCopiesTwoThreadsShareOne() throws Exception {
        // The seed's 50 with 1 ms steps: 50 + 50 in processes, 50 in all in threads.
        OwnCopies.Counting inProcesses = OwnCopies.counting(2, OwnCopies.SEED_LIMIT, 1);
        long[] p = processes.run(inProcesses.tasks());
        inProcesses.verify(p);
        assertEquals(100, OwnCopies.Counting.total(p));
        assertEquals(2, OwnCopies.Counting.copies(p), "two child JVMs, one copy each");
        assertEquals(0, inProcesses.parentCounter(), "the parent's own counter is untouched");

        OwnCopies.Counting inThreads = OwnCopies.counting(2, OwnCopies.SEED_LIMIT, 1);
        long[] t = threads.run(inThreads.tasks());
        inThreads.verify(t);
        assertEquals(50, OwnCopies.Counting.total(t));
        assertEquals(1, OwnCopies.Counting.copies(t));
        assertEquals(50, inThreads.parentCounter());
    }

    @Test
    void everyProcessPopsTwentyThreadsPopTwentyThirtyForty() throws Exception {
        OwnCopies.Popping inProcesses = OwnCopies.popping(2, OwnCopies.SEED_NUMS, 0);
        long[] p = processes.run(inProcesses.tasks());
        assertEquals(20, inProcesses.popInParent());
        inProcesses.verify(p);
        assertEquals(List.of(20, 20), OwnCopies.Popping.pops(p));

        OwnCopies.Popping inThreads = OwnCopies.popping(2, OwnCopies.SEED_NUMS, 0);
        long[] t = threads.run(inThreads.tasks());
        assertEquals(40, inThreads.popInParent());
        inThreads.verify(t);
        List<Integer> pops = new ArrayList<>(OwnCopies.Popping.pops(t));
        pops.sort(null);
        assertEquals(List.of(20, 30), pops);
    }

    @Test
    void wrongCountsAndPopsFailTheirChecks() throws Exception {
        OwnCopies.Counting counting = OwnCopies.counting(2, 10, 0);
        long[] results = threads.run(counting.tasks());
        long[] doubled = {results[0] + 10, results[1]}; // as if one party had counted a copy of its own
        assertThrows(IllegalStateException.class, () -> counting.verify(doubled));

        OwnCopies.Popping popping = OwnCopies.popping(2, OwnCopies.SEED_NUMS, 0);
        long[] pops = threads.run(popping.tasks());
        assertThrows(IllegalStateException.class, () -> popping.verify(pops), "popInParent not called");
        popping.popInParent();
        long here = ProcessHandle.current().pid() << OwnCopies.VALUE_BITS;
        assertThrows(IllegalStateException.class, () -> popping.verify(new long[] {here | 20, here | 20}),
                "two threads cannot both pop 20 from one list");
    }

    @Test
    void aPoolOfFourRunsTheSeedsWaves() throws Exception {
        int scale = 50; // ms per seed second: 10 x sleep(1) = 3 waves of 50 ms
        for (ExecutionModel pool : new ExecutionModel[] {threads, processes}) {
            // Warm: a child's first shipped task loads Java serialization (~0.2 s here), which would
            // stagger the first wave's starts by more than a task lasts.
            pool.run(PoolWaves.fixed(8, 0.0, scale).tasks());
            PoolWaves fixed = PoolWaves.fixed(PoolWaves.SEED_FIXED_TASKS, PoolWaves.SEED_FIXED_SECONDS, scale);
            long[] results = pool.run(fixed.tasks());
            fixed.verify(results);
            PoolWaves.Timeline t = PoolWaves.timeline(results);
            t.requireAtMost(4, pool.describe());
            assertEquals(4, t.maxConcurrent(), pool.describe() + "\n" + t);
            assertEquals(3, t.waves(), pool.describe() + "\n" + t);
            assertEquals(4, t.startedAtOnce(), pool.describe() + "\n" + t);

            PoolWaves random = PoolWaves.random(PoolWaves.SEED_RANDOM_TASKS, PoolWaves.SEED_RANDOM_MAX_SECONDS, scale);
            long[] r = pool.run(random.tasks());
            random.verify(r);
            PoolWaves.Timeline rt = PoolWaves.timeline(r);
            // The draw's shortest sleep is 0.1 seed s (5 ms here): it may end before a loaded machine has
            // started the other three, so "started at once" is not asserted, only that the 5th task waited.
            assertEquals(2, rt.waves(), "the 5th task waits for a free worker: " + rt);
            rt.requireAtMost(4, pool.describe());
        }
    }

    @Test
    void applyRunsOneTaskAtATime() throws Exception {
        PoolWaves fixed = PoolWaves.fixed(4, 1.0, 10);
        long[] results = new long[4];
        for (int i = 0; i < 4; i++) {
            results[i] = processes.run(List.of(fixed.tasks().get(i)))[0]; // apply(): wait for each answer
        }
        fixed.verify(results);
        PoolWaves.Timeline t = PoolWaves.timeline(results);
        assertEquals(1, t.maxConcurrent(), t.toString());
        assertEquals(4, t.waves(), t.toString());
    }

    @Test
    void impossibleOffsetsFailAndTheDrawIsFixed() {
        PoolWaves w = PoolWaves.fixed(1, 1.0, 10);
        assertThrows(IllegalStateException.class, () -> w.verify(new long[] {0L << 32 | 5_000}), "5 ms for a 10 ms sleep");
        assertThrows(IllegalStateException.class, () -> w.verify(new long[] {0L << 32 | 3_600_000_000L}), "an end in the future");
        assertArrayEquals(PoolWaves.random(5, 3.0, 100).millis(), PoolWaves.random(5, 3.0, 100).millis());
        assertTrue(PoolWaves.timeline(new long[] {0L << 32 | 10, 20L << 32 | 30}).waves() == 2);
        assertEquals("bad value for tasks: 0 (allowed: 1..1000)",
                assertThrows(IllegalArgumentException.class, () -> PoolWaves.fixed(0, 1.0, 10)).getMessage());
    }
}

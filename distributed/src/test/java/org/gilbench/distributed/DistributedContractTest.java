package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The execution-model contract ({@code ExecutionModel}'s Javadoc; the same checks as workloads'
 * {@code ExecutionModelContract}, whose test classes this module cannot reach) for {@code distributed}
 * with local workers: each task once, results equal serial's for every workload, a failing task
 * surfaces, the model survives it, close leaves no process and no thread (checked after the
 * last test, on both models).
 *
 * <p>Only workload tasks cross the wire, so runs are counted by the master (hand-outs per task, tasks
 * sent, results), not by a counting task as in the contract; a failing task is a sleep of -1 ms, which
 * throws in the worker's {@code Thread.sleep}. Two models are opened for the class (1 and 2 workers: a
 * worker JVM with gRPC takes about a second to start), so the tests share them.
 */
class DistributedContractTest {

    private static Distributed one;
    private static Distributed two;

    @BeforeAll
    static void open() {
        one = new Distributed(ModelSpec.of(1));
        two = new Distributed(ModelSpec.of(2));
    }

    /** The last check of the contract, on both models: close is idempotent, leaves nothing, refuses runs. */
    @AfterAll
    static void close() {
        List<Long> pids = new ArrayList<>();
        for (Distributed m : new Distributed[] {one, two}) {
            if (m != null) {
                pids.addAll(m.localPids());
                m.close();
                m.close();
            }
        }
        Leftovers.assertGone(pids, "after close");
        Leftovers.assertNoThreads();
        if (one != null) {
            Workload w = SleepIo.fixed(2, 5);
            assertThrows(IllegalStateException.class, () -> one.run(w.tasks()));
        }
    }

    private static List<Distributed> models() {
        return List.of(one, two);
    }

    @Test
    void eachTaskRunsExactlyOncePerRun() throws Exception {
        // 200 small prime checks: enough that both workers take many, cheap enough to be quick.
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long n = 1_000_003L + 2L * i;
            tasks.add(new PrimeCheck.Check(i, n, false, PrimeCheck.isPrime(n, Interpreter.FREE) == 1));
        }
        for (Distributed model : models()) {
            for (int round = 1; round <= 2; round++) {
                Map<String, Long> before = model.counters();
                long[] results = model.run(tasks);
                Map<String, Long> after = model.counters();
                for (int i = 0; i < tasks.size(); i++) {
                    assertEquals(tasks.get(i).expected(), results[i], model.describe() + ": result of task " + i);
                }
                int[] handouts = model.lastHandouts();
                for (int i = 0; i < handouts.length; i++) {
                    assertEquals(1, handouts[i], model.describe() + ": hand-outs of task " + i + " in round " + round);
                }
                assertEquals(200, after.get("distributed.tasks-sent") - before.get("distributed.tasks-sent"));
                assertEquals(200, after.get("distributed.results") - before.get("distributed.results"));
                assertEquals(0, after.get("distributed.requeued") - before.get("distributed.requeued"));
            }
        }
    }

    @Test
    void resultsEqualSerialForEveryWorkload() throws Exception {
        List<Workload> workloads = List.of(
                new PrimeCheck(PrimeCheck.Variant.SEED),
                new PrimeCheck(PrimeCheck.Variant.ODD_ONLY),
                RangeSum.streamed(10_000_000L, 8),
                RangeSum.materialised(1_000_000L, 3),
                SleepIo.uniform(6, 1, 5),
                new CountLoop(4, 1_000_000L));
        try (ExecutionModel serial = Model.SERIAL.open(ModelSpec.of(1))) {
            for (Distributed model : models()) {
                for (Workload w : workloads) {
                    long[] expected = serial.run(w.tasks());
                    w.verify(expected);
                    long[] actual = model.run(w.tasks());
                    assertArrayEquals(expected, actual, model.describe() + " on " + w.name());
                }
            }
        }
    }

    @Test
    void failingTaskSurfacesItsCause() {
        List<Task> tasks = new ArrayList<>(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().subList(0, 7));
        tasks.add(3, new SleepIo.Sleep(3, -1)); // Thread.sleep(-1) throws in the worker
        ExecutionException e = assertThrows(ExecutionException.class, () -> two.run(tasks));
        assertInstanceOf(RemoteTaskException.class, e.getCause(), e::toString);
        assertTrue(e.getCause().getMessage().contains("IllegalArgumentException")
                && e.getCause().getMessage().contains("negative"), e.getCause()::getMessage);
        assertTrue(e.getMessage().startsWith("sleep-io #3 (-1 ms) failed in worker #"), e::getMessage);
    }

    @Test
    void modelIsUsableAfterAFailure() throws Exception {
        for (Distributed model : models()) {
            assertThrows(ExecutionException.class, () -> model.run(List.of(new SleepIo.Sleep(0, -1))));
            Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
            w.verify(model.run(w.tasks()));
        }
    }

    @Test
    void aFailureCancelsTheRestOfTheRun() throws Exception {
        // The failing task comes first; the long sleeps behind it are cancelled, not waited for.
        List<Task> tasks = new ArrayList<>();
        tasks.add(new SleepIo.Sleep(0, -1));
        for (int i = 1; i <= 6; i++) {
            tasks.add(new SleepIo.Sleep(i, 20_000));
        }
        long start = System.nanoTime();
        assertThrows(ExecutionException.class, () -> two.run(tasks));
        Workload w = SleepIo.fixed(2, 1);
        w.verify(two.run(w.tasks())); // the workers dropped their 20 s sleeps on Cancel
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 15_000, "the failure and the next run took " + ms + " ms: the sleeps were not cancelled");
    }

    @Test
    void interruptingTheCallerCancelsTheRunAndTheModelRecovers() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        long sent = two.counters().get("distributed.tasks-sent");
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                two.run(List.of(new SleepIo.Sleep(0, 30_000), new SleepIo.Sleep(1, 30_000), new SleepIo.Sleep(2, 30_000)));
                outcome.set(new AssertionError("run returned"));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (two.counters().get("distributed.tasks-sent") < sent + 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(100);
        long begin = System.nanoTime();
        caller.interrupt();
        caller.join(10_000);
        assertTrue(!caller.isAlive(), "run() still blocked 10 s after the interrupt");
        assertInstanceOf(InterruptedException.class, outcome.get());
        Workload w = SleepIo.fixed(2, 1);
        w.verify(two.run(w.tasks())); // the workers dropped their 30 s sleeps on Cancel
        long ms = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(ms < 10_000, "interrupt and the next run took " + ms + " ms");
    }

    @Test
    void countersCountWorkersTasksAndBytes() throws Exception {
        Map<String, Long> before = two.counters();
        assertEquals(List.of("process.starts", "process.start-ns", "process.bytes-sent", "process.bytes-received",
                "process.child-cpu-ns", "distributed.workers-joined", "distributed.tasks-sent", "distributed.results",
                "distributed.requeued", "distributed.stale-results", "distributed.rejected", "distributed.workers-lost"),
                List.copyOf(before.keySet()));
        assertTrue(before.get("process.starts") >= 2, before::toString);
        assertTrue(before.get("process.start-ns") > 0, before::toString);
        assertTrue(before.get("process.child-cpu-ns") > 0, "a starting JVM uses CPU: " + before);
        RangeSum work = RangeSum.materialised(1_000_000, 4);
        work.verify(two.run(work.tasks()));
        Map<String, Long> after = two.counters();
        long sent = after.get("process.bytes-sent") - before.get("process.bytes-sent");
        // Every element travels once (8 bytes), plus a few bytes of message per task and a few beats.
        assertTrue(sent >= 8_000_000 && sent < 8_000_000 + 64 * 1024, "bytes sent for 1M longs: " + sent);
        assertTrue(after.get("process.bytes-received") > before.get("process.bytes-received"));
        for (long v : after.values()) {
            assertTrue(v >= 0, after::toString);
        }
    }

    @Test
    void tasksWithoutAWireFormAreRefusedBeforeAnythingIsSent() {
        Task anonymous = new Task() {
            @Override
            public long run(Interpreter in) {
                return 1;
            }

            @Override
            public long expected() {
                return 1;
            }

            @Override
            public String describe() {
                return "anonymous task";
            }
        };
        long sent = one.counters().get("distributed.tasks-sent");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> one.run(List.of(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().get(0), anonymous)));
        assertTrue(e.getMessage().startsWith("distributed cannot ship anonymous task"), e.getMessage());
        assertEquals(sent, one.counters().get("distributed.tasks-sent"), "nothing was sent");
    }

    @Test
    void describeNamesTheSettings() {
        assertEquals("distributed(workers=2, remote=0, tls=off, child-model=serial, jvm=lean)", two.describe());
    }
}

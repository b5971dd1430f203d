package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.Test;

/**
 * A worker that dies or hangs in the middle of a task: its lease ends, the task goes back on the queue,
 * another worker runs it, and the run still returns every answer, verified — where seed 002's manager
 * loses the task (see cpython/distributed_managers.py). The dead or stopped worker is killed and
 * replaced, as a process pool replaces its dead workers.
 */
class WorkerFailureTest {

    /** Sleeps long enough that a worker is surely inside one when it is killed. */
    private static SleepIo sleeps() {
        return SleepIo.fixed(8, 200);
    }

    /** Runs the workload on another thread; waits until {@code busy} tasks were handed out; then {@code strike}. */
    private static long[] runAndStrike(Distributed model, Workload w, int busy, Runnable strike) throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(model.run(w.tasks()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (model.counters().get("distributed.tasks-sent") < busy && System.nanoTime() < deadline) {
            Leftovers.sleep(5);
        }
        Leftovers.sleep(50); // inside the sleep, not between frames
        strike.run();
        caller.join(60_000);
        assertFalse(caller.isAlive(), "the run did not end within 60 s of the strike");
        if (outcome.get() instanceof Exception e) {
            throw e;
        }
        if (outcome.get() instanceof Error e) {
            throw e;
        }
        return (long[]) outcome.get();
    }

    private static void signal(String signal, long pid) {
        if (signal.equals("KILL")) { // directly, without starting a kill process: the worker is hit at once
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
            assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitWorkers(Distributed model, int n) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (model.connectedWorkers() < n && System.nanoTime() < deadline) {
            Leftovers.sleep(20);
        }
        assertEquals(n, model.connectedWorkers(), "workers connected");
    }

    @Test
    void aWorkerKilledOrStoppedMidTaskLosesItsTaskToAnotherAndTheRunIsCorrect() throws Exception {
        // 2 s: short enough for a quick test, long enough that a healthy worker on a loaded machine keeps its lease.
        Distributed model = new Distributed(ModelSpec.parse(2, "lease-ms=2000"));
        List<Long> seen = new ArrayList<>(model.localPids());
        try {
            // SIGKILL: the connection breaks at once, the task goes back on the queue.
            long victim = model.localPids().get(0);
            Workload w = sleeps();
            w.verify(runAndStrike(model, w, 2, () -> signal("KILL", victim)));
            Map<String, Long> c = model.counters();
            assertEquals(1, c.get("distributed.requeued"), c::toString);
            assertEquals(1, c.get("distributed.workers-lost"), c::toString);
            assertEquals(9, c.get("distributed.tasks-sent"), "8 tasks, one of them twice: " + c);
            assertEquals(1, Arrays.stream(model.lastHandouts()).filter(n -> n == 2).count(),
                    "one task handed out twice: " + Arrays.toString(model.lastHandouts()));
            awaitWorkers(model, 2); // a replacement joined
            assertEquals(3, model.counters().get("process.starts"));
            seen.addAll(model.localPids());

            // SIGSTOP: the connection stays up, but the beats stop; the lease runs out after 2 s.
            // A stopped process cannot close its connection: only the lease running out drops it.
            long stopped = model.localPids().get(0);
            w.verify(runAndStrike(model, w, 11, () -> signal("STOP", stopped)));
            c = model.counters();
            assertEquals(2, c.get("distributed.requeued"), c::toString);
            assertEquals(2, c.get("distributed.workers-lost"), c::toString);
            Leftovers.assertGone(List.of(stopped), "after its lease ran out (the model kills a silent local worker)");
            awaitWorkers(model, 2);
            seen.addAll(model.localPids());
            Workload primes = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
            primes.verify(model.run(primes.tasks()));
        } finally {
            model.close();
            Leftovers.assertGone(seen, "after close");
        }
    }

    @Test
    void aTaskFailsAfterMaxAttemptsOrPastItsTimeoutAndTheModelRecovers() throws Exception {
        Distributed model = new Distributed(ModelSpec.parse(1, "max-attempts=1;task-timeout-s=1"));
        List<Long> seen = new ArrayList<>(model.localPids());
        try {
            long victim = model.localPids().get(0);
            Workload w = SleepIo.fixed(2, 800); // under the 1 s timeout: the kill, ~50 ms in, must fail it
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> runAndStrike(model, w, 1, () -> signal("KILL", victim)));
            assertInstanceOf(WorkerLostException.class, e.getCause(), e::toString);
            assertTrue(e.getMessage().contains("lost its worker 1 times (max-attempts 1)"), e::getMessage);
            awaitWorkers(model, 1);
            seen.addAll(model.localPids());

            List<Task> slow = List.of(new SleepIo.Sleep(0, 30_000));
            long begin = System.nanoTime();
            e = assertThrows(ExecutionException.class, () -> model.run(slow));
            long ms = (System.nanoTime() - begin) / 1_000_000;
            assertInstanceOf(WorkerLostException.class, e.getCause(), e::toString);
            assertTrue(e.getMessage().contains("within 1 s (task-timeout-s)"), e::getMessage);
            assertTrue(ms >= 1000 && ms < 20_000, "timed out after " + ms + " ms, expected ~1 s");
            awaitWorkers(model, 1); // the busy worker was closed and replaced
            seen.addAll(model.localPids());
            Workload primes = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
            primes.verify(model.run(primes.tasks()));
        } finally {
            model.close();
            Leftovers.assertGone(seen, "after close");
        }
    }
}

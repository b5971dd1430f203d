package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every execution model keeps (see {@link ExecutionModel}); one small subclass per model
 * says how to open it. Models whose tasks run in another JVM override {@link #runCounter}.
 */
abstract class ExecutionModelContract {

    /** The model under test, with {@code workers} workers (serial ignores it). */
    abstract ExecutionModel open(int workers);

    /** The worker counts the contract is checked with. */
    int[] workerCounts() {
        return new int[] {1, 2, 4};
    }

    private final List<ExecutionModel> opened = new ArrayList<>();

    private ExecutionModel track(ExecutionModel m) {
        opened.add(m);
        return m;
    }

    @AfterEach
    void closeEverything() {
        opened.forEach(ExecutionModel::close);
        assertNoModelThreadsAlive();
    }

    /** A task that counts its runs in {@code runs[index]}; its answer is its index squared. */
    record Counted(int index, AtomicIntegerArray runs) implements Task {
        @Override
        public long run(Interpreter in) {
            runs.incrementAndGet(index);
            return (long) index * index;
        }

        @Override
        public long expected() {
            return (long) index * index;
        }

        @Override
        public String describe() {
            return "counted #" + index;
        }
    }

    /**
     * Counts how often each of {@code n} tasks ran. The default counts in an {@link AtomicIntegerArray}
     * of this JVM; models whose tasks run in another JVM override {@link #runCounter} with a counter the
     * other JVM can reach (a copy of the array would count in the child).
     */
    interface RunCounter {
        /** Task {@code index}; its answer is its index squared. */
        Task task(int index);

        /** How often task {@code index} has run so far. */
        int runs(int index);
    }

    RunCounter runCounter(int n) {
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        return new RunCounter() {
            @Override
            public Task task(int index) {
                return new Counted(index, runs);
            }

            @Override
            public int runs(int index) {
                return runs.get(index);
            }
        };
    }

    /** A task that always throws. Serializable, so that a child JVM can receive it. */
    record Failing(String message) implements Task, java.io.Serializable {
        @Override
        public long run(Interpreter in) {
            throw new IllegalStateException(message);
        }

        @Override
        public long expected() {
            return 0;
        }

        @Override
        public String describe() {
            return "failing task";
        }
    }

    @Test
    void eachTaskRunsExactlyOncePerRun() throws Exception {
        for (int workers : workerCounts()) {
            ExecutionModel model = track(open(workers));
            int n = 200;
            RunCounter runs = runCounter(n);
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(runs.task(i));
            }
            for (int round = 1; round <= 2; round++) {
                long[] results = model.run(tasks);
                for (int i = 0; i < n; i++) {
                    assertEquals(round, runs.runs(i), model.describe() + ": runs of task " + i);
                    assertEquals((long) i * i, results[i], model.describe() + ": result of task " + i);
                }
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
            for (int workers : workerCounts()) {
                ExecutionModel model = track(open(workers));
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
        ExecutionModel model = track(open(2));
        List<Task> tasks = new ArrayList<>(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().subList(0, 7));
        tasks.add(3, new Failing("boom in task 3"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> model.run(tasks));
        assertTrue(causeChainMentions(e, "boom in task 3"), () -> "cause chain of " + e + " lacks the task's message");
    }

    @Test
    void modelIsUsableAfterAFailure() throws Exception {
        ExecutionModel model = track(open(2));
        assertThrows(ExecutionException.class, () -> model.run(List.of(new Failing("first"))));
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(model.run(w.tasks()));
    }

    @Test
    void closeIsIdempotentAndLeavesNoThread() throws Exception {
        ExecutionModel model = open(2);
        Workload w = SleepIo.fixed(4, 10);
        w.verify(model.run(w.tasks()));
        model.close();
        model.close();
        assertNoModelThreadsAlive();
    }

    static boolean causeChainMentions(Throwable t, String text) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (String.valueOf(c.getMessage()).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Waits up to 5 s for every thread named gilbench-* to end, then fails naming the survivors. */
    static void assertNoModelThreadsAlive() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith(Threads.PREFIX))
                    .toList();
            if (alive.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        fail("threads alive after close: " + alive);
    }
}

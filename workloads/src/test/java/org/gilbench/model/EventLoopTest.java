package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.gilbench.workload.Interpreter;
import org.gilbench.workload.Task;
import org.junit.jupiter.api.Test;

class EventLoopTest extends ExecutionModelContract {

    @Override
    ExecutionModel open(int workers) {
        return Model.EVENT_LOOP.open(ModelSpec.of(workers));
    }

    /** A task that logs its steps: a sleeper logs before and after its sleep, a runner logs once. */
    record Step(String name, long sleepMillis, ConcurrentLinkedQueue<String> log) implements Task {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            log.add(name + " starts");
            if (sleepMillis > 0) {
                in.beforeBlocking();
                try {
                    Thread.sleep(sleepMillis);
                } finally {
                    in.afterBlocking();
                }
                log.add(name + " wakes");
            }
            return 1;
        }

        @Override
        public long expected() {
            return 1;
        }

        @Override
        public String describe() {
            return name;
        }
    }

    @Test
    void aSleepingTaskDoesNotBlockTheLoop() throws Exception {
        // The sleeper goes first; the loop must run both others while it sleeps. Serial code (or a
        // blocking sleep inside the loop) would log "sleeper wakes" second.
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        List<Task> tasks = List.of(new Step("sleeper", 200, log), new Step("a", 0, log), new Step("b", 0, log));
        try (ExecutionModel model = open(3)) {
            model.run(tasks);
        }
        List<String> steps = new ArrayList<>(log);
        assertEquals("sleeper starts", steps.get(0), steps.toString());
        assertEquals("sleeper wakes", steps.get(3), steps.toString());
    }

    /** A busy task that counts how many tasks run at once; sleeps in the middle, then spins again. */
    record Busy(int index, AtomicInteger running, AtomicInteger most) implements Task {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            spin(in);
            in.beforeBlocking();
            try {
                Thread.sleep(1);
            } finally {
                in.afterBlocking();
            }
            spin(in);
            return index;
        }

        private void spin(Interpreter in) {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            long x = index;
            for (int i = 0; i < 200_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                in.poll();
            }
            if (x == 42) {
                most.set(-1); // keeps the loop; never true in practice
            }
            running.decrementAndGet();
        }

        @Override
        public long expected() {
            return index;
        }

        @Override
        public String describe() {
            return "busy #" + index;
        }
    }

    @Test
    void codeOfTwoTasksNeverRunsAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tasks.add(new Busy(i, running, most));
        }
        try (ExecutionModel model = open(16)) {
            model.run(tasks);
        }
        assertEquals(1, most.get(), "tasks running at once");
    }

    @Test
    void workersBoundTheTasksInFlight() throws Exception {
        // 4 sleepers, 2 in flight: the third starts only after one of the first two woke.
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(new Step("s" + i, 50, log));
        }
        try (ExecutionModel model = open(2)) {
            model.run(tasks);
        }
        List<String> steps = new ArrayList<>(log);
        int thirdStart = Math.max(steps.indexOf("s2 starts"), steps.indexOf("s3 starts"));
        int firstStart = Math.min(steps.indexOf("s2 starts"), steps.indexOf("s3 starts"));
        int firstWake = Math.min(steps.indexOf("s0 wakes"), steps.indexOf("s1 wakes"));
        assertTrue(firstStart > firstWake && thirdStart > firstWake, steps.toString());
    }
}

package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SharedMemoryTest {

    /** Two child JVMs, opened once for the class: each test's tasks map the files the parent made. */
    static ExecutionModel processes;

    @BeforeAll
    static void open() {
        processes = Model.FORKED_PROCESS.open(ModelSpec.of(2));
    }

    @AfterAll
    static void close() {
        processes.close();
    }

    @Test
    void childProcessesSumTheSharedNumbersWhereTheyLie() throws Exception {
        try (SharedMemory.ArraySum sum = SharedMemory.arraySum(100_001, 8);
                ExecutionModel threads = Model.THREAD_POOL.open(ModelSpec.of(2))) {
            for (ExecutionModel model : new ExecutionModel[] {processes, threads}) {
                long[] results = model.run(sum.tasks());
                sum.verify(results);
                long total = 0;
                for (long r : results) {
                    total += r;
                }
                assertEquals(5_000_150_001L, total, model.describe());
                assertEquals(sum.expectedTotal(), total);
            }
            assertTrue(Files.exists(sum.file()));
            Path file = sum.file();
            sum.close();
            assertFalse(Files.exists(file), "the shared file is deleted at close");
        }
    }

    @Test
    void everyLockKeepsTheCountExactAcrossProcesses() throws Exception {
        for (SharedMemory.Locking locking : SharedMemory.Locking.values()) {
            if (locking == SharedMemory.Locking.NONE) {
                continue;
            }
            try (SharedMemory.Counter counter = SharedMemory.counter(4, 20_000, locking)) {
                counter.reset();
                counter.verify(processes.run(counter.tasks()));
                assertEquals(80_000, counter.value(), locking.label());
                assertEquals(0, counter.lost());
            }
        }
    }

    @Test
    void withoutALockProcessesCanOnlyLoseUpdates() throws Exception {
        // How many are lost depends on how the two children's loops overlap: 0 is possible on a loaded
        // machine. What must hold is the bound, and that one shared counter (not copies) was counted.
        try (SharedMemory.Counter counter = SharedMemory.counter(2, 200_000, SharedMemory.Locking.NONE)) {
            counter.reset();
            counter.verify(processes.run(counter.tasks()));
            // Not 0: the parent sees the children's increments (one counter, not a copy per process).
            assertTrue(counter.value() >= 1 && counter.value() <= 400_000,
                    "two parties of 200,000 on one counter: " + counter.value());
            assertEquals(400_000 - counter.value(), counter.lost());
        }
    }

    @Test
    void threadsShareTheMappingAndTheFileLockToo() throws Exception {
        try (SharedMemory.Counter counter = SharedMemory.counter(3, 5_000, SharedMemory.Locking.FILE_LOCK);
                ExecutionModel threads = Model.THREAD_POOL.open(ModelSpec.of(3))) {
            counter.reset();
            counter.verify(threads.run(counter.tasks()));
            assertEquals(15_000, counter.value());
        }
    }

    @Test
    void aBrokenLockFailsTheCheck() throws Exception {
        try (SharedMemory.Counter counter = SharedMemory.counter(2, 10, SharedMemory.Locking.LOCK);
                ExecutionModel serial = Model.SERIAL.open(ModelSpec.of(1))) {
            counter.reset();
            long[] results = serial.run(counter.tasks());
            counter.reset(); // as if every increment had been lost
            assertThrows(IllegalStateException.class, () -> counter.verify(results));
        }
    }

    @Test
    void badParametersNameTheAllowedValues() {
        assertEquals("unknown shared-memory locking 'mutex' (known: none, lock, file-lock, atomic)",
                assertThrows(IllegalArgumentException.class, () -> SharedMemory.Locking.named("mutex")).getMessage());
        assertEquals("bad value for parties: 0 (allowed: 1..1024)",
                assertThrows(IllegalArgumentException.class,
                        () -> SharedMemory.counter(0, 1, SharedMemory.Locking.NONE)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SharedMemory.arraySum(0, 1))
                .getMessage().startsWith("bad value for n: 0"));
    }
}

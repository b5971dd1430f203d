package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.workload.SleepIo;
import org.junit.jupiter.api.Test;

class VirtualThreadsTest extends ExecutionModelContract {

    @Override
    ExecutionModel open(int workers) {
        return Model.VIRTUAL_THREAD.open(ModelSpec.of(workers));
    }

    @Test
    void tenThousandSleepsOverlap() throws Exception {
        SleepIo work = SleepIo.fixed(10_000, 100);
        try (ExecutionModel model = open(10_000)) {
            model.run(SleepIo.fixed(1_000, 1).tasks()); // warm-up: carrier threads, JIT
            long start = System.nanoTime();
            work.verify(model.run(work.tasks()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            // Serial would take 1,000 s; all at once is one sleep plus thread creation.
            assertTrue(ms >= 100 && ms < 1000, "10,000 x 100 ms took " + ms + " ms, expected well under 1 s");
        }
    }

    @Test
    void workersBoundTheConcurrency() throws Exception {
        SleepIo work = SleepIo.fixed(6, 100);
        try (ExecutionModel model = open(2)) {
            long start = System.nanoTime();
            work.verify(model.run(work.tasks()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 300 && ms < 1500, "6 x 100 ms, 2 at a time, took " + ms + " ms, expected ~300");
        }
    }
}

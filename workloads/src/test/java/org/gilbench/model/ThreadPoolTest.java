package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gilbench.workload.SleepIo;
import org.junit.jupiter.api.Test;

class ThreadPoolTest extends ExecutionModelContract {

    @Override
    ExecutionModel open(int workers) {
        return Model.THREAD_POOL.open(ModelSpec.of(workers));
    }

    /** The seed's Pool(4) running 10 x sleep(1), scaled: 3 waves of 100 ms. */
    @Test
    void sleepsRunInWavesOfPoolSize() throws Exception {
        SleepIo work = SleepIo.fixed(10, 100);
        try (ExecutionModel pool = open(4)) {
            pool.run(SleepIo.fixed(4, 1).tasks()); // warm-up
            long start = System.nanoTime();
            work.verify(pool.run(work.tasks()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            // ceil(10 / 4) * 100 = 300 ms; generous upper bound for a loaded machine.
            assertTrue(ms >= 300 && ms < 1500, "10 x 100 ms on 4 threads took " + ms + " ms, expected ~300");
        }
    }
}

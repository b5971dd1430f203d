package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeSumTest {

    private static long[] runAll(Workload work) throws InterruptedException {
        List<Task> tasks = work.tasks();
        long[] results = new long[tasks.size()];
        for (int i = 0; i < results.length; i++) {
            results[i] = tasks.get(i).run(Interpreter.FREE);
        }
        return results;
    }

    @Test
    void seedSumStreamedIsExact() throws InterruptedException {
        RangeSum work = RangeSum.streamed(RangeSum.SEED_N, RangeSum.SEED_CHUNKS);
        assertEquals(5000000050000000L, work.expectedTotal());
        assertEquals(5000000050000000L, work.total(runAll(work)));
    }

    @Test
    void arrayFormMatchesStreamedForEveryChunking() throws InterruptedException {
        for (int chunks : new int[] {1, 2, 3, 7, 8, 16}) {
            RangeSum array = RangeSum.materialised(1_000_003, chunks);
            RangeSum streamed = RangeSum.streamed(1_000_003, chunks);
            assertEquals(chunks, array.tasks().size());
            long[] a = runAll(array);
            assertEquals(array.expectedTotal(), array.total(a));
            assertEquals(streamed.total(runAll(streamed)), array.total(a));
        }
    }

    @Test
    void slicesCoverTheArrayExactlyOnce() {
        RangeSum work = RangeSum.materialised(100, 8);
        int next = 0;
        for (Task t : work.tasks()) {
            RangeSum.Slice s = (RangeSum.Slice) t;
            assertEquals(next, s.from());
            next = s.to();
        }
        assertEquals(100, next);
    }

    @Test
    void corruptedDataIsCaught() throws InterruptedException {
        RangeSum work = RangeSum.materialised(10_000, 4);
        ((RangeSum.Slice) work.tasks().get(0)).numbers()[5] = 0;
        long[] results = runAll(work);
        assertThrows(IllegalStateException.class, () -> work.verify(results));
    }

    @Test
    void closedFormHasNoOverflowAtSeedSize() {
        assertEquals(5000000050000000L, RangeSum.sumOfRange(1, 100_000_000L));
        assertEquals(45, RangeSum.sumOfRange(0, 9));
        assertEquals(7, RangeSum.sumOfRange(7, 7));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RangeSum.streamed(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RangeSum.streamed(10, 11));
        assertThrows(IllegalArgumentException.class, () -> RangeSum.materialised(10, 0));
        assertThrows(IllegalArgumentException.class, () -> RangeSum.Form.named("list"));
    }
}

package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Ticks mode counts work, not check points: every kernel reports the work units
 * ({@link Interpreter#TICK_WORK} per tick, ~1 ns each) done between two check points, so that 100 ticks
 * stand for ~1 µs of work in every kernel (CPython 2.7: 100 bytecodes of a pure-Python loop, ~1 µs).
 * Before, a tick was one check point: 100 ticks were ~0.2 µs of prime-check and ~100 µs of range-sum.
 *
 * <p>The work each kernel reports is counted exactly; its cost is measured in thread CPU time, best of
 * several rounds, with generous bounds (a shared 2-core machine): each kernel within 2x of the others'
 * median, and within 4x of 1 ns per work unit.
 */
class TickCalibrationTest {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** Sums the work the kernel reports at its check points. */
    private static final class Counting extends Interpreter {
        long work;

        Counting() {
            breaker = true;
        }

        @Override
        protected void onBreak(int units) {
            work += units;
        }
    }

    @Test
    void everyKernelsTickIsAboutTheSameWork() {
        long[] numbers = new long[1_000_000];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = i + 1;
        }
        Map<String, ToLongFunction<Interpreter>> kernels = new LinkedHashMap<>();
        kernels.put("prime-check", in -> PrimeCheck.isPrime(982_451_653L, in));
        kernels.put("count-loop", in -> CountLoop.calc(1_000_000, in));
        kernels.put("range-sum streamed", in -> RangeSum.sumRange(1, 1_000_000, in));
        kernels.put("range-sum array", in -> RangeSum.sumSlice(numbers, 0, numbers.length, in));

        Map<String, Double> nsPerUnit = new LinkedHashMap<>();
        for (Map.Entry<String, ToLongFunction<Interpreter>> k : kernels.entrySet()) {
            Counting counting = new Counting();
            long sink = k.getValue().applyAsLong(counting);
            long units = counting.work;
            assertTrue(units > 10_000, k.getKey() + " reported only " + units + " work units");
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 15; round++) {
                long start = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < 5; i++) {
                    sink += k.getValue().applyAsLong(Interpreter.FREE);
                }
                best = Math.min(best, (MX.getCurrentThreadCpuTime() - start) / 5.0 / units);
            }
            assertTrue(sink != 0);
            nsPerUnit.put(k.getKey(), best);
        }
        double median = nsPerUnit.values().stream().sorted().toList().get(nsPerUnit.size() / 2);
        for (Map.Entry<String, Double> e : nsPerUnit.entrySet()) {
            double ratio = e.getValue() / median;
            assertTrue(ratio > 0.5 && ratio < 2, "100 ticks of " + e.getKey() + " cost " + e.getValue() * 1000 / 1000
                    + " µs, the kernels' median " + median + " µs: " + nsPerUnit);
            assertTrue(e.getValue() > 0.25 && e.getValue() < 4, "ns per work unit " + nsPerUnit);
        }
    }
}

package org.gilbench.workload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code busy-loop}: seed 002:490-529 — one thread per {@code multiprocessing.cpu_count()}, each running
 * {@code x = 0; while True: x = x ^ 1}. The seed: "only 102%" CPU on a 4-core Mac in CPython, where C,
 * C++ or Java "reach 400% on 4 cores, 800% on 8" (002:519-521). The answer is the CPU utilisation, not
 * a speed: the benchmark reads it (process CPU time over wall time, children included).
 *
 * <p>Here each task spins for a fixed wall-clock window instead of forever. What to expect with
 * {@code tasks} = the cores: {@code thread-pool}, {@code virtual-thread}, {@code forked-process} ≈ cores
 * x 100%; {@code gil-emulated} ≈ 100% (the waiting threads park, as CPython's do); {@code serial} and
 * {@code event-loop} 100%, and they take tasks x window because the spinners run one after another.
 *
 * <p>The loop: strips of {@link #STRIP} (odd) {@code x ^= 1} steps, a check point after each strip (a
 * GIL may switch there, as CPython 3.10+ may at the loop's back-edge), the clock read every
 * {@link #CLOCK_EVERY} strips. C2 may fold a strip into one xor, which is fine: what is measured is that
 * the thread keeps a core busy. The task returns how many steps it made, after checking that x equals
 * their parity (a loop that skipped steps would not).
 */
public final class BusyLoop implements Workload {

    public static final String NAME = "busy-loop";
    /** Published (002:519): CPython's CPU % with cpu_count() spinning threads on 4 cores. */
    public static final double SEED_CPU_PERCENT = 102;
    /** The seed's claim for C, C++ and Java on 4 cores (002:521). */
    public static final double SEED_JAVA_CPU_PERCENT = 400;
    /** Each spinner's window by default: 1 s. */
    public static final long DEFAULT_WINDOW_MILLIS = 1000;
    /** Odd, so x flips once per strip and the parity check sees every strip. */
    static final int STRIP = 15;
    /** Strips between two clock reads (a power of two). */
    static final int CLOCK_EVERY = 1024;
    /** Work units per strip ({@link Interpreter#TICK_WORK} = 10 units is one "bytecode"). */
    static final int WORK_PER_POLL = 15;

    private final List<Task> tasks;
    private final long windowMillis;

    /**
     * {@code threads} spinners of {@code windowMillis} ms each.
     *
     * @throws IllegalArgumentException if threads < 1 or the window is not in 1..600000 ms
     */
    public BusyLoop(int threads, long windowMillis) {
        if (threads < 1) {
            throw new IllegalArgumentException("busy-loop: threads must be >= 1, got " + threads);
        }
        if (windowMillis < 1 || windowMillis > 600_000) {
            throw new IllegalArgumentException("busy-loop: window must be in 1..600000 ms, got " + windowMillis);
        }
        List<Task> list = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            list.add(new Spin(i, windowMillis));
        }
        this.tasks = List.copyOf(list);
        this.windowMillis = windowMillis;
    }

    /** The seed's thread count: {@code multiprocessing.cpu_count()}. */
    public static int seedThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public long windowMillis() {
        return windowMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Task> tasks() {
        return tasks;
    }

    @Override
    public String summarize(long[] results) {
        long steps = 0;
        for (long r : results) {
            steps += r;
        }
        return results.length + " spinners x " + windowMillis + " ms: " + steps + " steps";
    }

    /** Every spinner ran (at least one strip) and its x matched its step count's parity. */
    @Override
    public void verify(long[] results) {
        if (results == null || results.length != tasks.size()) {
            throw new IllegalStateException(NAME + ": expected " + tasks.size() + " results, got "
                    + (results == null ? "none" : results.length));
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] < STRIP || results[i] % STRIP != 0) {
                throw new IllegalStateException(NAME + ": " + tasks.get(i).describe() + " returned " + results[i]
                        + (results[i] == -1 ? " (x did not match the parity of its steps)" : " steps"));
            }
        }
    }

    /** {@code x = 0; while True: x = x ^ 1}, for {@code windowMillis} of wall-clock time. */
    public record Spin(int index, long windowMillis) implements Task, Serializable {
        @Override
        public long run(Interpreter in) {
            long deadline = System.nanoTime() + windowMillis * 1_000_000L;
            long x = 0;
            long steps = 0;
            for (long strips = 1; ; strips++) {
                for (int i = 0; i < STRIP; i++) {
                    x ^= 1;
                }
                steps += STRIP;
                in.poll(WORK_PER_POLL);
                if ((strips & (CLOCK_EVERY - 1)) == 0 && System.nanoTime() - deadline >= 0) {
                    break;
                }
            }
            return x == (steps & 1) ? steps : -1;
        }

        @Override
        public long expected() {
            return STRIP; // the least it may return: the work done in a window is not known in advance (see verify)
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + windowMillis + " ms)";
        }
    }
}

package org.gilbench.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gilbench.model.Gil;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.Interpreter;

/**
 * The old GIL's battle, as {@code cpython/old_gil_check.py} measures it in CPython 2.7: two threads
 * counting N each under {@code mode=ticks}, against one thread counting 2N with no GIL, at 10, 100 and
 * 1000 ticks. Prints the slowdown (best of the rounds on each side) and switches per second (median), so
 * the two programs' lines can be read side by side (docs/gil.md, "Ticks mode beside CPython 2.7").
 *
 * <p>A plain main rather than JMH because the comparison is with a plain script and each run lasts
 * ~0.2–1 s; {@code CountLoopBenchmark} with {@code options=mode=ticks;ticks=T} measures the same under JMH.
 * Every count is checked.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.gilbench.bench.OldGilBattle [--rounds N]} (default 3).
 */
public final class OldGilBattle {

    /** Counts per thread: ~0.1 s each here, as the Python script's countdown(5,000,000) lasts ~0.1 s. */
    static final long N = 50_000_000L;
    static final int[] TICKS = {10, 100, 1000};

    private OldGilBattle() {
    }

    public static void main(String[] args) throws InterruptedException {
        int rounds = 3;
        if (args.length == 2 && args[0].equals("--rounds") && args[1].matches("[1-9][0-9]{0,2}")) {
            rounds = Integer.parseInt(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: java -cp benchmarks.jar org.gilbench.bench.OldGilBattle [--rounds N] (N 1..999)");
            System.exit(2);
        }
        System.out.printf("gil-emulated mode=ticks, %d rounds; calc(%,d) per thread%n", rounds, N);
        try {
            battle(rounds);
        } catch (IllegalStateException e) {
            System.err.println("old-gil-battle: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void battle(int rounds) throws InterruptedException {
        for (int ticks : TICKS) {
            double serial = Double.MAX_VALUE;
            double threads = Double.MAX_VALUE;
            double[] switchesPerSecond = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                serial = Math.min(serial, serialSeconds());
                Gil gil = new Gil(Gil.Mode.TICKS, Gil.DEFAULT_INTERVAL_US, TimeUnit.MICROSECONDS, ticks);
                double seconds = threadSeconds(gil);
                threads = Math.min(threads, seconds);
                switchesPerSecond[r] = gil.counters().get(Gil.SWITCHES) / seconds;
            }
            Arrays.sort(switchesPerSecond);
            System.out.printf("ticks %4d: 2 threads / serial %.2f (%.3f s / %.3f s); %6.0f switches/s%n",
                    ticks, threads / serial, threads, serial, switchesPerSecond[rounds / 2]);
        }
    }

    private static double serialSeconds() {
        long start = System.nanoTime();
        check(CountLoop.calc(2 * N, Interpreter.FREE), 2 * N);
        return (System.nanoTime() - start) / 1e9;
    }

    /** Two threads under {@code gil}, each counting N; fails if either count is wrong or a thread threw. */
    private static double threadSeconds(Gil gil) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[2];
        for (int i = 0; i < workers.length; i++) {
            Gil.ThreadState state = gil.newThreadState("battle-" + i);
            workers[i] = new Thread(() -> {
                state.attach();
                try {
                    check(CountLoop.calc(N, state), N);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    state.detach();
                }
            }, "battle-" + i);
        }
        long start = System.nanoTime();
        for (Thread t : workers) {
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a counting thread failed: " + failure.get(), failure.get());
        }
        return seconds;
    }

    private static void check(long counted, long expected) {
        if (counted != expected) {
            throw new IllegalStateException("calc counted " + counted + ", expected " + expected);
        }
    }
}

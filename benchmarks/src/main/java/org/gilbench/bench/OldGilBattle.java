package org.gilbench.bench;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Gil;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.CountLoop;

/**
 * The old GIL's battle, as {@code cpython/old_gil_check.py} measures it in CPython 2.7: two threads
 * counting N each under {@code mode=ticks}, against one thread counting 2N with no GIL, at 10, 100 and
 * 1000 ticks. Prints the slowdown (best of the rounds on each side) and switches per second (median), so
 * the two programs' lines can be read side by side (docs/gil.md, "Ticks mode beside CPython 2.7").
 *
 * <p>A plain main rather than JMH because the comparison is with a plain script and each run lasts
 * ~0.2–1 s; {@code CountLoopBenchmark} with {@code options=mode=ticks;ticks=T} measures the same under JMH.
 * Both sides run through the suite's own models ({@code serial}, {@code gil-emulated} with 2 workers)
 * and {@link Verified#run}, so every count is checked.
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
        } catch (ExecutionException | RuntimeException e) {
            System.err.println("old-gil-battle: " + e.getMessage()); // a wrong count, a failed task
            System.exit(1);
        }
    }

    private static void battle(int rounds) throws ExecutionException, InterruptedException {
        // The seed's shape: the same two counts, one after the other or in two GIL threads.
        CountLoop twoCounts = new CountLoop(2, N);
        for (int ticks : TICKS) {
            double serial = Double.MAX_VALUE;
            double threads = Double.MAX_VALUE;
            double[] switchesPerSecond = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                try (ExecutionModel one = Model.SERIAL.open(ModelSpec.of(1))) {
                    serial = Math.min(serial, seconds(one, twoCounts));
                }
                // A new model per round: its GIL's counters start at 0.
                try (ExecutionModel two = Model.GIL_EMULATED.open(ModelSpec.parse(2, "mode=ticks;ticks=" + ticks))) {
                    double seconds = seconds(two, twoCounts);
                    threads = Math.min(threads, seconds);
                    switchesPerSecond[r] = two.counters().get(Gil.SWITCHES) / seconds;
                }
            }
            Arrays.sort(switchesPerSecond);
            System.out.printf("ticks %4d: 2 threads / serial %.2f (%.3f s / %.3f s); %6.0f switches/s%n",
                    ticks, threads / serial, threads, serial, switchesPerSecond[rounds / 2]);
        }
    }

    /** One verified run of {@code workload} through {@code model}, in seconds. */
    private static double seconds(ExecutionModel model, CountLoop workload) throws ExecutionException, InterruptedException {
        long start = System.nanoTime();
        Verified.run(model, workload);
        return (System.nanoTime() - start) / 1e9;
    }
}

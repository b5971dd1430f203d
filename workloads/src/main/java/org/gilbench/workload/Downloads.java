package org.gilbench.workload;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code downloads}: seed 000:15-200 and seed 001:3-147 as the seeds run them — three "downloads", each
 * {@code time.sleep(random.randint(3, 6))}, one after another or in three threads. The seed published
 * (000:50-61, 103-114) serial 3.005, 5.006, 6.007 s, total <b>14.018 s</b>, and threads 3.005, 5.006,
 * 6.003 s, total <b>6.004 s</b>: serial is the sum, threads the longest.
 *
 * <p>Scaled 1/20 by default ({@link #DEFAULT_MILLIS_PER_SECOND}: a seed second is 50 ms here), so the
 * seed's draws 3, 5, 6 s are 150, 250, 300 ms: serial ~700 ms, three threads ~300 ms, three processes
 * 300 ms plus their start. {@link Draws#PUBLISHED} sleeps exactly the seed's draws; {@link Draws#DRAWN}
 * draws {@code randint(3, 6)} with a fixed seed, so the list is known and the same for every model.
 * Each task checks that it slept at least its time, as sleep-io's do.
 */
public final class Downloads implements Workload {

    public static final String NAME = "downloads";
    /** Seed 000's file names. */
    public static final List<String> SEED_FILES = List.of("Python从入门到住院.pdf", "MySQL从删库到跑路.avi", "Linux从精通到放弃.mp4");
    /** The draws of the seed's published runs (000:50-61): 3, 5 and 6 s. */
    public static final List<Integer> SEED_SECONDS = List.of(3, 5, 6);
    /** {@code random.randint(3, 6)}: 3 to 6 s, both included. */
    public static final int SEED_MIN_SECONDS = 3;
    public static final int SEED_MAX_SECONDS = 6;
    /** Published totals (000:60, 000:113): serial, and three threads. */
    public static final double SEED_SERIAL_SECONDS = 14.018;
    public static final double SEED_THREADS_SECONDS = 6.004;
    /** The default scale, 1/20: one seed second is 50 ms. */
    public static final long DEFAULT_MILLIS_PER_SECOND = 50;
    /** Fixed so that the drawn list is known and the same for every model and run. */
    public static final long RANDOM_SEED = 20261122L;

    /** Which seconds the three downloads sleep. */
    public enum Draws {
        /** The seed's published run: 3, 5, 6 s. */
        PUBLISHED("published"),
        /** {@code randint(3, 6)} per file, from {@link #RANDOM_SEED}. */
        DRAWN("drawn");

        private final String label;

        Draws(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Draws named(String label) {
            return Labels.named(values(), Draws::label, "downloads draws", label);
        }
    }

    private final List<Task> tasks;
    private final long millisPerSecond;

    private Downloads(List<Task> tasks, long millisPerSecond) {
        this.tasks = List.copyOf(tasks);
        this.millisPerSecond = millisPerSecond;
    }

    /**
     * The seed's three downloads, a seed second lasting {@code millisPerSecond} ms.
     *
     * @throws IllegalArgumentException if millisPerSecond is not in 1..1000 (1000: the seed's own seconds)
     */
    public static Downloads of(Draws draws, long millisPerSecond) {
        if (millisPerSecond < 1 || millisPerSecond > 1000) {
            throw new IllegalArgumentException("downloads: millis per seed second must be in 1..1000, got "
                    + millisPerSecond);
        }
        SplittableRandom random = new SplittableRandom(RANDOM_SEED);
        List<Task> list = new ArrayList<>();
        for (int i = 0; i < SEED_FILES.size(); i++) {
            int seconds = draws == Draws.PUBLISHED ? SEED_SECONDS.get(i)
                    : random.nextInt(SEED_MIN_SECONDS, SEED_MAX_SECONDS + 1);
            list.add(new Download(i, SEED_FILES.get(i), seconds, seconds * millisPerSecond));
        }
        return new Downloads(list, millisPerSecond);
    }

    /** The seed seconds of each download, in order. */
    public List<Integer> seconds() {
        return tasks.stream().map(t -> ((Download) t).seconds()).toList();
    }

    /** Serial: the sum of the sleeps, in ms. */
    public long sumMillis() {
        return tasks.stream().mapToLong(Task::expected).sum();
    }

    /** Threads: the longest sleep, in ms. */
    public long longestMillis() {
        return tasks.stream().mapToLong(Task::expected).max().orElse(0);
    }

    /** The scale: ms per seed second. */
    public long millisPerSecond() {
        return millisPerSecond;
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
        return "downloads of " + seconds() + " s at " + millisPerSecond + " ms a second: sum " + sumMillis()
                + " ms, longest " + longestMillis() + " ms";
    }

    /**
     * {@code download(filename)}: sleeps {@code millis}, releasing the interpreter while blocked; returns
     * the planned ms after checking at least that much time passed (-1 if not).
     */
    public record Download(int index, String file, int seconds, long millis) implements Task, Serializable {
        @Override
        public long run(Interpreter in) throws InterruptedException {
            long start = System.nanoTime();
            in.beforeBlocking();
            try {
                Thread.sleep(millis);
            } finally {
                in.afterBlocking();
            }
            return System.nanoTime() - start >= millis * 1_000_000L ? millis : -1;
        }

        @Override
        public long expected() {
            return millis;
        }

        @Override
        public String describe() {
            return NAME + " #" + index + " (" + file + ", " + seconds + " s = " + millis + " ms)";
        }
    }
}

package org.gilbench.workload;

import java.time.Duration;
import java.util.List;

/**
 * {@code daemon-threads}: seed 000:202-369 (and seed 001's daemon download thread) — {@code display(content)}
 * prints {@code 'Ping'} or {@code 'Pong'} every 0.1 s forever in a thread; a program whose threads are not
 * daemons never exits, one whose threads are daemons exits as soon as its main thread ends and cuts them
 * off. Measured here in a child JVM, from outside: how long the program ran and how much its threads
 * printed before it ended.
 *
 * <p>{@link Variant}s, the seed's table (000:309-336) plus the mixed case:
 * <ul>
 *   <li>{@code non-daemon}: both threads are normal threads; the seed's never end, here each prints for
 *       {@code life} and then ends (a bound standing for "never"): the program lives {@code life};</li>
 *   <li>{@code daemon}: both daemons, main returns at once: the program ends at once, "almost no output";</li>
 *   <li>{@code daemon-sleep}: both daemons, main sleeps {@code life} (the seed's {@code time.sleep(5)}, and
 *       10 in the table): the program lives {@code life}, then cuts both off mid-loop;</li>
 *   <li>{@code mixed}: Ping is a normal thread printing for {@code life}, Pong a daemon printing forever,
 *       main returns at once: Ping alone keeps the program alive; when it ends, Pong is cut off.</li>
 * </ul>
 * Default scale 1/10 of the seed: a line every 10 ms, {@code life} 500 ms (the seed: every 0.1 s for 5 s,
 * ~50 prints a thread).
 *
 * <p>Timestamps come from the child's own {@link System#nanoTime()} ({@code CLOCK_MONOTONIC}, the same
 * clock in every process of a Linux machine): when main started, when it returned, and when the JVM began
 * to exit (a shutdown hook, which runs once the last non-daemon thread has ended). Daemon threads still run
 * while hooks run, so a cut-off thread may print a line or two after that moment. Left out: the JVM's own
 * start (~50–100 ms, reported apart) and its halt after the hooks.
 */
public final class DaemonThreads {

    public static final String NAME = "daemon-threads";
    /** Seed: {@code time.sleep(0.1)} between prints, {@code time.sleep(5)} in main. Here 1/10 of both. */
    public static final long SEED_PERIOD_MILLIS = 100;
    public static final long SEED_MAIN_SLEEP_MILLIS = 5000;
    public static final long DEFAULT_PERIOD_MILLIS = 10;
    public static final long DEFAULT_LIFE_MILLIS = 500;
    /** Added to the life for every wait on the child: longer means it hangs. */
    static final Duration SLACK = Duration.ofSeconds(30);

    /** Which threads are daemons, and whether main sleeps. */
    public enum Variant {
        NON_DAEMON("non-daemon"), DAEMON("daemon"), DAEMON_SLEEP("daemon-sleep"), MIXED("mixed");

        private final String label;

        Variant(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** @throws IllegalArgumentException naming the bad value and the allowed ones */
        public static Variant named(String label) {
            return Labels.named(values(), Variant::label, "daemon-threads variant", label);
        }

        boolean pingIsDaemon() {
            return this == DAEMON || this == DAEMON_SLEEP;
        }

        boolean pongIsDaemon() {
            return this != NON_DAEMON;
        }
    }

    /**
     * One run of the program, verified.
     *
     * @param jvmStartNanos from the fork to main's first line
     * @param runNanos      from main's start to the JVM's exit (the program's life as its user sees it)
     * @param afterMainNanos from main's return to the exit (how long threads kept it alive)
     * @param pingPrints    lines Ping printed, before and during the exit
     * @param pongPrints    the same for Pong
     * @param pingDone      Ping ended by itself (it was not cut off)
     * @param pongDone      the same for Pong
     */
    public record Outcome(long jvmStartNanos, long runNanos, long afterMainNanos, int pingPrints, int pongPrints,
            boolean pingDone, boolean pongDone) {
    }

    private final Variant variant;
    private final long periodMillis;
    private final long lifeMillis;

    /** @throws IllegalArgumentException for a period not in 1..1000 ms or a life not in period..60000 ms */
    public DaemonThreads(Variant variant, long periodMillis, long lifeMillis) {
        if (periodMillis < 1 || periodMillis > 1000) {
            throw new IllegalArgumentException("daemon-threads: period must be in 1..1000 ms, got " + periodMillis);
        }
        if (lifeMillis < periodMillis || lifeMillis > 60_000) {
            throw new IllegalArgumentException("daemon-threads: life must be in " + periodMillis + "..60000 ms, got "
                    + lifeMillis);
        }
        this.variant = variant;
        this.periodMillis = periodMillis;
        this.lifeMillis = lifeMillis;
    }

    public String describe() {
        return NAME + "(" + variant.label() + ", a line every " + periodMillis + " ms, life " + lifeMillis + " ms)";
    }

    /**
     * Runs the program in a child JVM, reads its output, waits for its exit, and checks it against the
     * variant: who kept it alive, who was cut off.
     *
     * @throws IllegalStateException naming what the program did wrong, or if it did not exit in time
     */
    public Outcome run() throws InterruptedException {
        Duration wait = Duration.ofMillis(lifeMillis).plus(SLACK);
        try (JavaChild child = JavaChild.start(describe(), DaemonThreads.class, List.of("-Xmx32m"),
                List.of(variant.label(), Long.toString(periodMillis), Long.toString(lifeMillis)))) {
            long mainStart = 0;
            long mainReturn = 0;
            long exit = 0;
            int ping = 0;
            int pong = 0;
            boolean pingDone = false;
            boolean pongDone = false;
            for (String line; (line = child.readLine(wait)) != null; ) {
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "main-starts" -> mainStart = Long.parseLong(w[1]);
                    case "main-returns" -> mainReturn = Long.parseLong(w[1]);
                    case "exit" -> exit = Long.parseLong(w[1]);
                    case "Ping" -> {
                        if (w[1].equals("done")) {
                            pingDone = true;
                        } else {
                            ping++;
                        }
                    }
                    case "Pong" -> {
                        if (w[1].equals("done")) {
                            pongDone = true;
                        } else {
                            pong++;
                        }
                    }
                    default -> throw new IllegalStateException(describe() + ": unexpected line '" + line + "'");
                }
            }
            int code = child.awaitExit(wait);
            if (code != 0 || mainStart == 0 || mainReturn == 0 || exit == 0) {
                throw new IllegalStateException(describe() + ": exit code " + code + ", main-starts/returns/exit "
                        + mainStart + "/" + mainReturn + "/" + exit + child.stderrNote());
            }
            Outcome o = new Outcome(mainStart - child.startNanos(), exit - mainStart, exit - mainReturn, ping, pong,
                    pingDone, pongDone);
            verify(o);
            return o;
        }
    }

    private void verify(Outcome o) {
        long life = lifeMillis * 1_000_000L;
        // A bounded thread starts after main does and lives its life: the program runs at least that long.
        boolean ok = switch (variant) {
            // Normal threads keep the program alive until they end by themselves.
            case NON_DAEMON -> o.pingDone() && o.pongDone() && o.runNanos() >= life;
            // Nothing keeps it alive: it ends before the threads could finish a life.
            case DAEMON -> !o.pingDone() && !o.pongDone() && o.afterMainNanos() < life;
            // Main's sleep is the life; then both are cut off.
            case DAEMON_SLEEP -> !o.pingDone() && !o.pongDone() && o.runNanos() >= life && o.pingPrints() > 0
                    && o.pongPrints() > 0;
            // Ping keeps it alive for its life, Pong is cut off when Ping ends.
            case MIXED -> o.pingDone() && !o.pongDone() && o.pongPrints() > 0 && o.runNanos() >= life;
        };
        if (!ok) {
            throw new IllegalStateException(describe() + ": the program did not behave as its threads' kinds say: " + o);
        }
    }

    /**
     * The program: {@code <variant> <period-ms> <life-ms>}. Prints {@code main-starts <ns>}, then each thread's
     * {@code Ping <n>} / {@code Pong <n>} lines (and {@code Ping done} when a bounded thread ends),
     * {@code main-returns <ns>}, and from a shutdown hook {@code exit <ns>}.
     */
    public static void main(String[] args) throws InterruptedException {
        Variant variant = Variant.named(args[0]);
        long period = Long.parseLong(args[1]);
        long life = Long.parseLong(args[2]);
        say("main-starts " + System.nanoTime());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> say("exit " + System.nanoTime())));
        // A daemon of the seed prints forever; a normal thread here prints for its life and ends.
        display("Ping", variant.pingIsDaemon(), variant == Variant.NON_DAEMON || variant == Variant.MIXED ? life : 0, period);
        display("Pong", variant.pongIsDaemon(), variant == Variant.NON_DAEMON ? life : 0, period);
        if (variant == Variant.DAEMON_SLEEP) {
            Thread.sleep(life);
        }
        say("main-returns " + System.nanoTime());
    }

    /** {@code display(content)}: a line every {@code period} ms, for {@code life} ms (0: forever). */
    private static void display(String content, boolean daemon, long life, long period) {
        Thread t = new Thread(() -> {
            long end = System.nanoTime() + life * 1_000_000L;
            try {
                for (int n = 1; life == 0 || System.nanoTime() - end < 0; n++) {
                    say(content + " " + n);
                    Thread.sleep(period);
                }
                say(content + " done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, content);
        t.setDaemon(daemon);
        t.start();
    }

    /** {@code print(..., flush=True)}: each line reaches the parent at once. */
    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

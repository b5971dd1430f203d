package org.gilbench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much CPU processes <em>outside</em> this run used while a cell ran, in cores (0.5 = half a core on
 * average): the machine's busy time from {@code /proc/stat} minus this run's own process tree.
 *
 * <p>The run's own CPU time is {@code /proc/self/stat}'s utime + stime + cutime + cstime plus the same four
 * fields of every live descendant. A fork (and the child JVMs of forked-process) that exits is reaped by
 * its parent in the tree, and the kernel then adds its whole time (its own children's included) to that
 * parent's cutime/cstime: the sum stays continuous, so a sample at the start and one at the end of a cell
 * are enough, and short-lived children (a JVM per task, ~60 ms each) are counted although no sample ever
 * saw them alive. What escapes: a process re-parented to init (its parent died first), which the suite
 * does not create. Resolution: one clock tick (10 ms) per process.
 *
 * <p>Busy time counts user, nice, system, irq, softirq and steal (a hypervisor taking the CPU is outside
 * work too), not idle or iowait; guest time is already inside user.
 */
final class NoiseWatch {

    /**
     * A cell is disturbed when outside work took more than a quarter of a core on average. Idle background
     * (daemons, the terminal) stays below ~0.05 core; a quarter core taken from a 2-core cell at workers =
     * cores stretches its wall time by up to ~12 %, more than the ±7 % two runs must agree within.
     */
    static final double DISTURBED_CORES = 0.25;

    /** Kernel clock ticks per second in /proc (USER_HZ): 100 on every Linux the suite runs on. */
    static final double TICKS_PER_SECOND = 100;

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** One observation: when, the machine's busy ticks (all CPUs), this run's own ticks. */
    record Sample(long nanos, long busyTicks, long ownTicks) {
    }

    private NoiseWatch() {
    }

    /**
     * {@code -Dgilbench.noProc=true}: behave as if /proc were missing (macOS, Windows), so that the JDK-bean
     * fallback is tested on Linux too. JMH's forks inherit it, and forked-process passes it to its children.
     */
    static final String NO_PROC_PROPERTY = "gilbench.noProc";
    /** machine.json's {@code noiseWatch} for the two sources. */
    static final String PROC_SOURCE = "proc-stat";
    static final String BEAN_SOURCE = "os-mxbean";

    /** Why /proc cannot be used here, or null when it can (Linux with a readable /proc). */
    static String procUnavailableReason() {
        if (Boolean.getBoolean(NO_PROC_PROPERTY)) {
            return "-D" + NO_PROC_PROPERTY + "=true";
        }
        if (!Files.isReadable(PROC_STAT) || !Files.isReadable(Path.of("/proc/self/stat"))) {
            return "no /proc/stat on " + System.getProperty("os.name");
        }
        try {
            take(); // parse once: a /proc of another shape fails here, not in the middle of a run
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot read /proc (" + e.getMessage() + ")";
        }
    }

    /**
     * Why the watch cannot run at all, or null when it can: /proc, or else the JDK's
     * {@link BeanSpan com.sun.management.OperatingSystemMXBean} where it reports the machine's load.
     */
    static String unavailableReason() {
        if (procUnavailableReason() == null) {
            return null;
        }
        return BeanSpan.available() ? null : "unavailable: no /proc (" + procUnavailableReason()
                + ") and the JDK reports no system CPU load on " + System.getProperty("os.name");
    }

    /** machine.json's {@code noiseWatch}: the source and, for the fallback, why /proc was not used. */
    static String source() {
        String why = procUnavailableReason();
        if (why == null) {
            return PROC_SOURCE;
        }
        String none = unavailableReason();
        return none != null ? none : BEAN_SOURCE + " (" + why + ")";
    }

    /** One watched interval: begun before a cell's fork, ended after it. */
    interface Span {
        /** Mean cores used outside the run since the span began; null when it could not be told. */
        Double end();
    }

    /** Starts watching: from /proc when it can be read, else from the JDK's beans. */
    static Span begin() throws IOException {
        if (procUnavailableReason() == null) {
            Sample start = take();
            return () -> {
                try {
                    return outsideCores(start, take());
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            };
        }
        return new BeanSpan();
    }

    /** Samples the machine and this run's process tree now. */
    static Sample take() throws IOException {
        long busy = busyTicks(Files.readAllLines(PROC_STAT).get(0));
        long own = processTicks(Files.readString(Path.of("/proc/self/stat")));
        for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            try {
                own += processTicks(Files.readString(Path.of("/proc/" + child.pid() + "/stat")));
            } catch (IOException e) {
                // exited between the listing and the read: its time is in its parent's cutime by now
            }
        }
        return new Sample(System.nanoTime(), busy, own);
    }

    /** Busy ticks of all CPUs from the first line of /proc/stat ({@code cpu  user nice system idle ...}). */
    static long busyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 8) {
            throw new IllegalArgumentException("not the /proc/stat cpu line: '" + cpuLine + "'");
        }
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long irq = Long.parseLong(f[6]);
        long softirq = Long.parseLong(f[7]);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return user + nice + system + irq + softirq + steal;
    }

    /**
     * utime + stime + cutime + cstime of one {@code /proc/<pid>/stat} line. The command name (field 2) may
     * hold spaces and parentheses, so fields are counted after its last ')'.
     */
    static long processTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: '" + statLine + "'");
        }
        // After ')': field 3 (state) is index 0, so field k is index k - 3; utime is field 14.
        String[] f = statLine.substring(close + 1).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** Mean cores used by processes outside the run between two samples; never below 0. */
    static double outsideCores(Sample start, Sample end) {
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        if (seconds <= 0) {
            return 0;
        }
        double outsideTicks = (end.busyTicks() - start.busyTicks()) - (end.ownTicks() - start.ownTicks());
        return Math.max(0, outsideTicks / TICKS_PER_SECOND / seconds);
    }

    static boolean disturbed(double outsideCores) {
        return outsideCores > DISTURBED_CORES;
    }

    /** For tests and tools: the outside cores over a recorded series, first to last sample. */
    static double outsideCores(List<Sample> samples) {
        return samples.size() < 2 ? 0 : outsideCores(samples.get(0), samples.get(samples.size() - 1));
    }
}

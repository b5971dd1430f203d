package org.gilbench.run;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The noise watch where /proc is missing (macOS, Windows, or {@code -Dgilbench.noProc=true}): the machine's
 * busy share from {@code com.sun.management.OperatingSystemMXBean.getCpuLoad()}, minus this run's own CPU
 * time (this JVM's {@code getProcessCpuTime()} and every descendant's {@code ProcessHandle} CPU time).
 *
 * <p>{@code getCpuLoad()} is the load since its previous call on HotSpot (Linux, macOS and Windows keep the
 * previous counters), so one call when the span begins and one when it ends give the interval's mean.
 * Unlike /proc, no parent is credited with a reaped child's time, so a poller thread reads the descendants
 * every {@link #POLL_MS} ms and keeps the last CPU time seen per process: what escapes is the CPU a child
 * used after the last poll before it exited (at most 0.1 s x its cores), and children that lived less
 * than a poll (forked-process with a JVM per task, ~60 ms each) entirely; both read as outside work, so
 * this source errs towards "disturbed", never towards a quiet machine that was not. Tested on Linux by
 * pretending /proc is absent; on macOS and Windows by these tests only.
 */
final class BeanSpan implements NoiseWatch.Span {

    static final long POLL_MS = 100;

    private static final com.sun.management.OperatingSystemMXBean OS = bean();

    private final long startNanos = System.nanoTime();
    private final long ownStart;
    /** pid -> CPU nanos when the span began (children alive then) */
    private final Map<Long, Long> atStart = new HashMap<>();
    /** pid -> the last CPU nanos seen */
    private final Map<Long, Long> lastSeen = new HashMap<>();
    private final Thread poller;

    BeanSpan() {
        OS.getCpuLoad(); // starts the interval: the next call reports the load since this one
        ownStart = OS.getProcessCpuTime();
        poll(atStart);
        poller = Thread.ofPlatform().daemon(true).name("gilbench-noise-poll").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(POLL_MS);
                    poll(lastSeen);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the span ended
            }
        });
    }

    static boolean available() {
        return OS != null && OS.getCpuLoad() >= 0 && OS.getProcessCpuTime() >= 0;
    }

    private static com.sun.management.OperatingSystemMXBean bean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;
    }

    private void poll(Map<Long, Long> into) {
        ProcessHandle.current().descendants().forEach(p -> p.info().totalCpuDuration().map(Duration::toNanos)
                .ifPresent(n -> {
                    synchronized (this) {
                        into.merge(p.pid(), n, Math::max);
                    }
                }));
    }

    @Override
    public Double end() {
        poller.interrupt();
        try {
            poller.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll(lastSeen);
        double load = OS.getCpuLoad();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (load < 0 || seconds <= 0) {
            return null;
        }
        double own = OS.getProcessCpuTime() - ownStart;
        synchronized (this) {
            for (Map.Entry<Long, Long> e : lastSeen.entrySet()) {
                own += Math.max(0, e.getValue() - atStart.getOrDefault(e.getKey(), 0L));
            }
        }
        return outside(load, Runtime.getRuntime().availableProcessors(), own / 1e9, seconds);
    }

    /** Outside cores: the machine's busy cores minus this run's, never below 0. */
    static double outside(double load, int cpus, double ownCpuSeconds, double seconds) {
        return Math.max(0, load * cpus - ownCpuSeconds / seconds);
    }
}

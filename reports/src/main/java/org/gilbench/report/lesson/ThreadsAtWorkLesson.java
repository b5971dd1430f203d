package org.gilbench.report.lesson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.contract.Metric;
import org.gilbench.report.chart.PairedBarChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 3's downloads (seeds 000:15-200, 001:3-147) and the threads chapters' smaller programs, as the
 * seeds wrote them (issue 22): the three downloads of 3, 5, 6 s serially and in three threads (the
 * published 14.018 s and 6.004 s, here at 1/20), the busy loop's CPU percentage (seed 002:490-529), the
 * port scan (004:204-246), daemon threads (000:202-369), a responsive loop beside a CPU-bound job
 * (001:276-361, headless), the opposite-order deadlock (002:484-488) and the three ways to a per-thread
 * value (002:536-630).
 *
 * <p>Verdict, on the downloads alone (the others are shown with their counters, not judged: each verifies
 * its own answer in every operation):
 * <ul>
 *   <li>contradicts — serial was faster than the sum of its sleeps, or three threads faster than the longest
 *       (times {@link #FLOOR_FACTOR}: the counter a fake cannot produce — each task checks it slept its time,
 *       and the wall clock must agree); or the interval of serial / threads lies wholly below
 *       {@link #MIN_SPEEDUP};</li>
 *   <li>confirms — that interval lies wholly above {@link #MIN_SPEEDUP}, both cells on ≥ {@link #MIN_FORKS}
 *       forks, neither disturbed-only nor failed;</li>
 *   <li>too-noisy — otherwise; not-measured — no serial and 3-thread downloads cells.</li>
 * </ul>
 */
public final class ThreadsAtWorkLesson implements Lesson {

    /** The seed ids that are an entry's name too. */
    static final String SEED_BUSY = ThreadLessons.BUSY_LOOP;
    static final String DOWNLOADS_BENCH = "DownloadsBenchmark.downloads";
    static final String BUSY_BENCH = "BusyLoopBenchmark.spin";
    static final String SCAN_BENCH = "PortScanBenchmark.portScan";
    static final String DAEMON_BENCH = "DaemonThreadsBenchmark.program";
    static final String LOOP_BENCH = "ResponsiveLoopBenchmark.frames";
    static final String DEADLOCK_BENCH = "DeadlockBenchmark.deadlocks";
    static final String LOCAL_BENCH = "ThreadLocalBenchmark.access";

    /** The seed's draws 3 + 5 + 6 s over the longest, 6 s: the task list's ideal speedup of three threads. */
    public static final double IDEAL_SPEEDUP = 14.0 / 6.0;
    /** The seed measured 14.018 / 6.004 = 2.33 in CPython (000:50-61, 103-114). */
    public static final double PUBLISHED_SPEEDUP = 14.018 / 6.004;
    /**
     * Three threads must at least reach 2.0×, 86% of the ideal: starting three threads and waking from a 300 ms
     * sleep costs well under a millisecond, so anything below 2× means the sleeps did not overlap.
     */
    public static final double MIN_SPEEDUP = 2.0;
    /** Each sleep lasts at least its time; 1% for the clock. */
    public static final double FLOOR_FACTOR = 0.99;
    public static final int MIN_FORKS = 2;
    /** The seed's scale: sleeps of {@code millisPerSecond} ms per published second (the benchmark's default, 1/20). */
    static final double DEFAULT_MS_PER_SECOND = 50;
    /** The seed's busy loop under CPython's GIL: 102% on a 4-core Mac (002:519). */
    public static final double PUBLISHED_BUSY_PERCENT = 102;

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String id() {
        return "threads-at-work";
    }

    @Override
    public String title() {
        return "Threads at work: downloads, busy loops, scans, daemons, a responsive loop, deadlock, thread-locals";
    }

    @Override
    public List<String> evidence() {
        return List.of(ThreadLessons.DOWNLOADS, ThreadLessons.BUSY_LOOP, ThreadLessons.PORT_SCAN,
                ThreadLessons.DAEMON_THREADS, ThreadLessons.RESPONSIVE_LOOP, ThreadLessons.DEADLOCK,
                ThreadLessons.THREAD_LOCAL);
    }

    @Override
    public String rule() {
        return "*Lesson 3, the seeds' downloads* (3, 5, 6 s at 1/20, serial against 3 threads): confirms when the 95%"
                + " interval of serial / threads lies above " + MIN_SPEEDUP + "× (ideal " + Fmt.num(IDEAL_SPEEDUP, 2)
                + "×, published " + Fmt.num(PUBLISHED_SPEEDUP, 2) + "×), both cells on ≥ " + MIN_FORKS + " forks and"
                + " neither disturbed-only or failed; contradicts when it lies below, or when serial ran faster than "
                + FLOOR_FACTOR + " × the sum of its sleeps or threads faster than the longest. Busy loop, port scan,"
                + " daemons, the responsive loop, deadlock and thread-locals are shown, not judged.";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Measurement> downloads = e.benchmark(DOWNLOADS_BENCH);
        Optional<Measurement> serial = ThreadCells.find(downloads, Map.of("model", ModelNames.SERIAL));
        Optional<Measurement> threads = ThreadCells.find(downloads, Map.of("model", ModelNames.THREAD_POOL, "workers", "3"));
        decide(s, serial.orElse(null), threads.orElse(null), ThreadCells.failed(e, DOWNLOADS_BENCH));
        s.text("The seeds download three files by sleeping 3, 5 and 6 s: serially the times add up (14.018 s), in three"
                + " threads the total is the longest (6.004 s). Here the same draws at 1/20 (50 ms per second), under every"
                + " model measured; each task checks that it slept its time.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (!downloads.isEmpty()) {
            List<String> labels = downloads.stream().map(m -> m.model() + " " + Fmt.workers(m.workers())).toList();
            Map<String, List<Estimate>> series = new LinkedHashMap<>();
            series.put("measured", downloads.stream().map(m -> Estimate.of(m.time())).toList());
            s.chart(ThreadLessons.DOWNLOADS, "the seeds' three downloads at 1/20 per model",
                    () -> List.of(PairedBarChart.create("Three downloads of 3, 5, 6 s (at 1/20)", "time per run (ms)",
                            labels, series)));
        }
        seeds(s, e, serial.orElse(null), threads.orElse(null));
        return s;
    }

    /** The verdict (see the class comment). */
    static void decide(Section s, Measurement serial, Measurement threads, List<String> failed) {
        if (serial == null || threads == null) {
            s.verdict(Verdict.NOT_MEASURED, failed.isEmpty() ? "needs " + DOWNLOADS_BENCH + " under serial and "
                    + ModelNames.THREAD_POOL + " with 3 workers (--workloads " + ThreadLessons.DOWNLOADS + ")" : failed.get(0));
            return;
        }
        double sum = scaled(serial, Metric::score, "sumMillis", 14);
        double longest = scaled(threads, Metric::score, "longestMillis", 6);
        if (ThreadCells.fastest(serial) < FLOOR_FACTOR * sum) {
            s.verdict(Verdict.CONTRADICTS, "serial took " + Fmt.num(ThreadCells.fastest(serial), 1) + " ms, under the "
                    + Fmt.num(sum, 0) + " ms its sleeps add up to: it did not sleep them");
            return;
        }
        if (ThreadCells.fastest(threads) < FLOOR_FACTOR * longest) {
            s.verdict(Verdict.CONTRADICTS, "three threads took " + Fmt.num(ThreadCells.fastest(threads), 1) + " ms, under"
                    + " the longest sleep's " + Fmt.num(longest, 0) + " ms: they did not sleep");
            return;
        }
        Estimate speedup = Estimate.of(serial.time()).dividedBy(Estimate.of(threads.time()));
        s.number("downloadsSpeedup", speedup.value()).number("downloadsSpeedupLow", speedup.low())
                .number("downloadsSpeedupHigh", speedup.high());
        String what = "serial / 3 threads = " + ThreadCells.ratio(speedup) + " (ideal " + Fmt.num(IDEAL_SPEEDUP, 2)
                + "×, the seed's " + Fmt.num(PUBLISHED_SPEEDUP, 2) + "×)";
        boolean decisive = speedup.restsOnForks(MIN_FORKS) && !speedup.fallback();
        if (decisive && speedup.high() < MIN_SPEEDUP) {
            s.verdict(Verdict.CONTRADICTS, what + ": wholly below " + MIN_SPEEDUP + "×, the sleeps did not overlap");
        } else if (!failed.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, what + "; but " + failed.get(0));
        } else if (!decisive) {
            s.verdict(Verdict.TOO_NOISY, what + "; rests on " + (speedup.fallback() ? "disturbed attempts only"
                    : "fewer than " + MIN_FORKS + " forks"));
        } else if (speedup.low() > MIN_SPEEDUP) {
            s.verdict(Verdict.CONFIRMS, what + ": wholly above " + MIN_SPEEDUP + "×, and every run slept at least its"
                    + " time");
        } else {
            s.verdict(Verdict.TOO_NOISY, what + ": the interval straddles " + MIN_SPEEDUP + "×");
        }
    }

    /** A bound the benchmark records (sumMillis, longestMillis), or the seed's seconds at the default scale. */
    private static double scaled(Measurement m, java.util.function.ToDoubleFunction<Metric> f, String name, double seconds) {
        Metric metric = m.secondary().get(name);
        if (metric != null && metric.score() > 0) {
            // JMH sums EVENTS counters over an iteration: one operation per iteration here, so score = the bound.
            return f.applyAsDouble(metric);
        }
        return seconds * m.intParam("millisPerSecond", (int) DEFAULT_MS_PER_SECOND);
    }

    private void seeds(Section s, Evidence e, Measurement serial, Measurement threads) {
        Estimate speedup = serial != null && threads != null
                ? Estimate.of(serial.time()).dividedBy(Estimate.of(threads.time())) : null;
        s.seed(SeedRow.compared("sleep-downloads", "seed 000:15-200, 001:3-147",
                "three downloads of randint(3, 6) s, serial vs 3 threads; here 3, 5, 6 s at 1/20",
                new SeedRow.Published(PUBLISHED_SPEEDUP, "× (serial / 3 threads)", "macOS, \"4-core\""),
                speedup == null ? null : new SeedRow.Here(speedup, "× (serial / 3 threads)"),
                "a ratio of times: the 1/20 scale cancels"));
        StringBuilder t = new StringBuilder("| experiment | cell | figure |\n|---|---|---|\n");

        List<Measurement> busy = e.benchmark(BUSY_BENCH);
        Optional<Measurement> gilBusy = ThreadCells.find(busy, Map.of("model", ModelNames.GIL_EMULATED));
        for (Measurement m : busy) {
            t.append("| " + SEED_BUSY + " | ").append(m.model()).append(" ").append(Fmt.workers(m.workers())).append(" | ")
                    .append(Fmt.pm(Estimate.of(metric(m, "cpuPercent")))).append(" % CPU |\n");
        }
        s.seed(gilBusy.isPresent()
                ? SeedRow.compared(SEED_BUSY, "seed 002:490-529", "cpu_count() threads of x = x ^ 1: the CPU percentage",
                        new SeedRow.Published(PUBLISHED_BUSY_PERCENT, "% CPU (under the GIL)", "Mac OS X, 4 cores"),
                        new SeedRow.Here(Estimate.of(metric(gilBusy.get(), "cpuPercent")), "% CPU (gil-emulated)"),
                        "the GIL's one core does not depend on the core count: compared as is")
                : row(SEED_BUSY, ThreadLessons.BUSY_LOOP, "seed 002:490-529", "cpu_count() threads of x = x ^ 1: the CPU percentage", busy));

        List<Measurement> scans = e.benchmark(SCAN_BENCH);
        for (Measurement m : scans) {
            t.append("| " + ThreadLessons.PORT_SCAN + " | ").append(m.model()).append(" ").append(Fmt.workers(m.workers())).append(" | ")
                    .append(Fmt.pm(Estimate.of(m.time()))).append(" ms per 4,096 ports |\n");
        }
        s.seed(row(ThreadLessons.PORT_SCAN, ThreadLessons.PORT_SCAN, "seed 004:204-246", "connect attempts over 4,096 loopback ports in 16 blocks, 8 listening;"
                + " each block's open set checked", scans));

        List<Measurement> daemons = e.benchmark(DAEMON_BENCH);
        for (Measurement m : daemons) {
            t.append("| " + ThreadLessons.DAEMON_THREADS + " | ").append(m.params().getOrDefault("variant", "")).append(" | run ")
                    .append(Fmt.pm(Estimate.of(metric(m, "runMillis")))).append(" ms, after main ")
                    .append(Fmt.pm(Estimate.of(metric(m, "afterMainMillis")))).append(" ms, prints ")
                    .append(Fmt.num(metric(m, "pingPrints").score(), 0)).append(" + ")
                    .append(Fmt.num(metric(m, "pongPrints").score(), 0)).append(" |\n");
        }
        s.seed(row(ThreadLessons.DAEMON_THREADS, ThreadLessons.DAEMON_THREADS, "seed 000:202-369", "Ping/Pong display threads in a child JVM: when the program"
                + " ends, and how many lines each printed", daemons));

        List<Measurement> loops = e.benchmark(LOOP_BENCH);
        for (Measurement m : loops) {
            t.append("| responsiveness | job on ").append(m.params().getOrDefault("job", "")).append(" | frames late p99 ")
                    .append(Fmt.pm(Estimate.of(metric(m, "lateP99Millis")))).append(" ms |\n");
        }
        s.seed(row("responsiveness", ThreadLessons.RESPONSIVE_LOOP, "seed 001:276-361", "a 16 ms frame loop (the tkinter window, headless) while a"
                + " CPU-bound job runs on its thread, another thread or under the GIL: the frames' lateness", loops));

        List<Measurement> locks = e.benchmark(DEADLOCK_BENCH);
        for (Measurement m : locks) {
            t.append("| " + ThreadLessons.DEADLOCK + " | ").append(m.params().getOrDefault("order", "")).append(" | ")
                    .append(Fmt.num(metric(m, "deadlocks").score(), 1)).append(" deadlocks found per ")
                    .append(m.params().getOrDefault("runs", "50")).append(" runs, ")
                    .append(Fmt.num(metric(m, "confirmed").score(), 1)).append(" confirmed by ThreadMXBean (mean per operation) |\n");
        }
        s.seed(row(ThreadLessons.DEADLOCK, ThreadLessons.DEADLOCK, "seed 002:484-488", "two parties, two locks, opposite orders: deadlocks detected and"
                + " ended; the one-order fix", locks));

        List<Measurement> locals = e.benchmark(LOCAL_BENCH);
        for (Measurement m : locals) {
            t.append("| " + ThreadLessons.THREAD_LOCAL + " | ").append(m.params().getOrDefault("style", "")).append(" | ")
                    .append(Fmt.pm(Estimate.of(metric(m, "nsPerAccess")))).append(" ns per lookup |\n");
        }
        s.seed(row(ThreadLessons.THREAD_LOCAL, ThreadLessons.THREAD_LOCAL, "seed 002:536-630", "each thread's student by pass-down, a Thread-keyed map or a"
                + " ThreadLocal; every task's hash proves it saw only its own", locals));
        if (t.toString().lines().count() > 2) {
            s.text(t + "\nEach of these verifies its own answer in every operation (the CPU time of the spinners, every"
                    + " block's set of open ports, the prints each thread made, a wait-for cycle seen and ended, each"
                    + " task's student); the table shows what they measured.\n\n");
        }
    }

    private static SeedRow row(String id, String entry, String seeds, String description, List<Measurement> cells) {
        return cells.isEmpty() ? SeedRow.notMeasured(id, seeds, description, "not selected in this run (--workloads "
                + entry + ")") : SeedRow.measured(id, seeds, description);
    }

    private static Metric metric(Measurement m, String name) {
        Metric metric = m.secondary().get(name);
        return metric != null ? metric : new Metric(Double.NaN, Double.NaN, "", new double[0][], 0);
    }
}

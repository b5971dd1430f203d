package org.gilbench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gilbench.model.Model;
import org.gilbench.report.lesson.ThreadLessons;
import org.gilbench.run.Cell.Iterations;
import org.gilbench.run.Experiment.Listed;
import org.gilbench.workload.Downloads;
import org.gilbench.workload.PortScan;
import org.gilbench.workload.SocketIo;

/**
 * The plan entries of threads and real I/O (sockets, port scan, downloads, deadlock, thread-local, daemons,
 * the responsive loop, the busy loop, the event-loop bank) (issue 22), a part of {@link Experiments#ALL}.
 * Their names are the plan-entry constants of the reports' lessons that read them, spelled once.
 *
 * <p>Rounds. The three verdict entries — socket-io against sleep-io (lesson 3), the seeds' downloads
 * (serial against three threads) and the event loop's bank with and without a suspension point (lesson 6)
 * — are measured in rounds 1 and 2 of the quick profile: a verdict needs two independent forks, a third
 * would cost ~15 s. The others are shown, not judged (a CPU percentage, a frame's lateness, a count of
 * deadlocks found, ns per lookup, who a daemon cut off): round 1 only. Full: every round.
 *
 * <p>Costs (estimates for the ETA and time limits; 2 cores, shared): socket-io ~1 s for its server's child
 * JVM plus ceil(tasks / pool) waves of {@code millis}; the downloads 0.7 s serial, 0.3 s on 3 threads at
 * 1/20; the bank ~15 ms (all deposits at once) and ~1.1 s serialised; a port scan of 4,096 loopback ports
 * ~0.15 s; busy-loop its 0.5 s window; daemon-threads a child JVM (~0.6 s); the responsive loop 40 frames
 * of 16 ms; deadlock 50 runs of ~5 ms; thread-local 10^7 lookups, ~30 ms.
 */
final class ThreadExperiments {

    private ThreadExperiments() {
    }

    private static final String BENCH = "org.gilbench.bench.";

    /** Exact answers (a balance, a count) and short operations: 1 warm-up, 3 measured per fork. */
    private static final Iterations COUNTED = Iterations.singleShot(1, 3);
    private static final Iterations COUNTED_FULL = Iterations.singleShot(1, 5);
    /** I/O: no JIT warm-up needed; the first operation creates the threads and the connections' code paths. */
    private static final Iterations IO = Iterations.singleShot(1, 2);
    private static final Iterations IO_FULL = Iterations.singleShot(1, 5);
    /** Verdict entries: rounds 1 and 2 in quick (two forks), every round in full. */
    private static final int VERDICT_ROUNDS = 2;

    /** The entries that are not a workload: {@code --workloads} accepts their names too. */
    static final List<String> LESSONS = List.of(ThreadLessons.SUSPENSION_BANK, ThreadLessons.BUSY_LOOP,
            ThreadLessons.DAEMON_THREADS, ThreadLessons.RESPONSIVE_LOOP, ThreadLessons.DEADLOCK,
            ThreadLessons.THREAD_LOCAL);

    /** Pools at which socket-io is paired with sleep-io's cells of the same params (SleepSweep's quick cells). */
    private static final int SMALL_POOL = 16;
    private static final int UNBOUNDED = 1_000_000;

    private static Map<String, String> p(String... nameValue) {
        return Cell.paramsOf(nameValue);
    }

    /**
     * socket-io beside sleep-io's cells of the same model, workers, tasks and millis: a pool of 16 over the
     * seeds' 100 downloads (7 waves), 1,000 at once on virtual threads and 10 at once on the event loop. Full
     * adds the GIL's pool, both at 10 and 1,000, and 10,000 connections (where the accept queue overflows).
     */
    private static List<Map<String, String>> socketCells(Selection s) {
        List<Map<String, String>> out = new ArrayList<>();
        boolean full = s.profile() == Profile.FULL;
        for (String model : s.models()) {
            Model m = Model.named(model);
            if (m == Model.THREAD_POOL || full && m == Model.GIL_EMULATED) {
                out.add(p("model", model, "workers", "" + SMALL_POOL, "tasks", "100", "millis", "100"));
            } else if (m == Model.VIRTUAL_THREAD || m == Model.EVENT_LOOP) {
                // Quick: virtual threads at 1,000 (where a 2-core machine's CPU binds: ~0.2-0.3 ms of CPU per
                // request, so the lesson reports it as bound by the cores), the event loop at 10 (bound by the
                // wait, so judged); full measures both at 10, 1,000 and 10,000.
                if (full || m == Model.EVENT_LOOP) {
                    out.add(p("model", model, "workers", "" + UNBOUNDED, "tasks", "10", "millis", "100"));
                }
                if (full || m == Model.VIRTUAL_THREAD) {
                    out.add(p("model", model, "workers", "" + UNBOUNDED, "tasks", "1000", "millis", "100"));
                }
                if (full) {
                    out.add(p("model", model, "workers", "" + UNBOUNDED, "tasks", "10000", "millis", "100"));
                }
            }
        }
        return out;
    }

    private static double socketSeconds(Map<String, String> params) {
        long tasks = Long.parseLong(params.get("tasks"));
        long pool = Long.parseLong(params.get("workers"));
        long waves = (tasks + pool - 1) / pool;
        // + the server's child JVM (~1 s, once per fork, spread over 3 operations) and ~0.3 ms per request.
        return waves * Long.parseLong(params.get("millis")) / 1000.0 + tasks * 0.0003 + 0.35;
    }

    /** The seeds' downloads: serial (the 14 s) and three threads (the 6 s); full adds the others at 3 workers. */
    private static List<Map<String, String>> downloadCells(Selection s) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String model : s.models()) {
            Model m = Model.named(model);
            if (m.isSerial()) {
                out.add(p("model", model, "workers", "1"));
            } else if (m == Model.THREAD_POOL || s.profile() == Profile.FULL) {
                out.add(p("model", model, "workers", "" + Downloads.SEED_SECONDS.size()));
            }
        }
        return out;
    }

    /** The event loop's bank at the seed's pool of 16, the sleep between the read and the write, or after it. */
    private static List<Map<String, String>> suspensionCells(Selection s) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String model : s.models()) {
            Model m = Model.named(model);
            if (m == Model.EVENT_LOOP || s.profile() == Profile.FULL && (m == Model.GIL_EMULATED || m == Model.THREAD_POOL)) {
                for (String where : List.of("between", "after")) {
                    out.add(p("model", model, "workers", "16", "suspension", where));
                }
            }
        }
        return out;
    }

    /** One model at the core count, when selected. */
    private static List<Map<String, String>> atCores(Selection s, List<Model> models, String... more) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Model m : models) {
            if (s.hasModel(m.label())) {
                Map<String, String> params = new java.util.TreeMap<>(p(more));
                params.put("model", m.label());
                params.put("workers", m.isSerial() ? "1" : "" + s.cores());
                out.add(params);
            }
        }
        return out;
    }

    static final List<Experiment> ALL = List.of(
            // Lesson 3: does blocking on a socket behave like sleeping? Paired with sleep-io's cells.
            new Listed(ThreadLessons.SOCKET_IO, BENCH + "SocketIoBenchmark.socketIo",
                    "sleep-io's downloads as TCP requests to a loopback delay server (a child JVM)",
                    s -> s.hasWorkload(SocketIo.NAME), ThreadExperiments::socketCells, ThreadExperiments::socketSeconds,
                    IO, IO_FULL, VERDICT_ROUNDS, 0),
            // Seeds 000/001: three downloads of 3, 5, 6 s at 1/20, serially (the published 14.018 s) and in three
            // threads (6.004 s).
            new Listed(ThreadLessons.DOWNLOADS, BENCH + "DownloadsBenchmark.downloads",
                    "the seeds' three downloads (3, 5, 6 s at 1/20): serial against three threads",
                    s -> s.hasWorkload(Downloads.NAME), ThreadExperiments::downloadCells,
                    params -> params.get("workers").equals("1") ? 0.71 : 0.31, IO, IO_FULL, VERDICT_ROUNDS, 0),
            // Lesson 6: the event loop's bank loses updates only when the await lies between the read and the write.
            new Listed(ThreadLessons.SUSPENSION_BANK, BENCH + "SuspensionBankBenchmark.bank",
                    "lesson 5's bank on the event loop: the 10 ms sleep between the read and the write, or after it",
                    s -> s.hasWorkload(ThreadLessons.SUSPENSION_BANK), ThreadExperiments::suspensionCells,
                    params -> 0.02, COUNTED, COUNTED_FULL, VERDICT_ROUNDS, 0),
            // Seed 004: the scan is kernel work, not waiting: one thread against the cores (shown, round 1).
            new Listed(ThreadLessons.PORT_SCAN, BENCH + "PortScanBenchmark.portScan",
                    "connect attempts over 4,096 loopback ports, 8 listening, in 16 blocks",
                    s -> s.hasWorkload(PortScan.NAME),
                    s -> {
                        List<Map<String, String>> out = new ArrayList<>();
                        if (s.hasModel(Model.THREAD_POOL_NAME)) {
                            out.add(p("model", Model.THREAD_POOL_NAME, "workers", "1"));
                        }
                        out.addAll(atCores(s, List.of(Model.THREAD_POOL, Model.GIL_EMULATED)));
                        return out;
                    },
                    params -> 0.15, COUNTED, COUNTED_FULL, 1, 0),
            // Seed 002: cpu_count() spinners; CPython showed 102 %.
            new Listed(ThreadLessons.BUSY_LOOP, BENCH + "BusyLoopBenchmark.spin",
                    "cpu_count() threads of x = x ^ 1 for 0.5 s: the CPU percentage",
                    s -> s.hasWorkload(ThreadLessons.BUSY_LOOP),
                    s -> atCores(s, List.of(Model.THREAD_POOL, Model.GIL_EMULATED), "windowMillis", "500"),
                    params -> 0.55, Iterations.singleShot(1, 2), COUNTED_FULL, 1, 0),
            // Seed 000: daemon threads die with main; non-daemon ones keep the program alive.
            new Listed(ThreadLessons.DAEMON_THREADS, BENCH + "DaemonThreadsBenchmark.program",
                    "Ping/Pong display threads in a child JVM: a daemon and a bounded non-daemon thread",
                    s -> s.hasWorkload(ThreadLessons.DAEMON_THREADS), s -> List.of(p("variant", "mixed")),
                    params -> 1.2, COUNTED, COUNTED_FULL, 1, 0),
            // Seed 001: the window freezes while its own thread computes; another thread keeps it responsive.
            new Listed(ThreadLessons.RESPONSIVE_LOOP, BENCH + "ResponsiveLoopBenchmark.frames",
                    "a 16 ms frame loop beside a CPU-bound job: on the loop's thread, another thread, under the GIL",
                    s -> s.hasWorkload(ThreadLessons.RESPONSIVE_LOOP),
                    s -> List.of(p("job", "same-thread"), p("job", "thread"), p("job", "gil-thread")),
                    params -> 0.7, Iterations.singleShot(1, 2), COUNTED_FULL, 1, 0),
            // Seed 002: two locks taken in opposite orders; every deadlock found and ended.
            new Listed(ThreadLessons.DEADLOCK, BENCH + "DeadlockBenchmark.deadlocks",
                    "two parties, two locks, opposite orders (and the one-order fix): deadlocks found and ended",
                    s -> s.hasWorkload(ThreadLessons.DEADLOCK),
                    s -> {
                        List<Map<String, String>> out = new ArrayList<>(atCores(s, List.of(Model.THREAD_POOL), "order", "opposite"));
                        out.addAll(atCores(s, List.of(Model.THREAD_POOL), "order", "one-order"));
                        return out;
                    },
                    params -> 0.4, COUNTED, COUNTED_FULL, 1, 0),
            // Seed 002: pass-down, a dict keyed by the thread, threading.local(): what each lookup costs.
            new Listed(ThreadLessons.THREAD_LOCAL, BENCH + "ThreadLocalBenchmark.access",
                    "each thread's student by pass-down, a Thread-keyed map or a ThreadLocal: ns per lookup",
                    s -> s.hasWorkload(ThreadLessons.THREAD_LOCAL),
                    s -> {
                        List<Map<String, String>> out = new ArrayList<>();
                        for (String style : List.of("pass-down", "thread-dict", "thread-local")) {
                            out.addAll(atCores(s, List.of(Model.THREAD_POOL), "style", style));
                        }
                        return out;
                    },
                    params -> 0.05, Iterations.singleShot(3, 3), COUNTED_FULL, 1, 0));
}

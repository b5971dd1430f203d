package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.chart.PairedBarChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 3, with real sockets (issue 22): does blocking on a socket behave like sleeping? socket-io
 * sends sleep-io's downloads as TCP requests over loopback to a delay server (a child JVM) that answers each
 * after {@code millis} ms; each cell is paired with sleep-io's cell of the same model, workers, tasks and
 * millis, and the ratio socket / sleep (Welch–Satterthwaite over the forks) is the answer. The seeds fake
 * their downloads with {@code time.sleep} (seed 000:48-60, 001:137-150); this checks the fake.
 *
 * <p>Verdict:
 * <ul>
 *   <li>contradicts — some socket-io operation was faster than the server's delay allows
 *       (ceil(tasks / workers) waves of {@code millis}, times {@link #FLOOR_FACTOR}): the requests did not
 *       wait on the server (the counter a fake model cannot produce: the time the server held each reply;
 *       every reply is also checked to carry the server's answer); or a pair's whole interval lies above
 *       {@link #MAX_SOCKET_OVER_SLEEP};</li>
 *   <li>confirms — every pair's interval lies below {@link #MAX_SOCKET_OVER_SLEEP}, both cells of every pair
 *       rest on ≥ {@link #MIN_FORKS} forks, none on disturbed attempts only, and no socket-io cell failed;</li>
 *   <li>too-noisy — otherwise (an interval straddling the threshold, one fork, disturbed-only cells, or a
 *       failed cell, which is named);</li>
 *   <li>not-measured — no socket-io cell with its sleep-io partner.</li>
 * </ul>
 */
public final class SocketIoLesson implements Lesson {

    static final String SOCKET_BENCH = "SocketIoBenchmark.socketIo";
    static final String SLEEP_BENCH = Workloads.SLEEP_IO_BENCH;

    /**
     * A socket that blocks like a sleep adds a loopback connect, one write and one read per request (~0.1-0.3
     * ms, phase 1's measurements) and the hand-offs: under 5% of a 100 ms wave. 1.25 leaves room for a shared
     * 2-core machine's scheduling (sleep-io's own forks vary by ~10% here) and still catches a model whose
     * socket calls serialise (a pool of 16 over 100 requests: 7 waves, so 1 ms of lost overlap per request
     * would already be 1.7x).
     */
    public static final double MAX_SOCKET_OVER_SLEEP = 1.25;

    /** The server holds each reply at least {@code millis}: an operation below 99% of the waves did not wait (1% for the clock). */
    public static final double FLOOR_FACTOR = 0.99;

    /**
     * A cell is bound by the machine's cores, not by the wait, when its CPU per operation (the client JVM's and
     * the server JVM's, {@code clientCpuMillis + serverCpuMillis}, medians), spread perfectly over every core,
     * takes longer than this share of the server's floor. Why this share: the work of a download (connect,
     * accept, request, reply, close, and the kernel's loopback work on each side) adds to the wait — every
     * request is sent before its wait starts and read after it ends — so socket-io takes at least floor +
     * CPU / cores; above (MAX_SOCKET_OVER_SLEEP − 1) × floor the band cannot be met however well the waits
     * overlap, and the ratio measures the cores. Such a cell is where socket I/O stops behaving like a
     * sleep on this machine (said so, not judged as overlap); the verdict rests on the other cells.
     */
    public static final double CPU_BOUND_SHARE = MAX_SOCKET_OVER_SLEEP - 1;

    /** Independent forks per cell before a ratio may decide (issue 18). */
    public static final int MIN_FORKS = 2;

    @Override
    public int number() {
        return 3;
    }

    @Override
    public String id() {
        return "socket-io-like-sleep";
    }

    @Override
    public String title() {
        return "Blocking on a socket behaves like sleeping";
    }

    @Override
    public List<String> evidence() {
        return List.of(ThreadLessons.SOCKET_IO, PlanEntries.SLEEP_IO, ThreadLessons.CPYTHON_SOCKET_IO);
    }

    @Override
    public String rule() {
        return "*Lesson 3, sockets* (socket-io against sleep-io of the same model, workers, tasks and millis): confirms"
                + " when every pair's 95% interval of socket / sleep lies below " + MAX_SOCKET_OVER_SLEEP + "×, each cell"
                + " on ≥ " + MIN_FORKS + " forks and none disturbed-only or failed; contradicts when a pair's interval lies"
                + " wholly above it, or an operation was faster than " + FLOOR_FACTOR + " × ceil(tasks / workers) ×"
                + " millis (the server's delay: the requests did not wait on it).";
    }

    /** One socket-io cell and its sleep-io partner (null when that was not measured). */
    record Pair(Measurement socket, Measurement sleep) {
        String label() {
            long tasks = Long.parseLong(socket.params().getOrDefault("tasks", "1"));
            String pool = socket.workers() >= tasks ? "no pool limit" : Fmt.workers(socket.workers());
            return socket.model() + " " + pool + ", " + tasks + " × " + socket.params().get("millis") + " ms";
        }

        /** The machine's CPU per operation, ms: client JVM + server JVM (medians; NaN where either is unknown). */
        double cpuMs() {
            double client = Estimate.median(ThreadCells.values(socket, "clientCpuMillis"));
            double server = Estimate.median(ThreadCells.values(socket, "serverCpuMillis"));
            return client < 0 || server < 0 ? Double.NaN : client + server;
        }

        /** Bound by the cores ({@link #CPU_BOUND_SHARE}); false where the CPU is unknown. */
        boolean cpuBound(int cores) {
            return cpuMs() / Math.max(1, cores) > CPU_BOUND_SHARE * floorMs();
        }

        double floorMs() {
            long tasks = Long.parseLong(socket.params().get("tasks"));
            long pool = Math.max(1, socket.workers());
            return (tasks + pool - 1) / pool * Double.parseDouble(socket.params().get("millis"));
        }

        Estimate ratio() {
            return Estimate.of(socket.time()).dividedBy(Estimate.of(sleep.time()));
        }
    }

    static List<Pair> pairs(Evidence e) {
        List<Measurement> sleeps = e.benchmark(SLEEP_BENCH);
        List<Pair> out = new ArrayList<>();
        for (Measurement s : e.benchmark(SOCKET_BENCH)) {
            Optional<Measurement> partner = ThreadCells.find(sleeps, Map.of("model", s.model(), "workers",
                    "" + s.workers(), "tasks", s.params().getOrDefault("tasks", ""), "millis",
                    s.params().getOrDefault("millis", "")));
            out.add(new Pair(s, partner.orElse(null)));
        }
        return out;
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Pair> pairs = pairs(e);
        decide(s, pairs, ThreadCells.failed(e, SOCKET_BENCH), e.cores());
        s.text("The seeds download by sleeping: `time.sleep(randint(3, 6))` stands in for the network. Here the"
                + " downloads are real TCP requests over loopback to a delay server (one NIO thread in a child JVM) that"
                + " answers each after `millis` ms, beside sleep-io's cells of the same shape. If a blocked socket call is"
                + " like a sleep — the thread parks, the GIL is released, the event loop's selector waits — the times"
                + " match.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        List<Pair> complete = pairs.stream().filter(p -> p.sleep() != null).toList();
        if (complete.isEmpty()) {
            return s;
        }
        List<String> labels = complete.stream().map(Pair::label).toList();
        Map<String, List<Estimate>> series = new LinkedHashMap<>();
        series.put("sleep-io (time.sleep)", complete.stream().map(p -> Estimate.of(p.sleep().time())).toList());
        series.put("socket-io (TCP request)", complete.stream().map(p -> Estimate.of(p.socket().time())).toList());
        s.chart("socket-io-vs-sleep-io", "time per operation of socket-io beside sleep-io, per model",
                () -> List.of(PairedBarChart.create("Blocking on a socket vs sleeping", "time per operation (ms)", labels,
                        series)));
        StringBuilder t = new StringBuilder("| cell | sleep-io (ms) | socket-io (ms) | socket / sleep | server's floor (ms)"
                + " | CPU per op, client + server (ms) | bound by | slow connects | accept-queue overflows |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (Pair p : complete) {
            t.append("| ").append(p.label()).append(" | ").append(Fmt.pm(Estimate.of(p.sleep().time()))).append(" | ")
                    .append(Fmt.pm(Estimate.of(p.socket().time()))).append(" | ").append(ThreadCells.ratio(p.ratio()))
                    .append(" | ").append(Fmt.num(p.floorMs(), 0)).append(" | ")
                    .append(Fmt.num(Estimate.median(ThreadCells.values(p.socket(), "clientCpuMillis")), 0)).append(" + ")
                    .append(Fmt.num(Estimate.median(ThreadCells.values(p.socket(), "serverCpuMillis")), 0)).append(" | ")
                    .append(Double.isNaN(p.cpuMs()) ? Fmt.NONE : p.cpuBound(e.cores()) ? "the cores" : "the wait")
                    .append(" | ").append(sum(ThreadCells.values(p.socket(), "slowConnects"))).append(" | ")
                    .append(sum(ThreadCells.values(p.socket(), "listenOverflows"))).append(" |\n");
        }
        s.text(t + "\n");
        List<Measurement> cpython = e.benchmark(ThreadLessons.CPYTHON_SOCKET_IO);
        if (!cpython.isEmpty()) {
            StringBuilder c = new StringBuilder("CPython (`cpython/gilbench_threads.py`, its own asyncio delay server),"
                    + " shown beside, not judged:\n\n| interpreter | model | downloads | time (ms) | server's floor (ms) |\n"
                    + "|---|---|---|---|---|\n");
            for (Measurement m : cpython) {
                long tasks = Long.parseLong(m.params().getOrDefault("tasks", "1"));
                long pool = Math.max(1, m.workers());
                c.append("| ").append(m.params().getOrDefault("python", "?")).append(" | ").append(m.model()).append(" ")
                        .append(Fmt.workers(m.workers())).append(" | ").append(tasks).append(" × ")
                        .append(m.params().getOrDefault("millis", "?")).append(" ms | ")
                        .append(Fmt.pm(Estimate.of(m.time()))).append(" | ")
                        .append(Fmt.num((tasks + pool - 1) / pool * Double.parseDouble(m.params().getOrDefault("millis",
                                "0")), 0)).append(" |\n");
            }
            s.text(c + "\n");
        }
        s.text("Slow connects are this JVM's connects slower than 0.5 s (a SYN dropped by a full accept queue and"
                + " retried after 1 s): where thousands of connections at once stop behaving like sleeps. The floor is"
                + " the server's delay times the waves a pool of that size needs; the server's CPU is its child JVM's"
                + " own, per operation (a model that never reached the server leaves it near 0). A cell is bound by the"
                + " cores when its CPU per operation (client + server) over the " + e.cores() + " cores exceeds "
                + Fmt.num(CPU_BOUND_SHARE * 100, 0) + "% of its floor: every request's work adds to its wait, so such"
                + " a cell cannot stay within " + MAX_SOCKET_OVER_SLEEP + "× however well the waits overlap — that is"
                + " where sockets stop behaving like sleeps on this machine, and the overlap is judged on the other"
                + " cells.\n\n");
        return s;
    }

    private static String sum(double[] values) {
        if (values.length == 0) {
            return Fmt.NONE;
        }
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return Fmt.num(total, 0);
    }

    /** The verdict (see the class comment). */
    static void decide(Section s, List<Pair> pairs, List<String> failed, int cores) {
        List<Pair> measured = pairs.stream().filter(p -> p.sleep() != null).toList();
        s.number("socketPairs", measured.size());
        List<Pair> cpuBound = measured.stream().filter(p -> p.cpuBound(cores)).toList();
        List<Pair> complete = measured.stream().filter(p -> !p.cpuBound(cores)).toList();
        s.number("socketCpuBound", cpuBound.size());
        String stops = cpuBound.isEmpty() ? "" : "; bound by the " + cores + " cores, not judged: " + cpuBound.stream()
                .map(p -> p.label() + " (" + Fmt.num(p.cpuMs(), 0) + " ms of CPU per op, " + ThreadCells.ratio(p.ratio())
                        + ")").reduce((a, b) -> a + ", " + b).orElse("");
        for (Pair p : pairs) {
            double fastest = ThreadCells.fastest(p.socket());
            if (fastest < FLOOR_FACTOR * p.floorMs()) {
                s.verdict(Verdict.CONTRADICTS, p.label() + ": an operation took " + Fmt.num(fastest, 1) + " ms, under the"
                        + " server's " + Fmt.num(p.floorMs(), 0) + " ms (its delay × the waves): the requests did not"
                        + " wait on the server");
                return;
            }
        }
        if (complete.isEmpty() && !measured.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, "every pair is bound by the cores, none by the wait" + stops);
            return;
        }
        if (complete.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, failed.isEmpty()
                    ? "needs " + SOCKET_BENCH + " cells and the " + SLEEP_BENCH + " cells of the same params (run"
                    + " --workloads " + ThreadLessons.SOCKET_IO + "," + PlanEntries.SLEEP_IO + ")"
                    : failed.get(0));
            return;
        }
        Pair worst = null;
        for (Pair p : complete) {
            Estimate r = p.ratio();
            s.number("socketOverSleep." + Fmt.slug(p.label()), r.value());
            if (worst == null || r.value() > worst.ratio().value()) {
                worst = p;
            }
            if (r.restsOnForks(MIN_FORKS) && !r.fallback() && r.low() > MAX_SOCKET_OVER_SLEEP) {
                s.verdict(Verdict.CONTRADICTS, p.label() + ": socket-io took " + ThreadCells.ratio(r) + " sleep-io's"
                        + " time, wholly above " + MAX_SOCKET_OVER_SLEEP + "×: blocking on this socket does not overlap"
                        + " like a sleep" + stops);
                return;
            }
        }
        String summary = "socket / sleep " + complete.stream().map(p -> p.socket().model() + " "
                + ThreadCells.ratio(p.ratio())).reduce((a, b) -> a + ", " + b).orElse("") + stops;
        if (!failed.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, summary + "; but " + failed.get(0));
            return;
        }
        for (Pair p : complete) {
            Estimate r = p.ratio();
            if (!r.restsOnForks(MIN_FORKS) || r.fallback()) {
                s.verdict(Verdict.TOO_NOISY, summary + "; " + p.label() + " rests on "
                        + (r.fallback() ? "disturbed attempts only" : "fewer than " + MIN_FORKS + " forks"));
                return;
            }
            if (!(r.high() < MAX_SOCKET_OVER_SLEEP)) {
                s.verdict(Verdict.TOO_NOISY, summary + "; " + p.label() + "'s interval reaches " + MAX_SOCKET_OVER_SLEEP
                        + "× or beyond");
                return;
            }
        }
        s.verdict(Verdict.CONFIRMS, summary + ": every interval below " + MAX_SOCKET_OVER_SLEEP + "×, and every"
                + " operation waited at least the server's delay");
    }
}

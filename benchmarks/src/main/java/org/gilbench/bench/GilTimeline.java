package org.gilbench.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gilbench.model.Gil;
import org.gilbench.model.GilLog;
import org.gilbench.model.GilThreadState;
import org.gilbench.workload.CountLoop;

/**
 * The GIL made visible (Beazley's picture): short scenarios run under an emulated {@link Gil} with its
 * {@link GilLog} on, each written as one lane per thread — running, waiting for the GIL, blocked — with
 * the drop requests marked.
 *
 * <p>Scenarios, each in interval mode (CPython 3.2+, 5 ms) and ticks mode (CPython 2, 100 ticks):
 * {@code cpu-cpu} — two CPU-bound threads (count-loop); {@code cpu-io} — one CPU-bound thread and one
 * that sleeps 1 ms, then computes ~10 µs, in a loop (an I/O-bound thread). Interval scenarios last
 * 300 ms, ticks scenarios 60 ms (a tick release every ~1 µs makes ~10^6 events a second).
 *
 * <p>Output, under {@code OUT_DIR/gil-timeline/}:
 * <ul>
 *   <li>{@code <scenario>.trace.json}: Chrome trace-event JSON ({@code {"traceEvents": [...],
 *       "displayTimeUnit": "ms"}}) — "M" thread_name metadata, one "X" complete event per span (name =
 *       state, ts/dur in µs, tid = thread), one "i" instant event per drop request. Opens in Perfetto
 *       (ui.perfetto.dev) or chrome://tracing.</li>
 *   <li>{@code <scenario>.json}: the same, compact, for the report's chart: {@code {"scenario",
 *       "mode", "intervalUs", "ticks", "durationMs", "threads": [{"name", "spans": [[startMs, endMs,
 *       "running"|"waiting"|"blocked"], ...]}], "dropRequests": [{"thread", "ms"}], "switches",
 *       "forcedDrops", "dropRequestCount", "droppedEvents", "mergedShortSpans"}}.</li>
 * </ul>
 * Spans shorter than {@link #MIN_SPAN_US} are merged into the span before them (ticks mode's
 * release-and-retake every µs would otherwise be a million slivers); {@code mergedShortSpans} counts them.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.gilbench.bench.GilTimeline OUT_DIR} (~1 s in all).
 */
public final class GilTimeline {

    /** Spans shorter than this many µs are folded into the previous one. */
    static final double MIN_SPAN_US = 2;
    private static final int LOG_CAPACITY = 1 << 20;

    private GilTimeline() {
    }

    /** One scenario: a name, a GIL and which threads run. */
    record Scenario(String name, Gil.Mode mode, long runMs, List<String> threads) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("cpu-cpu-interval", Gil.Mode.INTERVAL, 300, List.of("cpu-1", "cpu-2")),
            new Scenario("cpu-io-interval", Gil.Mode.INTERVAL, 300, List.of("cpu", "io")),
            new Scenario("cpu-cpu-ticks", Gil.Mode.TICKS, 60, List.of("cpu-1", "cpu-2")),
            new Scenario("cpu-io-ticks", Gil.Mode.TICKS, 60, List.of("cpu", "io")));

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp benchmarks.jar org.gilbench.bench.GilTimeline OUT_DIR");
            System.exit(2);
        }
        try {
            Path dir = Path.of(args[0]).resolve("gil-timeline");
            Files.createDirectories(dir);
            for (Scenario s : SCENARIOS) {
                Map<String, Object> compact = run(s);
                write(dir, s.name(), compact);
                System.out.println("gil-timeline " + s.name() + ": " + compact.get("summary"));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("gil-timeline: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("gil-timeline: interrupted");
            System.exit(1);
        }
    }

    /** Runs one scenario and returns its compact form (the trace is derived from it). */
    static Map<String, Object> run(Scenario s) throws InterruptedException {
        GilLog log = new GilLog(LOG_CAPACITY);
        Gil gil = new Gil(s.mode(), Gil.DEFAULT_INTERVAL_US, TimeUnit.MICROSECONDS, Gil.DEFAULT_TICKS, log);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : s.threads()) {
            GilThreadState ts = gil.newThreadState(name);
            boolean io = name.equals("io");
            threads.add(Thread.ofPlatform().name("gil-timeline-" + name).daemon(true).start(() -> {
                try {
                    ts.attach();
                    while (!stop.get()) {
                        if (io) {
                            ts.beforeBlocking();
                            try {
                                Thread.sleep(1);
                            } finally {
                                ts.afterBlocking();
                            }
                            CountLoop.calc(4_000, ts); // ~10 µs handling the "response"
                        } else {
                            CountLoop.calc(20_000, ts);
                        }
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    ts.detach();
                }
            }));
        }
        Thread.sleep(s.runMs());
        stop.set(true);
        for (Thread t : threads) {
            t.join(5_000);
            if (t.isAlive()) {
                gil.close();
                throw new IllegalStateException(s.name() + ": thread " + t.getName() + " did not stop");
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException(s.name() + ": " + failure.get(), failure.get());
        }
        Map<String, Object> out = timeline(s, log);
        Map<String, Long> c = gil.counters();
        out.put("switches", c.get(Gil.SWITCHES));
        out.put("forcedDrops", c.get(Gil.FORCED_DROPS));
        out.put("dropRequestCount", c.get(Gil.DROP_REQUESTS));
        return out;
    }

    /** Turns the log into lanes of spans. */
    static Map<String, Object> timeline(Scenario s, GilLog log) {
        List<String> names = log.threadNames();
        List<List<Object[]>> spans = new ArrayList<>();
        String[] state = new String[names.size()];
        double[] since = new double[names.size()];
        for (int i = 0; i < names.size(); i++) {
            spans.add(new ArrayList<>());
        }
        List<Map<String, Object>> requests = new ArrayList<>();
        int[] merged = {0};
        double end = 0;
        List<GilLog.Event> events = log.events();
        // Time 0 is the first event (a thread's first take), not the log's creation before thread start-up.
        long origin = events.isEmpty() ? 0 : events.get(0).nanos();
        for (GilLog.Event e : events) {
            int t = e.thread();
            double ms = (e.nanos() - origin) / 1e6;
            end = Math.max(end, ms);
            String next = switch (e.kind()) {
                case WAIT, FORCED_DROP -> "waiting";
                case TAKE -> "running";
                case RELEASE -> "blocked";
                case DROP_REQUEST -> null;
            };
            if (next == null) {
                requests.add(Map.of("thread", names.get(t), "ms", round(ms)));
                continue;
            }
            if (state[t] != null && !state[t].equals(next)) {
                addSpan(spans.get(t), since[t], ms, state[t], merged);
            }
            if (state[t] == null || !state[t].equals(next)) {
                state[t] = next;
                since[t] = ms;
            }
        }
        // A thread's last state lasts until its last event; a final release ("blocked") is its end.
        for (int t = 0; t < names.size(); t++) {
            if (state[t] != null && !state[t].equals("blocked")) {
                addSpan(spans.get(t), since[t], end, state[t], merged);
            }
        }
        List<Map<String, Object>> lanes = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            Map<String, Object> lane = new LinkedHashMap<>();
            lane.put("name", names.get(t));
            List<Object[]> rounded = new ArrayList<>();
            for (Object[] sp : spans.get(t)) {
                rounded.add(new Object[] {round((double) sp[0]), round((double) sp[1]), sp[2]});
            }
            lane.put("spans", rounded);
            lanes.add(lane);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", s.name());
        out.put("mode", s.mode().label());
        out.put("intervalUs", Gil.DEFAULT_INTERVAL_US);
        out.put("ticks", Gil.DEFAULT_TICKS);
        out.put("durationMs", round(end));
        out.put("threads", lanes);
        out.put("dropRequests", requests);
        out.put("droppedEvents", log.dropped());
        out.put("mergedShortSpans", merged[0]);
        out.put("summary", summary(lanes, requests.size(), end));
        return out;
    }

    /** Adds [from, to, state], folding a span shorter than {@link #MIN_SPAN_US} into the previous one. */
    private static void addSpan(List<Object[]> lane, double from, double to, String state, int[] merged) {
        if (!lane.isEmpty()) {
            Object[] prev = lane.get(lane.size() - 1);
            if ((to - from) * 1000 < MIN_SPAN_US || prev[2].equals(state)) {
                prev[1] = to;
                merged[0] += (to - from) * 1000 < MIN_SPAN_US ? 1 : 0;
                return;
            }
        }
        lane.add(new Object[] {from, to, state});
    }

    /** Per thread: share of time running, median waiting span; what the picture shows, in words. */
    @SuppressWarnings("unchecked")
    private static String summary(List<Map<String, Object>> lanes, int requests, double endMs) {
        StringBuilder sb = new StringBuilder(String.format("%.0f ms, %d drop requests", endMs, requests));
        for (Map<String, Object> lane : lanes) {
            double running = 0;
            List<Double> waits = new ArrayList<>();
            int slices = 0;
            for (Object[] sp : (List<Object[]>) lane.get("spans")) {
                double d = (double) sp[1] - (double) sp[0];
                if (sp[2].equals("running")) {
                    running += d;
                    slices++;
                } else if (sp[2].equals("waiting")) {
                    waits.add(d);
                }
            }
            waits.sort(null);
            sb.append(String.format("; %s running %.0f%% in %d slices, median wait %.3f ms", lane.get("name"),
                    100 * running / Math.max(endMs, 1e-9), slices, waits.isEmpty() ? 0 : waits.get(waits.size() / 2)));
        }
        return sb.toString();
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    /** Writes {@code <name>.json} (compact) and {@code <name>.trace.json} (Chrome trace events). */
    @SuppressWarnings("unchecked")
    static void write(Path dir, String name, Map<String, Object> compact) throws IOException {
        ObjectMapper json = new ObjectMapper();
        json.writeValue(dir.resolve(name + ".json").toFile(), compact);
        List<Map<String, Object>> events = new ArrayList<>();
        List<Map<String, Object>> lanes = (List<Map<String, Object>>) compact.get("threads");
        Map<String, Integer> tids = new LinkedHashMap<>();
        for (int t = 0; t < lanes.size(); t++) {
            String thread = (String) lanes.get(t).get("name");
            tids.put(thread, t + 1);
            events.add(Map.of("name", "thread_name", "ph", "M", "pid", 1, "tid", t + 1, "args", Map.of("name", thread)));
            for (Object[] sp : (List<Object[]>) lanes.get(t).get("spans")) {
                double from = (double) sp[0];
                double to = (double) sp[1];
                events.add(Map.of("name", sp[2], "cat", "gil", "ph", "X", "pid", 1, "tid", t + 1,
                        "ts", from * 1000, "dur", (to - from) * 1000));
            }
        }
        for (Map<String, Object> r : (List<Map<String, Object>>) compact.get("dropRequests")) {
            events.add(Map.of("name", "drop request", "cat", "gil", "ph", "i", "s", "t", "pid", 1,
                    "tid", tids.get((String) r.get("thread")), "ts", (double) r.get("ms") * 1000));
        }
        events.add(Map.of("name", "process_name", "ph", "M", "pid", 1, "args", Map.of("name", "gil " + name)));
        Map<String, Object> trace = new LinkedHashMap<>();
        trace.put("traceEvents", events);
        trace.put("displayTimeUnit", "ms");
        json.writeValue(dir.resolve(name + ".trace.json").toFile(), trace);
    }
}

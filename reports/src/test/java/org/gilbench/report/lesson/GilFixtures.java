package org.gilbench.report.lesson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extra files of a results folder for the GIL and CPython lessons' tests, added to a folder written by
 * {@link JmhJson}: CPython cells under {@code cpython/round-1/}, switch-interval sweep cells under
 * {@code jmh/round-1/sweep.json}, GIL timelines under {@code gil-timeline/}.
 */
public final class GilFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode cpython = JSON.createArrayNode();
    private final ArrayNode sweep = JSON.createArrayNode();
    private final Map<String, ObjectNode> timelines = new TreeMap<>();

    /** A CPython prime-check cell (list x1, CPython 3.11.7); {@code ms} one fork's operations. */
    public GilFixtures cpythonPrime(String model, int workers, double... ms) {
        cell(cpython, "cpython.prime-check", "ss", Map.of("model", model, "workers", "" + workers, "variant", "seed",
                "listMultiple", "1", "python", "3.11.7", "build", "default"), ms);
        return this;
    }

    /** A CPython sleep-io cell of 100 ms sleeps. */
    public GilFixtures cpythonSleep(int workers, int tasks, double... ms) {
        cell(cpython, "cpython.sleep-io", "ss", Map.of("model", "cpython-threads", "workers", "" + workers,
                "tasks", "" + tasks, "millis", "100", "python", "3.11.7", "build", "default"), ms);
        return this;
    }

    /** A CPython convoy cell: ms per step (1 ms sleep + lateness). */
    public GilFixtures cpythonConvoy(int competitors, double... ms) {
        cell(cpython, "cpython.convoy", "avgt", Map.of("model", "cpython-threads", "workers", "1",
                "competitors", "" + competitors, "tasks", "50", "python", "3.11.7", "build", "default"), ms);
        return this;
    }

    /** GilSweepBenchmark.cpuBound at one interval and thread count. */
    public GilFixtures sweepCpu(long intervalUs, int threads, double... ms) {
        cell(sweep, "org.gilbench.bench.GilSweepBenchmark.cpuBound", "ss",
                Map.of("intervalUs", "" + intervalUs, "threads", "" + threads), ms);
        return this;
    }

    /** GilSweepBenchmark.wakeUp at one interval: the step (1 ms + delay). */
    public GilFixtures sweepWake(long intervalUs, double... ms) {
        cell(sweep, "org.gilbench.bench.GilSweepBenchmark.wakeUp", "avgt", Map.of("intervalUs", "" + intervalUs), ms);
        return this;
    }

    /**
     * A two-thread interval-mode timeline whose threads alternate in slices of {@code sliceMs}, for
     * {@code slices} slices, a drop request ending each.
     */
    public GilFixtures alternating(String scenario, long intervalUs, double sliceMs, int slices) {
        ObjectNode t = timeline(scenario, intervalUs);
        ArrayNode a = t.withArray("threads").addObject().put("name", "cpu-1").putArray("spans");
        ArrayNode b = t.withArray("threads").addObject().put("name", "cpu-2").putArray("spans");
        for (int i = 0; i < slices; i++) {
            double s = i * sliceMs;
            double e = s + sliceMs;
            (i % 2 == 0 ? a : b).addArray().add(s).add(e).add("running");
            (i % 2 == 0 ? b : a).addArray().add(s).add(e).add("waiting");
            t.withArray("dropRequests").addObject().put("thread", i % 2 == 0 ? "cpu-2" : "cpu-1").put("ms", e - 0.01);
        }
        t.put("durationMs", slices * sliceMs);
        return this;
    }

    /** Two threads alternating in slices of {@code sliceMs} with no drop request: turns on the GIL's own clock. */
    public GilFixtures alternatingWithoutDrops(String scenario, long intervalUs, double sliceMs, int slices) {
        alternating(scenario, intervalUs, sliceMs, slices);
        timelines.get(scenario).putArray("dropRequests");
        return this;
    }

    /** One thread runs throughout, the other waits throughout. */
    public GilFixtures starved(String scenario, long intervalUs, double durationMs) {
        ObjectNode t = timeline(scenario, intervalUs);
        t.withArray("threads").addObject().put("name", "cpu-1").putArray("spans").addArray().add(0.0).add(durationMs)
                .add("running");
        t.withArray("threads").addObject().put("name", "cpu-2").putArray("spans").addArray().add(0.0).add(durationMs)
                .add("waiting");
        t.put("durationMs", durationMs);
        return this;
    }

    private ObjectNode timeline(String scenario, long intervalUs) {
        ObjectNode t = JSON.createObjectNode();
        t.put("scenario", scenario).put("mode", "interval").put("intervalUs", intervalUs).put("ticks", 100);
        t.putArray("threads");
        t.putArray("dropRequests");
        t.put("summary", "fixture").put("switches", 0).put("forcedDrops", 0);
        timelines.put(scenario, t);
        return t;
    }

    private static void cell(ArrayNode into, String benchmark, String mode, Map<String, String> params, double... ms) {
        JmhJson.entry(into, benchmark, mode, params, ms);
    }

    /** Writes the extra files into {@code dir} (a folder {@link JmhJson#write} made) and returns it. */
    public Path addTo(Path dir) {
        try {
            if (!cpython.isEmpty()) {
                Files.createDirectories(dir.resolve("cpython/round-1"));
                JSON.writeValue(dir.resolve("cpython/round-1/cells.json").toFile(), cpython);
            }
            if (!sweep.isEmpty()) {
                Files.createDirectories(dir.resolve("jmh/round-1"));
                JSON.writeValue(dir.resolve("jmh/round-1/sweep.json").toFile(), sweep);
            }
            if (!timelines.isEmpty()) {
                Files.createDirectories(dir.resolve("gil-timeline"));
                for (Map.Entry<String, ObjectNode> t : timelines.entrySet()) {
                    JSON.writeValue(dir.resolve("gil-timeline/" + t.getKey() + ".json").toFile(), t.getValue());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A folder with only these extras and a minimal JMH cell (a results folder needs one result file). */
    public Path writeAlone(Path dir) {
        return addTo(new JmhJson().prime("serial", 1, JmhJson.quiet(1000)).write(dir));
    }

    /** For tests in other packages: the JmhJson fixtures of a healthy 2-core run with gil-emulated flat. */
    public static Path healthyJava(Path dir) {
        return new JmhJson().prime("serial", 1, JmhJson.quiet(1000))
                .prime("thread-pool", 1, JmhJson.quiet(1000)).prime("thread-pool", 2, JmhJson.quiet(520))
                .prime("forked-process", 1, JmhJson.quiet(1030)).prime("forked-process", 2, JmhJson.quiet(540))
                .prime("gil-emulated", 1, JmhJson.quiet(1000)).prime("gil-emulated", 2, JmhJson.quiet(1010))
                .sleep("gil-emulated", 16, 100, JmhJson.quiet(705)).sleep("thread-pool", 16, 100, JmhJson.quiet(700))
                .wakeUp(0, JmhJson.quiet(1.1)).wakeUp(1, JmhJson.quiet(6.3))
                .write(dir);
    }
}

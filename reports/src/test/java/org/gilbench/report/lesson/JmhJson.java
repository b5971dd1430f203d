package org.gilbench.report.lesson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds small results folders in JMH's JSON format for tests, cell by cell, so each fixture states
 * the numbers it is about (a gil-emulated that scales, a forked-process stuck at 1x ...) instead of
 * hiding them in big files. Writes the layout of docs/results-contract.md: jmh/round-1/cells.json, machine.json,
 * cells.json.
 */
final class JmhJson {

    static final String PRIME = "org.gilbench.bench.PrimeCheckBenchmark.primeCheck";
    static final String SLEEP = "org.gilbench.bench.SleepIoBenchmark.sleepIo";
    static final String WAKE_UP = "org.gilbench.bench.GilBenchmark.wakeUp";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode results = JSON.createArrayNode();
    private final ArrayNode disturbedResults = JSON.createArrayNode();
    private final ArrayNode timeouts = JSON.createArrayNode();
    private int cores = 2;

    /** A prime-check cell that never finished: only in cells.json, status timeout. */
    JmhJson primeTimeout(String model, int workers, double limitSeconds) {
        ObjectNode c = timeouts.addObject();
        Map<String, String> params = new TreeMap<>(Map.of("model", model, "workers", "" + workers, "options", "",
                "variant", "seed"));
        c.put("key", PRIME + params);
        c.put("benchmark", PRIME);
        ObjectNode p = c.putObject("params");
        params.forEach(p::put);
        c.put("limitSeconds", limitSeconds);
        ObjectNode a = c.putArray("attempts").addObject();
        a.put("round", 1);
        a.put("attempt", 1);
        a.put("status", "timeout");
        return this;
    }

    JmhJson cores(int n) {
        this.cores = n;
        return this;
    }

    /** A prime-check cell: {@code ms} are the operations of one fork. */
    JmhJson prime(String model, int workers, double... ms) {
        return cell(results, PRIME, Map.of("model", model, "workers", "" + workers, "options", "", "variant", "seed"), ms);
    }

    /** A prime-check cell measured in one fork only: its interval is within one fork and decides nothing. */
    JmhJson primeOneFork(String model, int workers, double... ms) {
        lastAdded = entry(results, PRIME, "avgt", primeParams(model, workers), 1, ms);
        return this;
    }

    /** A prime-check cell the runner marked disturbed (its only attempt). */
    JmhJson primeDisturbed(String model, int workers, double... ms) {
        return cell(disturbedResults, PRIME, Map.of("model", model, "workers", "" + workers, "options", "",
                "variant", "seed"), ms);
    }

    /** A sleep-io cell of 100 ms sleeps. */
    JmhJson sleep(String model, int workers, int tasks, double... ms) {
        return cell(results, SLEEP, Map.of("model", model, "workers", "" + workers, "options", "", "tasks", "" + tasks,
                "millis", "100"), ms);
    }

    /** A GilBenchmark.wakeUp cell: one sleeper step (1 ms + lateness) with this many competitors. */
    JmhJson wakeUp(int competitors, double... ms) {
        return cell(results, WAKE_UP, Map.of("competitors", "" + competitors, "options", ""), ms);
    }

    /** {@code base} x (1 + small alternating jitter), five operations: a quiet cell. */
    static double[] quiet(double base) {
        return new double[] {base, base * 1.01, base * 0.99, base * 1.005, base * 0.995};
    }

    /** Operations spread over a factor of ten: an interval too wide to decide anything. */
    static double[] wild(double base) {
        return new double[] {base * 0.3, base, base * 3, base * 0.6, base * 2};
    }

    private ObjectNode lastAdded;

    private JmhJson cell(ArrayNode into, String benchmark, Map<String, String> params, double... ms) {
        lastAdded = entry(into, benchmark, "avgt", params, ms);
        return this;
    }

    /**
     * Forks per cell unless a test says otherwise: a verdict needs at least 2 independent forks of every cell it
     * reads (Rules.MIN_FORKS), so fixtures spread their operations over 3 forks, round-robin.
     */
    static final int FORKS = 3;

    /**
     * One JMH result element whose operations took {@code ms}, spread round-robin over {@link #FORKS} forks (fewer
     * when there are fewer operations); shared by every fixture builder.
     */
    static ObjectNode entry(ArrayNode into, String benchmark, String mode, Map<String, String> params, double... ms) {
        return entry(into, benchmark, mode, params, Math.min(FORKS, Math.max(1, ms.length)), ms);
    }

    /** One JMH result element with its operations spread round-robin over {@code forks} forks. */
    static ObjectNode entry(ArrayNode into, String benchmark, String mode, Map<String, String> params, int forks,
                            double... ms) {
        ObjectNode e = into.addObject();
        e.put("benchmark", benchmark);
        e.put("mode", mode);
        e.put("forks", forks);
        ObjectNode p = e.putObject("params");
        new TreeMap<>(params).forEach(p::put);
        ObjectNode primary = e.putObject("primaryMetric");
        double sum = 0;
        for (double v : ms) {
            sum += v;
        }
        primary.put("score", sum / ms.length);
        primary.put("scoreError", "NaN");
        primary.put("scoreUnit", "ms/op");
        primary.set("rawData", spread(ms, forks));
        e.putObject("secondaryMetrics");
        return e;
    }

    /** {@code values} round-robin into {@code forks} arrays (JMH's rawData: one array per fork). */
    static ArrayNode spread(double[] values, int forks) {
        ArrayNode raw = JSON.createArrayNode();
        ArrayNode[] f = new ArrayNode[Math.max(1, forks)];
        for (int i = 0; i < f.length; i++) {
            f[i] = raw.addArray();
        }
        for (int i = 0; i < values.length; i++) {
            f[i % f.length].add(values[i]);
        }
        return raw;
    }

    /** A secondary metric on {@code element} (cpu.util, gil.switches, process.*), spread like its operations. */
    static void secondary(ObjectNode element, String label, String unit, double... values) {
        ObjectNode m = ((ObjectNode) element.get("secondaryMetrics")).putObject(label);
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        m.put("score", values.length == 0 ? 0 : sum / values.length);
        m.put("scoreError", "NaN");
        m.put("scoreUnit", unit);
        m.set("rawData", spread(values, element.get("forks").asInt()));
    }

    /** Adds a secondary metric to the cell added last (ok or disturbed), every operation the same value. */
    JmhJson with(String label, double value) {
        ObjectNode last = lastAdded;
        int ops = 0;
        for (var fork : last.get("primaryMetric").get("rawData")) {
            ops += fork.size();
        }
        double[] v = new double[ops];
        java.util.Arrays.fill(v, value);
        secondary(last, label, label.equals("cpu.util") ? "%" : label.endsWith("-ns") ? "ns" : "counts", v);
        return this;
    }

    /** gil-emulated's mechanism counters of a healthy GIL cell: one core, this many switches per operation. */
    JmhJson gil(double cpuPercent, double switches) {
        return with("cpu.util", cpuPercent).with("gil.switches", switches);
    }

    /** A cell of {@code benchmark} the runner recorded as failed (every attempt), with its first error line. */
    JmhJson failed(String benchmark, Map<String, String> params, String message) {
        ObjectNode c = timeouts.addObject();
        Map<String, String> sorted = new TreeMap<>(params);
        c.put("key", org.gilbench.contract.CellKey.of(benchmark, new TreeMap<>(sorted)));
        c.put("benchmark", benchmark);
        ObjectNode p = c.putObject("params");
        sorted.forEach(p::put);
        c.put("limitSeconds", 60.0);
        ObjectNode a = c.putArray("attempts").addObject();
        a.put("round", 1);
        a.put("attempt", 1);
        a.put("status", "failed");
        a.put("message", message);
        return this;
    }

    /** The prime-check parameters of one model and worker count (for {@link #failed}). */
    static Map<String, String> primeParams(String model, int workers) {
        return Map.of("model", model, "workers", "" + workers, "options", "", "variant", "seed");
    }

    /** Writes the folder and returns it. */
    Path write(Path dir) {
        try {
            Files.createDirectories(dir.resolve("jmh/round-1"));
            JSON.writeValue(dir.resolve("jmh/round-1/cells.json").toFile(), results);
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("host", "fixture");
            machine.put("cpuModel", "Test CPU");
            machine.put("cores", cores);
            machine.put("threads", cores);
            machine.put("jdk", "25");
            JSON.writeValue(dir.resolve("machine.json").toFile(), machine);
            ObjectNode cells = JSON.createObjectNode();
            ArrayNode list = cells.putArray("cells");
            list.addAll(timeouts);
            if (!disturbedResults.isEmpty()) {
                JSON.writeValue(dir.resolve("jmh/round-1/disturbed.json").toFile(), disturbedResults);
                ObjectNode c = list.addObject();
                c.put("key", "disturbed");
                ObjectNode a = c.putArray("attempts").addObject();
                a.put("round", 1);
                a.put("attempt", 1);
                a.put("file", "jmh/round-1/disturbed.json");
                a.put("status", "disturbed");
            }
            JSON.writeValue(dir.resolve("cells.json").toFile(), cells);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

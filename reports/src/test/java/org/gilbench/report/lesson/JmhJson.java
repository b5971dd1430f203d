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

    private JmhJson cell(ArrayNode into, String benchmark, Map<String, String> params, double... ms) {
        entry(into, benchmark, "avgt", params, ms);
        return this;
    }

    /** One JMH result element: one fork whose operations took {@code ms}; shared by every fixture builder. */
    static void entry(ArrayNode into, String benchmark, String mode, Map<String, String> params, double... ms) {
        ObjectNode e = into.addObject();
        e.put("benchmark", benchmark);
        e.put("mode", mode);
        e.put("forks", 1);
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
        ArrayNode fork = primary.putArray("rawData").addArray();
        for (double v : ms) {
            fork.add(v);
        }
        e.putObject("secondaryMetrics");
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

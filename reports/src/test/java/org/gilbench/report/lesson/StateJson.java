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
 * Lesson 5 fixtures, in JMH's JSON format, written beside a {@link JmhJson} folder as one more file:
 * bank-account and change_it cells with every run's final balance (secondary metrics, one value per
 * operation, as LostUpdateBenchmark writes them), and ping-pong cells in sample mode with a histogram
 * per iteration and JMH's percentiles.
 */
final class StateJson {

    static final String BANK = "org.gilbench.bench.LostUpdateBenchmark.bankAccount";
    static final String CHANGE_IT = "org.gilbench.bench.LostUpdateBenchmark.changeIt";
    static final String PING_PONG = "org.gilbench.bench.PingPongBenchmark.roundTrip";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArrayNode results = JSON.createArrayNode();

    /** A bank cell: {@code workers} deposits at a time, each run's final balance; true balance 100 (0 when forked). */
    StateJson bank(String model, int workers, boolean lock, long... balances) {
        long truth = model.equals("forked-process") ? 0 : 100;
        return lost(BANK, Map.of("model", model, "workers", "" + workers, "options", "", "lock", "" + lock,
                "deposits", "100", "checks", "back-edge"), truth, balances);
    }

    /** A change_it cell on two workers: each run's final balance (true: 0). */
    StateJson changeIt(String model, String options, String checks, boolean lock, long... balances) {
        return lost(CHANGE_IT, Map.of("model", model, "workers", "2", "options", options, "lock", "" + lock,
                "checks", checks, "iterations", "3000000"), 0, balances);
    }

    /** A CPython change_it cell ({@code cpython.change-it}, issue 12's format): each run's final balance. */
    StateJson cpythonChangeIt(String model, String python, long... balances) {
        return lost("cpython.change-it", Map.of("model", model, "python", python, "lock", "false", "workers", "2"), 0,
                balances);
    }

    /**
     * A ping-pong cell: each iteration's round trips all take the given µs (one histogram bin per
     * iteration), with two slow ones (10x) per iteration to make the mean differ from the median.
     */
    StateJson pingPong(String channel, double... iterationMicros) {
        ObjectNode e = results.addObject();
        e.put("benchmark", PING_PONG);
        e.put("mode", "sample");
        e.put("forks", 1);
        e.putObject("params").put("channel", channel);
        ObjectNode primary = e.putObject("primaryMetric");
        double sum = 0;
        long n = 0;
        // Iterations round-robin over the forks, as JmhJson spreads operations: a verdict needs 2+ forks.
        int forks = Math.min(JmhJson.FORKS, Math.max(1, iterationMicros.length));
        e.put("forks", forks);
        ArrayNode histogram = primary.putArray("rawDataHistogram");
        for (int f = 0; f < forks; f++) {
            histogram.addArray();
        }
        int i = 0;
        for (double us : iterationMicros) {
            ArrayNode it = ((ArrayNode) histogram.get(i++ % forks)).addArray();
            it.addArray().add(us).add(1000);
            it.addArray().add(us * 10).add(2);
            sum += us * 1000 + us * 20;
            n += 1002;
        }
        primary.put("score", sum / n);
        primary.put("scoreError", "NaN");
        primary.put("scoreUnit", "us/op");
        double median = org.gilbench.contract.Estimate.median(iterationMicros);
        ObjectNode pct = primary.putObject("scorePercentiles");
        pct.put("50.0", median);
        pct.put("90.0", median);
        pct.put("99.0", median * 10);
        e.putObject("secondaryMetrics");
        lastPingPong = e;
        return this;
    }

    private ObjectNode lastPingPong;

    /**
     * The parent JVM's {@code cpu.util} (%) per iteration of the ping-pong cell added last, spread over its forks
     * like its iterations (one value: every iteration).
     */
    StateJson cpu(double... percent) {
        int iterations = 0;
        for (var fork : lastPingPong.get("primaryMetric").get("rawDataHistogram")) {
            iterations += fork.size();
        }
        double[] v = new double[iterations];
        for (int i = 0; i < v.length; i++) {
            v[i] = percent[i % percent.length];
        }
        JmhJson.secondary(lastPingPong, "cpu.util", "%", v);
        return this;
    }

    private StateJson lost(String benchmark, Map<String, String> params, long truth, long... balances) {
        ObjectNode e = results.addObject();
        e.put("benchmark", benchmark);
        e.put("mode", "ss");
        e.put("forks", 1);
        ObjectNode p = e.putObject("params");
        new TreeMap<>(params).forEach(p::put);
        ObjectNode primary = e.putObject("primaryMetric");
        primary.put("score", 80.0);
        primary.put("scoreError", "NaN");
        primary.put("scoreUnit", "ms/op");
        double[] times = new double[balances.length];
        for (int i = 0; i < balances.length; i++) {
            times[i] = 80.0 + i;
        }
        int forks = Math.min(JmhJson.FORKS, Math.max(1, balances.length));
        e.put("forks", forks);
        primary.set("rawData", JmhJson.spread(times, forks));
        ObjectNode secondary = e.putObject("secondaryMetrics");
        metric(secondary, "balance", balances, forks);
        long[] t = new long[balances.length];
        java.util.Arrays.fill(t, truth);
        metric(secondary, "trueBalance", t, forks);
        metric(secondary, "highestWritten", balances, forks);
        return this;
    }

    private static void metric(ObjectNode secondary, String name, long[] values, int forks) {
        ObjectNode m = secondary.putObject(name);
        double sum = 0;
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            d[i] = values[i];
            sum += values[i];
        }
        m.set("rawData", JmhJson.spread(d, forks));
        m.put("score", values.length == 0 ? 0 : sum / values.length);
        m.put("scoreError", "NaN");
        m.put("scoreUnit", "#");
    }

    /** Writes {@code base} (cores, machine, its own cells) and this file beside it; returns the folder. */
    Path write(JmhJson base, Path dir) {
        Path out = base.write(dir);
        try {
            JSON.writeValue(out.resolve("jmh/round-1/state.json").toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

package org.gilbench.report.read;

import org.gilbench.contract.Metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads one JMH JSON result file ({@code -rf json}) into {@link Measurement}s, without JMH on the class
 * path: the format is a JSON array with one object per benchmark x params x mode (see
 * ../shared/notes/jmh-on-jdk25.md).
 *
 * <p>What it tolerates, with a warning: a benchmark whose score is {@code "NaN"} or infinite (left out,
 * since a chart must not draw it), a {@code "NaN"} score error (kept, without a confidence interval),
 * unknown units (left out). What it refuses, with a {@link ReportException} naming the file: a file that
 * is not JSON (e.g. truncated by an interrupted run) or is JSON but not JMH's result format.
 */
public final class JmhReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JmhReader() {
    }

    /** What one file gave: its usable measurements and the warnings about the rest. */
    public record FileResult(List<Measurement> measurements, List<JsonNode> elements, List<String> warnings) {
    }

    public static FileResult read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new ReportException(file + ": not valid JSON" + (line > 0 ? " (line " + line + ")" : "")
                    + " - truncated by an interrupted run? " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ReportException(file + ": cannot read it: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ReportException(file + ": empty file, not a JMH result (expected a JSON array)");
        }
        if (!root.isArray()) {
            throw new ReportException(file + ": not a JMH result file (expected a JSON array of benchmark"
                    + " results, found " + root.getNodeType().toString().toLowerCase() + ")");
        }
        List<Measurement> measurements = new ArrayList<>();
        List<JsonNode> elements = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int index = 0;
        for (JsonNode element : root) {
            index++;
            if (!element.isObject() || !element.hasNonNull("benchmark") || !element.hasNonNull("mode")
                    || !element.path("primaryMetric").isObject()) {
                throw new ReportException(file + ": element " + index + " is not a JMH benchmark result"
                        + " (needs 'benchmark', 'mode' and 'primaryMetric')");
            }
            String benchmark = element.get("benchmark").asText();
            String mode = element.get("mode").asText();
            SortedMap<String, String> params = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = element.path("params").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> p = it.next();
                params.put(p.getKey(), p.getValue().asText());
            }
            String where = file.getFileName() + ": " + shortName(benchmark) + " " + params;
            JsonNode primary = element.get("primaryMetric");
            String unit = primary.path("scoreUnit").asText("");
            Units.Conversion conversion;
            try {
                conversion = Units.toMillisPerOp(unit);
            } catch (IllegalArgumentException e) {
                warnings.add(where + ": left out, " + e.getMessage());
                continue;
            }
            Metric time = metric(primary, conversion, "ms/op");
            if (!Double.isFinite(time.score()) || time.score() <= 0) {
                warnings.add(where + ": left out, its score is " + primary.path("score").asText()
                        + " (" + mode + ")");
                continue;
            }
            Map<String, Metric> secondary = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> sec = element.path("secondaryMetrics").fields();
            while (sec.hasNext()) {
                Map.Entry<String, JsonNode> s = sec.next();
                secondary.put(s.getKey(), metric(s.getValue(), null, s.getValue().path("scoreUnit").asText("")));
            }
            measurements.add(new Measurement(file, benchmark, mode, params, time, secondary));
            elements.add(element);
        }
        if (measurements.isEmpty() && warnings.isEmpty()) {
            warnings.add(file.getFileName() + ": holds no benchmark results (an empty JSON array)");
        }
        return new FileResult(measurements, elements, warnings);
    }

    /** Reads a metric object; {@code conversion} == null keeps the values as written. */
    private static Metric metric(JsonNode node, Units.Conversion conversion, String unit) {
        double score = number(node.path("score"));
        double error = number(node.path("scoreError"));
        List<double[]> forks = new ArrayList<>();
        long samples = 0;
        if (node.path("rawData").isArray()) {
            for (JsonNode fork : node.get("rawData")) {
                double[] values = new double[fork.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = convert(number(fork.get(i)), conversion);
                }
                samples += values.length;
                forks.add(values);
            }
        } else if (node.path("rawDataHistogram").isArray()) {
            // Sample mode: [fork][iteration] = list of [value, count]; keep each iteration's mean.
            for (JsonNode fork : node.get("rawDataHistogram")) {
                double[] values = new double[fork.size()];
                for (int i = 0; i < values.length; i++) {
                    double sum = 0;
                    long count = 0;
                    for (JsonNode bin : fork.get(i)) {
                        long c = bin.path(1).asLong();
                        sum += convert(number(bin.path(0)), conversion) * c;
                        count += c;
                    }
                    values[i] = count == 0 ? Double.NaN : sum / count;
                    samples += count;
                }
                forks.add(values);
            }
        }
        if (conversion != null) {
            double converted = convert(score, conversion);
            // The error is a half-width: for an inverted (throughput) unit keep its relative size.
            error = conversion.inverted() ? converted * error / score : conversion.factor() * error;
            score = converted;
        }
        if (EVENTS_UNIT.equals(unit) && samples > 0) {
            // @AuxCounters(EVENTS) counters: JMH's score is their SUM over the iterations (in single-shot mode,
            // over the operations), so a count per operation is the mean of the iterations' values. Read as JMH
            // writes it, 3 operations of 49 deadlocks each showed as "148 per 50 runs" and the seeds' 700 ms of
            // downloads as 1,400.
            double sum = 0;
            for (double[] fork : forks) {
                for (double v : fork) {
                    sum += v;
                }
            }
            score = sum / samples;
            error = Double.NaN;
        }
        return new Metric(score, Math.abs(error), unit, forks.toArray(new double[0][]), samples);
    }

    /** The unit JMH gives {@code @AuxCounters(AuxCounters.Type.EVENTS)} counters. */
    static final String EVENTS_UNIT = "#";

    private static double convert(double value, Units.Conversion conversion) {
        return conversion == null ? value : conversion.apply(value);
    }

    /** JMH writes numbers, or the strings "NaN", "+INF", "-INF" (any decimal may be one of them). */
    public static double number(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        String text = node.asText().trim();
        return switch (text) {
            case "+INF", "INF", "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
            case "-INF", "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

package org.gilbench.report.read;

import org.gilbench.contract.Metric;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

/**
 * One element of a JMH result file: one benchmark method under one parameter combination.
 *
 * @param file       the JSON file it came from (named in every warning about it)
 * @param benchmark  JMH's full name, e.g. {@code org.gilbench.bench.PrimeCheckBench.run}
 * @param mode       {@code avgt}, {@code ss}, {@code sample} or {@code thrpt}
 * @param params     JMH's {@code params} (all strings; empty when the benchmark has none)
 * @param time       the primary score in ms/op, whatever the unit and mode in the file
 * @param secondary  secondary metrics by label ({@code cpu.util}, {@code gil.switches}, ...), as written
 */
public record Measurement(Path file, String benchmark, String mode, SortedMap<String, String> params, Metric time,
                   Map<String, Metric> secondary) {

    /** The user-facing model name ({@code serial}, {@code thread-pool}, ...), or "" when absent. */
    public String model() {
        return params.getOrDefault("model", "");
    }

    /** The {@code workers} parameter, or 1 when absent or not a number (serial ignores it anyway). */
    public int workers() {
        return intParam("workers", 1);
    }

    /** The model options string, "" when absent. */
    public String options() {
        return params.getOrDefault("options", "");
    }

    /** An integer parameter, or {@code fallback} when absent or not an integer. */
    public int intParam(String name, int fallback) {
        String v = params.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The method name: the last segment of {@link #benchmark}. */
    public String method() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }

    /** Class and method, without the package: {@code PrimeCheckBench.run}. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /** A secondary metric's score, or NaN when the run did not record it. */
    public double secondaryScore(String label) {
        Metric m = secondary.get(label);
        return m == null ? Double.NaN : m.score();
    }

    /** "PrimeCheckBench.run model=thread-pool workers=2" for messages. */
    public String describe() {
        return shortName() + " " + params;
    }
}

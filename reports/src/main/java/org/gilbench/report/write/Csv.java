package org.gilbench.report.write;

import org.gilbench.report.analysis.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.Measurement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code results.csv}: one row per measurement, times in ms/op, with the derived speedup and efficiency
 * and every secondary metric as a column, for spreadsheets and other plotting tools.
 */
public final class Csv {

    private Csv() {
    }

    public static void write(Path file, List<Measurement> measurements, ScalingAnalysis scaling) throws IOException {
        Map<Measurement, ScalingAnalysis.Point> points = new IdentityHashMap<>();
        for (ScalingAnalysis.Curve c : scaling.curves()) {
            for (ScalingAnalysis.Point p : c.points()) {
                points.put(p.measurement(), p);
            }
        }
        TreeSet<String> secondary = new TreeSet<>();
        measurements.forEach(m -> secondary.addAll(m.secondary().keySet()));
        StringBuilder s = new StringBuilder("file,benchmark,workload,mode,model,workers,options,other_params,"
                + "time_ms,time_error999_ms,time_ci95_low_ms,time_ci95_high_ms,speedup,speedup_ci95_low,"
                + "speedup_ci95_high,efficiency,ideal,ideal_limit");
        secondary.forEach(k -> s.append(',').append(quote(k)));
        s.append('\n');
        for (Measurement m : measurements) {
            Estimate t = Estimate.of(m.time());
            ScalingAnalysis.Point p = points.get(m);
            s.append(quote(m.file().getFileName().toString())).append(',').append(quote(m.benchmark())).append(',')
                    .append(quote(Workloads.of(m))).append(',').append(m.mode()).append(',').append(quote(m.model()))
                    .append(',').append(m.params().containsKey("workers") ? m.params().get("workers") : "").append(',')
                    .append(quote(m.options())).append(',')
                    .append(quote(Workloads.otherParams(m, java.util.Set.of()).toString())).append(',')
                    .append(n(t.value())).append(',').append(n(m.time().error())).append(',')
                    .append(n(t.low())).append(',').append(n(t.high()));
            if (p != null) {
                s.append(',').append(n(p.speedup().value())).append(',').append(n(p.speedup().low())).append(',')
                        .append(n(p.speedup().high())).append(',').append(n(p.efficiency().value())).append(',')
                        .append(n(p.ideal())).append(',').append(p.limiter().label);
            } else {
                s.append(",,,,,,");
            }
            for (String k : secondary) {
                s.append(',').append(n(m.secondaryScore(k)));
            }
            s.append('\n');
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    private static String n(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}

package org.gilbench.report.write;

import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.read.Measurement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.ArrayList;
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
        List<String> columns = new ArrayList<>(List.of("file", "benchmark", "workload", "mode", "model", "workers",
                "options", "other_params", "time_ms", "time_ci95_low_ms", "time_ci95_high_ms", "interval_basis",
                "irregular", "speedup", "speedup_ci95_low", "speedup_ci95_high", "efficiency", "ideal", "ideal_limit"));
        columns.addAll(secondary);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Measurement m : measurements) {
            Estimate t = Estimate.of(m.time());
            ScalingAnalysis.Point p = points.get(m);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("file", m.file().getFileName().toString());
            r.put("benchmark", m.benchmark());
            r.put("workload", Workloads.of(m));
            r.put("mode", m.mode());
            r.put("model", m.model());
            r.put("workers", m.params().getOrDefault("workers", ""));
            r.put("options", m.options());
            r.put("other_params", Workloads.otherParams(m, java.util.Set.of()).toString());
            r.put("time_ms", t.value());
            r.put("time_ci95_low_ms", t.low());
            r.put("time_ci95_high_ms", t.high());
            r.put("interval_basis", t.basis());
            r.put("irregular", Fmt.irregular(t));
            if (p != null) {
                r.put("speedup", p.speedup().value());
                r.put("speedup_ci95_low", p.speedup().low());
                r.put("speedup_ci95_high", p.speedup().high());
                r.put("efficiency", p.efficiency().value());
                r.put("ideal", p.ideal());
                r.put("ideal_limit", p.limiter().label);
            }
            for (String k : secondary) {
                r.put(k, m.secondaryScore(k));
            }
            rows.add(r);
        }
        CsvTable.write(file, columns, rows);
    }
}

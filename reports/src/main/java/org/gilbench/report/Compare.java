package org.gilbench.report;

import org.gilbench.report.read.ReportException;
import org.gilbench.report.analysis.MachineComparison;
import org.gilbench.report.chart.ChartFile;
import org.gilbench.report.chart.ComparisonChart;
import org.gilbench.report.read.ResultsFolder;
import org.gilbench.report.write.Fmt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.report.write.CsvTable;
import java.util.Locale;

/**
 * {@code compare --out OUTDIR DIR DIR...}: the first folder is the reference; every other folder's
 * cells are compared with it ({@link MachineComparison}) and drawn in chart 6. Writes
 * {@code OUTDIR/report.md}, {@code comparison.png/.svg} and {@code comparison.csv}.
 */
final class Compare {

    private Compare() {
    }

    static Report.Outcome write(Path out, List<Path> dirs) throws IOException {
        List<ResultsFolder> folders = new ArrayList<>();
        for (Path d : dirs) {
            folders.add(ResultsFolder.load(d));
        }
        Files.createDirectories(out);
        ResultsFolder ref = folders.get(0);
        List<MachineComparison.Pair> pairs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ResultsFolder f : folders) {
            for (String w : f.allWarnings()) {
                warnings.add(f.dir().getFileName() + ": " + w);
            }
        }
        for (ResultsFolder other : folders.subList(1, folders.size())) {
            MachineComparison.Pair pair = MachineComparison.compare(ref, other);
            if (pair.rows().isEmpty()) {
                throw new ReportException(other.dir() + ": no benchmark cell in common with " + ref.dir()
                        + " (different parameter sets?)");
            }
            if (!pair.onlyInOne().isEmpty()) {
                warnings.add(pair.onlyInOne().size() + " cells measured in only one of " + ref.dir().getFileName()
                        + " and " + other.dir().getFileName() + " are not compared");
            }
            pairs.add(pair);
        }
        StringBuilder md = new StringBuilder("# gilbench comparison across machines\n\n");
        md.append("Reference: `").append(ref.dir()).append("`. Ratio = time on the other machine / time on the"
                + " reference (below 1 = faster); 95% intervals; Welch's t-test on per-fork means (forks are the"
                + " independent unit; with one fork, a z test on the log ratio's within-fork interval, marked so), p-values"
                + " corrected with Holm's method across the cells of each comparison, adjusted p < ")
                .append(MachineComparison.ALPHA).append(" called significant; **not significant** marked.\n\n");
        md.append("## Machines\n\n| folder | machine |\n|---|---|\n");
        for (ResultsFolder f : folders) {
            md.append("| `").append(f.dir().getFileName()).append("` | ").append(Fmt.cell(f.machine().summary())).append(" |\n");
        }
        md.append('\n');
        List<String> footer = new ArrayList<>();
        footer.add("gilbench · reference " + ref.machine().summary());
        for (ResultsFolder f : folders.subList(1, folders.size())) {
            footer.add("vs " + f.machine().summary());
        }
        List<String> charts = new ArrayList<>();
        if (!ComparisonChart.cells(pairs).isEmpty()) {
            ChartFile.save(List.of(ComparisonChart.create("Time ratio vs " + ref.machine().host(), pairs)), footer, warnings, out,
                    "comparison");
            charts.add("comparison");
            md.append("## 6. Comparison across machines\n\n![time ratios](comparison.png)\n\n[SVG](comparison.svg)\n\n");
            if (ComparisonChart.cells(pairs).size() == ComparisonChart.MAX_CELLS) {
                md.append("The chart shows the first ").append(ComparisonChart.MAX_CELLS)
                        .append(" cells; the tables list all.\n\n");
            }
        } else {
            md.append("_No cell is present in every folder: no chart._\n\n");
        }
        List<Map<String, Object>> csv = new ArrayList<>();
        for (MachineComparison.Pair pair : pairs) {
            md.append("### `").append(pair.other().dir().getFileName()).append("` vs `").append(ref.dir().getFileName())
                    .append("`\n\n| workload | cell | model | reference (ms) | other (ms) | ratio [95% CI] | p (Holm) | verdict |\n")
                    .append("|---|---|---|---:|---:|---:|---:|---|\n");
            double logSum = 0;
            int count = 0;
            for (MachineComparison.Row r : pair.rows()) {
                md.append("| ").append(r.workload()).append(" | ").append(Fmt.cell(r.cell())).append(" | ")
                        .append(Fmt.cell(r.series().label())).append(" | ").append(Fmt.pm(r.reference())).append(" | ")
                        .append(Fmt.pm(r.other())).append(" | ").append(Fmt.ci(r.ratio())).append(" | ")
                        .append(Double.isFinite(r.pHolm()) ? String.format(Locale.ROOT, "%.3g", r.pHolm()) : Fmt.NONE)
                        .append(" | ").append(r.verdict().startsWith("not") ? "**" + r.verdict() + "**" : r.verdict()).append(" |\n");
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("reference", ref.dir().getFileName().toString());
                row.put("other", pair.other().dir().getFileName().toString());
                row.put("workload", r.workload());
                row.put("cell", r.cell());
                row.put("model", r.series().label());
                row.put("workers", r.workers());
                row.put("reference_ms", r.reference().value());
                row.put("other_ms", r.other().value());
                row.put("ratio", r.ratio().value());
                row.put("ratio_ci95_low", r.ratio().low());
                row.put("ratio_ci95_high", r.ratio().high());
                row.put("p_value", r.pValue());
                row.put("p_holm", r.pHolm());
                row.put("verdict", r.verdict());
                csv.add(row);
                if (r.ratio().value() > 0) {
                    logSum += Math.log(r.ratio().value());
                    count++;
                }
            }
            md.append("\nGeometric mean ratio over ").append(count).append(" cells: ")
                    .append(Fmt.num(Math.exp(logSum / Math.max(1, count)), 3)).append(".\n\n");
        }
        md.append("## Warnings\n\n");
        if (warnings.isEmpty()) {
            md.append("None.\n");
        }
        warnings.forEach(w -> md.append("- ").append(w).append('\n'));
        Files.writeString(out.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        CsvTable.write(out.resolve("comparison.csv"), List.of("reference", "other", "workload", "cell", "model", "workers",
                "reference_ms", "other_ms", "ratio", "ratio_ci95_low", "ratio_ci95_high", "p_value", "p_holm", "verdict"), csv);
        return new Report.Outcome(out, charts, warnings);
    }

    private static String fin(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}

package org.gilbench.report;

import org.gilbench.report.read.Cells;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gilbench.report.analysis.IoAnalysis;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.analysis.ScalingFit;
import org.gilbench.report.analysis.Workloads;
import org.gilbench.report.chart.ChartFile;
import org.gilbench.report.chart.CpuScalingChart;
import org.gilbench.report.chart.HeadlineChart;
import org.gilbench.report.chart.IoScalingChart;
import org.gilbench.report.lesson.Evidence;
import org.gilbench.report.lesson.Fidelity;
import org.gilbench.report.lesson.Lesson;
import org.gilbench.report.lesson.Lessons;
import org.gilbench.report.lesson.Section;
import org.gilbench.report.read.Machine;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.ResultsFolder;
import org.gilbench.report.write.Csv;
import org.gilbench.report.write.Fmt;
import org.gilbench.report.write.MergedResults;
import org.gilbench.report.lesson.SeedTable;
import org.gilbench.report.write.Summary;

/**
 * {@code report DIR}: reads a results folder, builds every lesson of {@link Lessons#ALL} in order and
 * writes {@code DIR/report/}: {@code report.md} (machine, verdict table, headline figure, one numbered
 * section per lesson, other measurements, warnings, how the numbers were computed), the charts (PNG +
 * SVG), {@code results.csv}, {@code summary.json} and {@code results.json}.
 *
 * <p>This class only assembles: the numbers and words are the lessons', the drawing the charts'. A
 * chart that fails is named in the report in its place and the rest is written.
 */
final class Report {

    /** What was written, for the command line's one-line summary. */
    record Outcome(Path reportDir, List<String> charts, List<String> warnings) {
    }

    /** A lesson's section with its number in this report. */
    record Built(int section, Lesson lesson, Section content) {
    }

    private final ResultsFolder folder;
    private final Evidence evidence;
    private final Path out;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> failedCharts = new LinkedHashMap<>();
    private final List<String> charts = new ArrayList<>();
    private final ChartFile.Painter painter = new ChartFile.Painter();
    private final int evidenceWarnings;

    private Report(ResultsFolder folder, Path out) {
        this.folder = folder;
        this.out = out;
        this.evidence = new Evidence(folder);
        warnings.addAll(folder.allWarnings());
        warnings.addAll(evidence.warnings());
        this.evidenceWarnings = evidence.warnings().size();
    }

    /** The lesson ids of {@link Decisions#LESSONS_PROPERTY}'s value; empty: every lesson. */
    static List<String> only(String ids) {
        return ids.isBlank() ? List.of() : List.of(ids.trim().split("\\s*,\\s*"));
    }

    static Outcome write(Path dir) throws IOException {
        ResultsFolder folder = ResultsFolder.load(dir);
        Path out = dir.resolve("report");
        Files.createDirectories(out);
        removeOldCharts(out);
        Report report = new Report(folder, out);
        try {
            return report.run();
        } finally {
            report.painter.close();
        }
    }

    private Outcome run() throws IOException {
        List<Built> built = new ArrayList<>();
        int n = 0;
        List<String> only = only(System.getProperty(Decisions.LESSONS_PROPERTY, ""));
        for (Lesson lesson : Lessons.ALL) {
            n++; // a section keeps its number in a report of a few lessons (the runner's --lesson)
            if (!only.isEmpty() && !only.contains(lesson.id())) {
                continue;
            }
            Section content;
            try {
                content = lesson.build(evidence);
            } catch (RuntimeException e) {
                // A lesson that fails must not take the others down: say so in its place.
                content = new Section().text("_This section could not be built: " + e + "._\n\n");
                warnings.add("lesson " + lesson.id() + " failed: " + e);
            }
            built.add(new Built(n, lesson, content));
        }
        // Warnings the lessons raised while reading their own files (e.g. a bad gil-timeline JSON).
        List<String> raised = evidence.warnings();
        warnings.addAll(raised.subList(Math.min(evidenceWarnings, raised.size()), raised.size()));
        Section headline = headline();
        for (Section s : Stream.concat(Stream.of(headline), built.stream().map(Built::content)).toList()) {
            for (Section.Block b : s.blocks()) {
                if (b instanceof Section.Figure f) {
                    submit(f.chart());
                }
            }
        }
        Csv.write(out.resolve("results.csv"), folder.measurements(), evidence.scaling());
        MergedResults.write(out.resolve("results.json"), folder);
        SeedTable seeds = SeedTable.of(built.stream().flatMap(b -> b.content().seeds().stream()
                .map(r -> new SeedTable.Placed(r, b.section() + ". " + b.lesson().title()))).toList());
        Summary.write(out.resolve("summary.json"), built.stream()
                .map(b -> new Summary.Entry(b.lesson().number(), b.lesson().id(), b.content().verdict().label(),
                        b.content().reason(), b.content().numbers())).toList(),
                built.stream().flatMap(b -> b.content().fidelity().stream())
                        .map(f -> new Summary.Fidelity(f.lesson(), f.cell() + " (" + f.measure() + ")",
                                f.emulated().value(), f.cpython().value(), f.agree(), f.decisive())).toList(),
                seeds.json(), folder);
        failedCharts.putAll(painter.awaitAll());
        failedCharts.forEach((name, why) -> warnings.add("chart " + name + " could not be drawn: " + why));
        charts.removeAll(failedCharts.keySet());

        StringBuilder md = new StringBuilder();
        Machine machine = folder.machine();
        md.append("# gilbench report: ").append(machine.host());
        if (!machine.day().isEmpty()) {
            md.append(", ").append(machine.day());
        }
        md.append("\n\nThreads vs processes vs the GIL, measured with JMH on one machine. Every time is per run"
                + " of the whole workload (ms/op): the median over forks and rounds, with a 95% interval (how it"
                + " was computed is at the end). Results folder: `").append(folder.dir().getFileName()).append("`.\n\n");
        machineSection(md);
        md.append("## Verdicts\n\n| section | seed lesson | verdict | because |\n|---|---:|---|---|\n");
        for (Built b : built) {
            md.append("| ").append(b.section()).append(". ").append(b.lesson().title()).append(" | ")
                    .append(b.lesson().number()).append(" | **").append(b.content().verdict().label()).append("** | ")
                    .append(Fmt.cell(b.content().reason())).append(" |\n");
        }
        md.append('\n');
        failedSection(md);
        md.append(seeds.markdown());
        render(md, headline);
        for (Built b : built) {
            md.append("## ").append(b.section()).append(". ").append(b.lesson().title()).append("\n\n");
            render(md, b.content());
        }
        otherSection(md);
        warningsSection(md);
        methodsSection(md);
        Files.writeString(out.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        return new Outcome(out, List.copyOf(charts), List.copyOf(warnings));
    }

    /** The headline figure: the CPU-bound and I/O-bound charts side by side (not a lesson: a summary). */
    private Section headline() {
        Section s = new Section().text("## The headline: CPU-bound vs I/O-bound\n\n");
        Optional<List<ScalingAnalysis.Curve>> cpu = evidence.headlineCpu();
        Optional<IoAnalysis.Sweep> io = evidence.headlineIo();
        if (cpu.isPresent() && io.isPresent()) {
            int cores = evidence.cores();
            s.chart("headline", "CPU-bound and I/O-bound scaling side by side", () -> HeadlineChart.create(
                    CpuScalingChart.create("CPU-bound: " + cpu.get().get(0).workload() + " (speedup)", cpu.get(), cores),
                    IoScalingChart.create("I/O-bound: " + Workloads.SLEEP_IO + " (wall time)", io.get(), null)));
            s.text("**Left**: speedup over serial of a CPU-bound workload (sections 1 and 2). **Right**: wall time of"
                    + " N concurrent sleeps (section 3). Details and tables below.\n\n");
        } else {
            s.text("_Not drawn: it needs both a CPU-bound experiment with a serial baseline and a sleep-io sweep"
                    + " (found: CPU-bound " + (cpu.isPresent() ? "yes" : "no") + ", sleep-io "
                    + (io.isPresent() ? "yes" : "no") + ")._\n\n");
        }
        return s;
    }

    private void render(StringBuilder md, Section s) {
        for (Section.Block b : s.blocks()) {
            if (b instanceof Section.Text t) {
                md.append(t.markdown());
            } else if (b instanceof Section.Figure f) {
                String name = f.chart().name();
                if (failedCharts.containsKey(name)) {
                    md.append("_Chart `").append(name).append("` could not be drawn: ")
                            .append(Fmt.cell(failedCharts.get(name))).append("._\n\n");
                } else {
                    md.append("![").append(f.chart().alt()).append("](").append(name).append(".png)\n\n[SVG](")
                            .append(name).append(".svg)\n\n");
                }
            }
        }
    }

    private void submit(Section.ChartSpec chart) {
        charts.add(chart.name());
        painter.submit(chart.name(), chart.panels(), List.of(footerLine(folder.machine()), basisLine()),
                folder.allWarnings(), out);
    }

    /** The footer line that says what the intervals rest on ("95% CI over 3 forks"). */
    private String basisLine() {
        java.util.Set<String> bases = new java.util.TreeSet<>();
        for (Measurement m : folder.measurements()) {
            String b = org.gilbench.contract.Estimate.of(m.time()).basis();
            bases.add(b.replaceAll(" \\(\\d+ operations\\)", "").replaceAll("over \\d+ forks", "over forks"));
        }
        return "Markers: medians; bars: 95% intervals (" + String.join("; ", bases) + "); hollow: no interval, outliers or disturbed";
    }

    /** Failed cells are results: named, with their first error line, before any lesson uses the rest. */
    private void failedSection(StringBuilder md) {
        var failed = folder.cells().failed();
        var unsure = folder.cells().unsure();
        if (!failed.isEmpty()) {
            md.append("## Cells that failed\n\nEvery attempt of these cells failed; a lesson whose evidence includes one"
                    + " of them never confirms.\n\n| cell | first error line |\n|---|---|\n");
            failed.forEach(f -> md.append("| `").append(Fmt.cell(f.key())).append("` | ").append(Fmt.cell(f.message()))
                    .append(" |\n"));
            md.append('\n');
        }
        if (!unsure.isEmpty()) {
            md.append("_Still unsure when the run ended (the budget ran out before more forks settled them): ")
                    .append(Fmt.cell(String.join("; ", unsure.entrySet().stream()
                            .map(e -> "`" + e.getKey() + "` (" + e.getValue() + ")").toList()))).append("._\n\n");
        }
    }

    private void machineSection(StringBuilder md) {
        Machine m = folder.machine();
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", m.cpuModel());
        row(md, "cores / threads", (m.cores() > 0 ? m.cores() : "unknown") + " / " + (m.threads() > 0 ? m.threads() : "unknown"));
        row(md, "JDK", m.jdk());
        row(md, "OS", m.os());
        row(md, "host", m.host());
        row(md, "date", m.date());
        row(md, "load average (1 min)", Fmt.num(m.loadAverage(), 2));
        md.append('\n');
        if (warnings.isEmpty()) {
            md.append("No noise warnings.\n\n");
        } else {
            md.append("**Warnings** (").append(warnings.size()).append("; all listed under [Warnings](#warnings)): ")
                    .append(Fmt.cell(warnings.get(0))).append(warnings.size() > 1 ? " …" : "").append("\n\n");
        }
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(Fmt.cell(value == null || value.isEmpty() ? Fmt.NONE : value))
                .append(" |\n");
    }

    /**
     * Measurements no lesson reads (no lesson's {@link Lesson#evidence()} names their plan entry): listed, so
     * nothing is silently dropped. The same rule as the runner's {@code --lesson}.
     */
    private void otherSection(StringBuilder md) {
        java.util.Set<String> read = new java.util.HashSet<>();
        Lessons.ALL.forEach(l -> read.addAll(l.evidence()));
        List<Measurement> other = folder.measurements().stream()
                .filter(m -> !folder.cells().readBy(read, Evidence.key(m), m.benchmark()))
                .toList();
        if (other.isEmpty()) {
            return;
        }
        md.append("## Other measurements (no lesson uses them yet)\n\n| benchmark | mode | parameters | time (ms) [95% CI] |\n")
                .append("|---|---|---|---:|\n");
        for (Measurement m : other) {
            md.append("| ").append(m.shortName()).append(" | ").append(m.mode()).append(" | ")
                    .append(Fmt.cell(m.params().toString())).append(" | ")
                    .append(Fmt.pm(org.gilbench.contract.Estimate.of(m.time()))).append(" |\n");
        }
        md.append('\n');
    }

    private void warningsSection(StringBuilder md) {
        md.append("## Warnings\n\n");
        if (warnings.isEmpty()) {
            md.append("None.\n\n");
        }
        for (String w : warnings) {
            md.append("- ").append(w).append('\n');
        }
        md.append('\n');
    }

    private static void methodsSection(StringBuilder md) {
        md.append("## How the numbers were computed\n\n")
                .append("- **Cells.** A cell is one benchmark with one set of parameters. Attempts the runner marked"
                        + " `ok` are preferred; a cell with only `disturbed` attempts is used but flagged (\"disturbed"
                        + " only\"), and such a cell never confirms a lesson.\n")
                .append("- **Value.** The median of the cell's operations (JMH iterations; in sample mode each"
                        + " iteration's mean), normalised to ms per run whatever the mode and unit. Medians, not"
                        + " means: one slow operation must not move the number.\n")
                .append("- **Interval (95%).** With two or more forks: a Student-t interval on the logs of the forks'"
                        + " medians (forks are the independent unit). With one fork: the same over that fork's"
                        + " operations (\"within one fork\"; optimistic, the operations share one JVM's JIT). Without"
                        + " raw data: JMH's 99.9% error rescaled. One operation: no interval, drawn hollow.\n")
                .append("- **Irregular cells.** An operation more than "
                        + Fmt.num(org.gilbench.contract.Estimate.OUTLIER_FACTOR, 0) + "× from its cell's"
                        + " median is an outlier; operations that split at a gap over "
                        + Fmt.num((org.gilbench.contract.Estimate.CLUSTER_GAP - 1) * 100, 0) + "% are two"
                        + " clusters. Both are shown in the tables' \"irregular\" column, never averaged in.\n")
                .append("- **Ratios** (speedups, gil / pool, the convoy): the ratio of the medians; the interval adds"
                        + " the two log-scale variances (log-space interval, asymmetric).\n")
                .append("- **Ideal speedup.** The makespan of the workload's real task list scheduled on min(workers,"
                        + " cores) workers, each next task to the first free worker in submission order (the"
                        + " executor's policy), divided into the serial time of the same list.\n")
                .append("- **Fits.** T(n) = T₁ / C(n) with T₁ free, Amdahl C(n) = 1/((1−p) + p/n) and USL"
                        + " C(n) = n/(1 + σ(n−1) + κn(n−1)), Levenberg–Marquardt weighted by 1/se², on n ≤ cores only,"
                        + " with ≥ " + ScalingFit.MIN_POINTS + " worker counts; the USL peak is given only when κ's"
                        + " interval excludes 0.\n")
                .append("- **Verdicts** (confirms / contradicts / too-noisy / not-measured), from intervals only:\n")
                .append(rules())
                .append("  - A verdict confirms or contradicts only on ≥ " + org.gilbench.report.lesson.Rules.MIN_FORKS
                        + " forks of every cell it rests on; disturbed-only cells decide nothing either way; missing,"
                        + " failed or timed-out cells give not-measured.\n")
                .append("- **Fidelity** (real CPython beside the emulation): the same ratio both ways, each over its own"
                        + " serial baseline (CPython's is `" + ModelNames.CPYTHON_SERIAL + "`); they agree when "
                        + Fidelity.agreement() + "; where the task lists differ, as a fraction of each side's own"
                        + " ideal.\n")
                .append("- Every measurement is in `results.csv`; the merged JMH JSON of the run in `results.json`"
                        + " (jmh.morethan.io reads it); the verdicts in `summary.json`.\n");
    }

    /** Every lesson's verdict rule, in report order: each lesson says its own, from its own constants. */
    private static String rules() {
        StringBuilder b = new StringBuilder();
        for (Lesson lesson : Lessons.ALL) {
            b.append("  - ").append(lesson.rule()).append('\n');
        }
        return b.toString();
    }

    /**
     * Deletes the charts an earlier report wrote (their names depend on the experiments found), so a
     * re-run never leaves a stale chart beside the new report. Only PNG and SVG files are touched.
     */
    private static void removeOldCharts(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".png") || n.endsWith(".svg")) {
                    Files.delete(f);
                }
            }
        }
    }

    static String footerLine(Machine m) {
        return "gilbench · " + m.summary();
    }
}

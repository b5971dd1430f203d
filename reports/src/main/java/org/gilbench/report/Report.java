package org.gilbench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;

/**
 * {@code report DIR}: reads a results folder, runs the analyses and writes {@code DIR/report/}:
 * {@code report.md} (the images, a table per chart, the machine and its warnings, one paragraph per
 * chart saying what it shows and which seed lesson it confirms or contradicts), {@code *.png},
 * {@code *.svg} and {@code results.csv}.
 *
 * <p>A chart whose data is missing is left out with a line saying why, never drawn from guesses.
 */
final class Report {

    /** What was written, for the command line's one-line summary. */
    record Outcome(Path reportDir, List<String> charts, List<String> warnings) {
    }

    private final ResultsFolder folder;
    private final Path out;
    private final int cores;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> charts = new ArrayList<>();
    private final StringBuilder md = new StringBuilder();
    private final ChartFile.Painter painter = new ChartFile.Painter();

    private Report(ResultsFolder folder, Path out) {
        this.folder = folder;
        this.out = out;
        this.cores = folder.machine().cores();
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
        ScalingAnalysis scaling = ScalingAnalysis.of(folder.measurements(), cores);
        List<IoAnalysis.Sweep> sweeps = IoAnalysis.of(folder.measurements(), warnings);
        warnings.addAll(0, folder.allWarnings());
        warnings.addAll(scaling.warnings());

        Map<String, List<ScalingAnalysis.Curve>> experiments = byExperiment(scaling.curves());
        Optional<List<ScalingAnalysis.Curve>> headlineCpu = headline(experiments);
        Optional<IoAnalysis.Sweep> headlineIo = sweeps.stream().max((a, b) -> Integer.compare(
                a.lines().stream().mapToInt(l -> l.points().size()).sum(),
                b.lines().stream().mapToInt(l -> l.points().size()).sum()));

        Machine machine = folder.machine();
        md.append("# gilbench report: ").append(machine.host());
        if (!machine.day().isEmpty()) {
            md.append(", ").append(machine.day());
        }
        md.append("\n\nThreads vs processes vs the GIL, measured with JMH on one machine. Every time is per run"
                + " of the whole workload (ms/op); intervals are 95%, propagated from JMH's 99.9% score errors."
                + " Results folder: `").append(folder.dir().getFileName()).append("`.\n\n");
        machineSection();

        // Chart 3 first: the headline figure is what a reader looks at.
        md.append("## The headline: CPU-bound vs I/O-bound\n\n");
        if (headlineCpu.isPresent() && headlineIo.isPresent()) {
            List<ScalingAnalysis.Curve> cpu = headlineCpu.get();
            XYChart left = CpuScalingChart.create("CPU-bound: " + cpu.get(0).workload() + " (speedup)", cpu, cores);
            XYChart right = IoScalingChart.create("I/O-bound: " + Workloads.SLEEP_IO + " (wall time)", headlineIo.get());
            save(HeadlineChart.create(left, right), "headline");
            md.append(image("headline", "CPU-bound and I/O-bound scaling side by side"));
            md.append("**Left** (CPU-bound): ").append(cpuLessonSentence(cpu)).append("\n\n**Right** (I/O-bound): ")
                    .append(ioLessonSentence(headlineIo.get())).append("\n\nDetails and tables below.\n\n");
        } else {
            md.append("_Not drawn: it needs both a CPU-bound experiment with a serial baseline and a sleep-io sweep"
                    + " (found: ").append(headlineCpu.isPresent() ? "CPU-bound yes" : "CPU-bound no")
                    .append(", ").append(headlineIo.isPresent() ? "sleep-io yes" : "sleep-io no").append(")._\n\n");
        }

        cpuSection(experiments);
        ioSection(sweeps);
        utilisationSection(headlineCpu);
        processSection(experiments);
        otherSection(scaling, sweeps);
        warningsSection();
        methodsSection();
        Csv.write(out.resolve("results.csv"), folder.measurements(), scaling);
        painter.awaitAll();
        Files.writeString(out.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        return new Outcome(out, List.copyOf(charts), List.copyOf(warnings));
    }

    // ---- sections ---------------------------------------------------------------------------------

    private void machineSection() {
        Machine m = folder.machine();
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row("CPU", m.cpuModel());
        row("cores / threads", (m.cores() > 0 ? m.cores() : "unknown") + " / " + (m.threads() > 0 ? m.threads() : "unknown"));
        row("JDK", m.jdk());
        row("OS", m.os());
        row("host", m.host());
        row("date", m.date());
        row("load average (1 min)", Fmt.num(m.loadAverage(), 2));
        md.append('\n');
        if (warnings.isEmpty()) {
            md.append("No noise warnings.\n\n");
        } else {
            md.append("**Warnings** (").append(warnings.size()).append("; all listed under [Warnings](#warnings)): ")
                    .append(Fmt.cell(warnings.get(0))).append(warnings.size() > 1 ? " …" : "").append("\n\n");
        }
    }

    private void row(String key, String value) {
        md.append("| ").append(key).append(" | ").append(Fmt.cell(value == null || value.isEmpty() ? Fmt.NONE : value))
                .append(" |\n");
    }

    private void cpuSection(Map<String, List<ScalingAnalysis.Curve>> experiments) throws IOException {
        md.append("## 1. CPU-bound scaling\n\n");
        if (experiments.isEmpty()) {
            md.append("_No CPU-bound experiment with a serial baseline in this folder: nothing to draw._\n\n");
            return;
        }
        // One chart per workload (drawing is most of the report's time): its pure-CPU view, the one
        // that ships the least data to child JVMs; the other views get their table, and chart 5.
        Map<String, List<ScalingAnalysis.Curve>> charted = new LinkedHashMap<>();
        for (List<ScalingAnalysis.Curve> curves : experiments.values()) {
            String workload = curves.get(0).workload();
            List<ScalingAnalysis.Curve> best = charted.get(workload);
            if (best == null || bytesShipped(curves) < bytesShipped(best)
                    || (bytesShipped(curves) == bytesShipped(best) && curves.size() > best.size())) {
                charted.put(workload, curves);
            }
        }
        for (List<ScalingAnalysis.Curve> curves : experiments.values()) {
            ScalingAnalysis.Curve first = curves.get(0);
            if (curves.stream().allMatch(c -> c.series().model().equals("serial"))) {
                md.append("### ").append(first.workload()).append(" — `").append(first.view()).append("`\n\n")
                        .append("_Only the serial baseline was measured (").append(Fmt.pm(first.baselineTime()))
                        .append(" ms): no speedup to draw._\n\n");
                continue;
            }
            md.append("### ").append(first.workload()).append(" — `").append(first.view()).append("`\n\n");
            if (charted.get(first.workload()) == curves) {
                String name = "cpu-scaling-" + slug(first.workload() + "-" + first.view());
                save(List.of(CpuScalingChart.create(first.workload() + ": speedup over serial, " + first.view(), curves,
                        cores)), name);
                md.append(image(name, first.workload() + " speedup vs workers"));
            } else {
                md.append("_Table only: this view's times are drawn in chart 5._\n\n");
            }
            md.append("Serial baseline: ").append(ChartStyle.millis(first.baselineTime().value())).append(" (")
                    .append(Fmt.pm(first.baselineTime())).append(" ms). Load balance: ").append(first.balance().source())
                    .append(".\n\n");
            md.append("| model | workers | time (ms) | speedup [95% CI] | efficiency | ideal (limit) | CPU % |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (ScalingAnalysis.Curve c : curves) {
                for (ScalingAnalysis.Point p : c.points()) {
                    md.append("| ").append(Fmt.cell(c.series().label())).append(" | ").append(p.workers())
                            .append(" | ").append(Fmt.pm(p.time())).append(" | ").append(Fmt.ci(p.speedup()))
                            .append(" | ").append(Fmt.num(p.efficiency().value(), 2)).append(p.superlinear() ? " (>1!)" : "")
                            .append(" | ").append(Fmt.num(p.ideal(), 2)).append(" (").append(p.limiter().label)
                            .append(") | ").append(Fmt.num(p.measurement().secondaryScore(CpuUtilisationChart.METRIC), 0))
                            .append(" |\n");
                }
            }
            md.append("\nFits (Amdahl and USL, weighted by 1/se², n ≤ cores):\n\n");
            for (ScalingAnalysis.Curve c : curves) {
                if (c.series().model().equals("serial")) {
                    continue;
                }
                md.append("- ").append(c.series().label()).append(": ");
                if (c.amdahl() == null && c.usl() == null) {
                    md.append(c.fitNote());
                } else {
                    if (c.amdahl() != null) {
                        md.append("Amdahl ").append(c.amdahl().describe()).append("; ");
                    }
                    if (c.usl() != null) {
                        md.append("USL ").append(c.usl().describe()).append("; at ").append(cores)
                                .append(" cores the larger cost is ").append(c.usl().dominantLimit(cores));
                        if (Double.isFinite(c.usl().peak())) {
                            md.append(", peak at n* = ").append(Fmt.num(c.usl().peak(), 1));
                        }
                    }
                }
                md.append('\n');
            }
            md.append('\n').append(cpuLessonSentence(curves)).append("\n\n");
        }
    }

    private void ioSection(List<IoAnalysis.Sweep> sweeps) throws IOException {
        md.append("## 2. I/O-bound scaling\n\n");
        if (sweeps.isEmpty()) {
            md.append("_No sleep-io results in this folder: nothing to draw._\n\n");
            return;
        }
        int i = 0;
        for (IoAnalysis.Sweep sweep : sweeps) {
            String name = sweeps.size() == 1 ? "io-scaling" : "io-scaling-" + (++i);
            save(List.of(IoScalingChart.create("sleep-io: wall time vs concurrent tasks, " + sweep.view(), sweep)), name);
            md.append("### sleep-io — `").append(sweep.view()).append("`\n\n").append(image(name, "sleep-io wall time"));
            md.append("| model | ").append(sweep.taskParam())
                    .append(" | time (ms) | time / one sleep | waves ceil(N / workers) |\n|---|---:|---:|---:|---:|\n");
            for (IoAnalysis.Line line : sweep.lines()) {
                for (IoAnalysis.Point p : line.points()) {
                    // A model running at most `workers` sleeps at once needs this many sleeps, at best.
                    long concurrency = line.series().model().equals("serial") ? 1 : Math.max(1, line.workers());
                    md.append("| ").append(Fmt.cell(line.label())).append(" | ").append(p.tasks()).append(" | ")
                            .append(Fmt.pm(p.time())).append(" | ")
                            .append(sweep.sleepMillis() > 0 ? Fmt.num(p.time().value() / sweep.sleepMillis(), 2) : Fmt.NONE)
                            .append(" | ").append((p.tasks() + concurrency - 1) / concurrency).append(" |\n");
                }
            }
            md.append('\n').append(ioLessonSentence(sweep)).append("\n\n");
        }
    }

    private void utilisationSection(Optional<List<ScalingAnalysis.Curve>> headlineCpu) throws IOException {
        md.append("## 4. CPU utilisation per model\n\n");
        if (headlineCpu.isEmpty() || !CpuUtilisationChart.hasData(headlineCpu.get())) {
            md.append("_No `cpu.util` secondary metric in the CPU-bound results (run with the ModelProfiler):"
                    + " nothing to draw._\n\n");
            return;
        }
        List<ScalingAnalysis.Curve> curves = headlineCpu.get();
        String workload = curves.get(0).workload();
        save(List.of(CpuUtilisationChart.create("CPU utilisation: " + workload + " (like `time`'s CPU %)", curves, cores)),
                "cpu-utilisation");
        md.append(image("cpu-utilisation", "CPU utilisation per model"));
        md.append("| model | workers | CPU % [95% CI] |\n|---|---:|---:|\n");
        for (ScalingAnalysis.Curve c : curves) {
            for (ScalingAnalysis.Point p : c.points()) {
                Metric m = p.measurement().secondary().get(CpuUtilisationChart.METRIC);
                md.append("| ").append(Fmt.cell(c.series().label())).append(" | ").append(p.workers()).append(" | ")
                        .append(m == null ? Fmt.NONE : Fmt.ci(Estimate.of(m))).append(" |\n");
            }
        }
        md.append('\n').append(utilisationSentence(curves)).append("\n\n");
    }

    private void processSection(Map<String, List<ScalingAnalysis.Curve>> experiments) throws IOException {
        md.append("## 5. Process start-up and data-shipping cost\n\n");
        List<ScalingAnalysis.Curve> rangeSum = new ArrayList<>();
        experiments.values().stream().filter(l -> l.get(0).workload().equals(Workloads.RANGE_SUM)).forEach(rangeSum::addAll);
        List<Measurement> starts = folder.measurements().stream()
                .filter(m -> Workloads.of(m).equals(Workloads.PROCESS_START)).toList();
        if (rangeSum.isEmpty() && starts.isEmpty()) {
            md.append("_No range-sum results with a serial baseline and no process start-up benchmark: nothing to"
                    + " draw._\n\n");
            return;
        }
        save(ProcessCostChart.create("range-sum", rangeSum, starts, cores), "process-cost");
        md.append(image("process-cost", "range-sum compute only vs end to end, and the cost of one child JVM"));
        if (!starts.isEmpty()) {
            md.append("One child JVM started, given one tiny task and stopped (`").append(starts.get(0).shortName())
                    .append("`):\n\n| child | time per process (ms) | CPU % |\n|---|---:|---:|\n");
            for (Measurement m : starts) {
                md.append("| ").append(Fmt.cell(ProcessCostChart.startLabel(m))).append(" | ")
                        .append(Fmt.pm(Estimate.of(m.time()))).append(" | ")
                        .append(Fmt.num(m.secondaryScore(CpuUtilisationChart.METRIC), 0)).append(" |\n");
            }
            md.append('\n').append(startSentence(starts)).append("\n\n");
        }
        if (rangeSum.isEmpty()) {
            md.append("_No range-sum results with a serial baseline: the data-shipping panels are not drawn._\n\n");
            return;
        }
        TreeSet<String> counters = new TreeSet<>();
        for (ScalingAnalysis.Curve c : rangeSum) {
            for (ScalingAnalysis.Point p : c.points()) {
                p.measurement().secondary().keySet().stream().filter(k -> k.startsWith("process.")).forEach(counters::add);
            }
        }
        md.append("| view | model | workers | time (ms) | speedup [95% CI] |");
        counters.forEach(k -> md.append(' ').append(k).append(" / iteration |"));
        md.append("\n|---|---|---:|---:|---:|");
        counters.forEach(k -> md.append("---:|"));
        md.append('\n');
        for (ScalingAnalysis.Curve c : rangeSum) {
            ScalingAnalysis.Point p = ProcessCostChart.shown(c, cores);
            md.append("| ").append(Fmt.cell(c.view())).append(" | ").append(Fmt.cell(c.series().label())).append(" | ")
                    .append(p.workers()).append(" | ").append(Fmt.pm(p.time())).append(" | ").append(Fmt.ci(p.speedup())).append(" |");
            for (String k : counters) {
                md.append(' ').append(Fmt.counter(k, p.measurement().secondaryScore(k))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n').append(processSentence(rangeSum)).append("\n\n");
    }

    /** Measurements no chart uses (e.g. a GIL micro-benchmark): listed, so nothing is silently dropped. */
    private void otherSection(ScalingAnalysis scaling, List<IoAnalysis.Sweep> sweeps) {
        java.util.Set<Measurement> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        scaling.curves().forEach(c -> c.points().forEach(p -> used.add(p.measurement())));
        sweeps.forEach(sw -> sw.lines().forEach(l -> l.points().forEach(p -> used.add(p.measurement()))));
        List<Measurement> other = folder.measurements().stream().filter(m -> !used.contains(m))
                .filter(m -> !Workloads.of(m).equals(Workloads.PROCESS_START)).toList();
        if (other.isEmpty()) {
            return;
        }
        md.append("## Other measurements (not charted)\n\n| benchmark | mode | parameters | time (ms) | CPU % |\n")
                .append("|---|---|---|---:|---:|\n");
        for (Measurement m : other) {
            md.append("| ").append(m.shortName()).append(" | ").append(m.mode()).append(" | ")
                    .append(Fmt.cell(m.params().toString())).append(" | ").append(Fmt.pm(Estimate.of(m.time())))
                    .append(" | ").append(Fmt.num(m.secondaryScore(CpuUtilisationChart.METRIC), 0)).append(" |\n");
        }
        md.append('\n');
    }

    private void warningsSection() {
        md.append("## Warnings\n\n");
        if (warnings.isEmpty()) {
            md.append("None.\n\n");
        }
        for (String w : warnings) {
            md.append("- ").append(w).append('\n');
        }
        md.append('\n');
    }

    private void methodsSection() {
        md.append("## How the numbers were computed\n\n")
                .append("- Times: JMH's primary score, normalised to ms per run whatever the mode (avgt, ss, sample)"
                        + " and unit. Standard error = JMH's scoreError / t(0.9995, n − 1).\n")
                .append("- Speedup = serial time / model time; its interval by the delta method with"
                        + " Welch–Satterthwaite degrees of freedom. Efficiency = speedup / workers.\n")
                .append("- Ideal = min(workers, cores, W/L), W/L = total work / largest task (load balance).\n")
                .append("- Amdahl S(n) = 1/((1−p) + p/n) and USL C(n) = n/(1 + σ(n−1) + κn(n−1)), Levenberg–Marquardt"
                        + " weighted by 1/se², on n ≤ cores only, only with ≥ " + ScalingFit.MIN_POINTS
                        + " worker counts; χ²/dof ≈ 1 means the law fits within the errors.\n")
                .append("- Every measurement, with its secondary metrics, is in `results.csv`.\n");
    }

    // ---- the paragraphs: what the data says about each seed lesson ---------------------------------

    /** Speedups at the most workers that fit the cores, and what they say about lessons 1 and 2. */
    String cpuLessonSentence(List<ScalingAnalysis.Curve> curves) {
        Map<String, ScalingAnalysis.Point> at = new LinkedHashMap<>();
        for (ScalingAnalysis.Curve c : curves) {
            if (!c.series().model().equals("serial")) {
                at.putIfAbsent(c.series().model(), ProcessCostChart.shown(c, cores));
            }
        }
        if (at.isEmpty()) {
            return "Only the serial baseline was measured: no speedup to show.";
        }
        StringBuilder s = new StringBuilder("At the core count, speedups over serial: ");
        at.forEach((model, p) -> s.append(model).append(" ").append(Fmt.num(p.speedup().value(), 2)).append("× (")
                .append(Fmt.workers(p.workers())).append("), "));
        s.setLength(s.length() - 2);
        s.append(". ");
        boolean anyScaled = at.entrySet().stream().anyMatch(e -> e.getValue().speedup().value() >= 1.25
                || selfScaling(curves, e.getKey(), e.getValue()) >= 1.25);
        if (!anyScaled) {
            // Nothing scaled, with or without a GIL: the run shows the machine, not the models.
            s.append("No model gets faster with more workers on this run, with or without a GIL, so it cannot"
                    + " show lessons 1 and 2: the cores were not free (see the warnings) or the work is too small."
                    + " Re-run on a quiet machine.");
            return s.toString().trim();
        }
        ScalingAnalysis.Point gil = at.get("gil-emulated");
        if (gil != null) {
            // Judged on gil-emulated's own scaling (its 1-worker time / its n-worker time) as well as on
            // the serial baseline: a baseline measured in a noisy moment must not decide the lesson.
            double self = selfScaling(curves, "gil-emulated", gil);
            boolean flatVsItself = !Double.isFinite(self) || self < 1.25;
            // A serial baseline slower than the models at 1 worker is noise: then only the own scaling counts.
            boolean flatVsSerial = baselineSuspect(curves) && Double.isFinite(self)
                    ? flatVsItself : gil.speedup().value() < 1.25;
            String both = Fmt.num(gil.speedup().value(), 2) + "× serial"
                    + (Double.isFinite(self) ? ", " + Fmt.num(self, 2) + "× its own 1-worker time" : "")
                    + " at " + Fmt.workers(gil.workers());
            if (flatVsSerial && flatVsItself) {
                s.append("gil-emulated does not scale (").append(both)
                        .append("): confirms seed lesson 1 (the GIL lets one thread run at a time)")
                        .append(Double.isFinite(self) && self < 0.8 ? "; it even gets slower with more threads, the"
                                + " cost of handing the GIL back and forth (lesson 4). " : ". ");
            } else if (!flatVsSerial && !flatVsItself) {
                s.append("gil-emulated scales (").append(both).append("), which contradicts seed lesson 1 (a GIL"
                        + " should keep it near 1×): check the emulation. ");
            } else {
                s.append("gil-emulated is ambiguous (").append(both).append("): one measure says it scales, the"
                        + " other not, so noise decides; lesson 1 is neither confirmed nor contradicted here. ");
            }
        } else {
            s.append("No gil-emulated results: lesson 1 is not tested here. ");
        }
        ScalingAnalysis.Point proc = at.get("forked-process");
        if (proc != null) {
            double frac = proc.speedup().value() / proc.ideal();
            s.append(frac >= 0.6
                    ? "forked-process reaches " + Fmt.num(100 * frac, 0) + "% of the ideal: confirms seed lesson 2"
                    + " (processes escape the GIL and scale with cores). "
                    : "forked-process reaches only " + Fmt.num(100 * frac, 0) + "% of the ideal: start-up and"
                    + " shipping costs (or noise) dominate at this size, so lesson 2 is not borne out here. ");
        }
        ScalingAnalysis.Point pool = at.get("thread-pool");
        if (pool != null) {
            double frac = pool.speedup().value() / pool.ideal();
            s.append(frac >= 0.6
                    ? "Java's thread-pool has no GIL and reaches " + Fmt.num(pool.speedup().value(), 2) + "× (ideal "
                    + Fmt.num(pool.ideal(), 2) + "): the seed's \"Java would reach 400% on 4 cores\". "
                    : "Java's thread-pool, which has no GIL, reaches only " + Fmt.num(pool.speedup().value(), 2)
                    + "× of an ideal " + Fmt.num(pool.ideal(), 2) + ": less than free threads should; see the"
                    + " warnings (a busy machine takes the cores away). ");
        }
        double fastest = fastestAtOneWorker(curves);
        if (fastest > 1.25) {
            s.append("Caution: at 1 worker some models run ").append(Fmt.num(fastest, 2))
                    .append("× faster than serial, which they cannot honestly do: the serial baseline was"
                            + " measured in a slower moment (noise), so every speedup here is inflated. ");
        }
        return s.toString().trim();
    }

    /** The most bytes any point of an experiment sent to child JVMs per iteration (0 when none). */
    private static double bytesShipped(List<ScalingAnalysis.Curve> curves) {
        return curves.stream().flatMap(c -> c.points().stream())
                .mapToDouble(p -> p.measurement().secondaryScore("process.bytes-sent"))
                .filter(Double::isFinite).max().orElse(0);
    }

    /** The largest speedup over serial any model shows at 1 worker (honestly at most ~1). */
    private static double fastestAtOneWorker(List<ScalingAnalysis.Curve> curves) {
        return curves.stream().filter(c -> !c.series().model().equals("serial"))
                .flatMap(c -> c.points().stream()).filter(p -> p.workers() == 1)
                .mapToDouble(p -> p.speedup().value()).max().orElse(1);
    }

    /** True when some model at 1 worker beats serial by over 25%: the baseline was measured slow. */
    private static boolean baselineSuspect(List<ScalingAnalysis.Curve> curves) {
        return fastestAtOneWorker(curves) > 1.25;
    }

    /** A model's time at 1 worker / its time at {@code at}: scaling that ignores the serial baseline. */
    private static double selfScaling(List<ScalingAnalysis.Curve> curves, String model, ScalingAnalysis.Point at) {
        return curves.stream().filter(c -> c.series().model().equals(model)).flatMap(c -> c.points().stream())
                .filter(p -> p.workers() == 1).findFirst()
                .map(one -> one.time().value() / at.time().value()).orElse(Double.NaN);
    }

    /** Largest task count per line and how close it stays to one sleep: lessons 3 and 4. */
    String ioLessonSentence(IoAnalysis.Sweep sweep) {
        if (sweep.sleepMillis() <= 0) {
            return "The sleep duration is not a parameter of these results, so the one-sleep floor is not drawn.";
        }
        StringBuilder s = new StringBuilder("At the largest task count of each line, wall time in sleeps: ");
        Map<String, IoAnalysis.Point> last = new LinkedHashMap<>();
        for (IoAnalysis.Line l : sweep.lines()) {
            IoAnalysis.Point p = l.points().get(l.points().size() - 1);
            last.put(l.label(), p);
            s.append(l.label()).append(" ").append(Fmt.num(p.time().value() / sweep.sleepMillis(), 2)).append(" at ")
                    .append(ChartStyle.count(p.tasks())).append(", ");
        }
        s.setLength(s.length() - 2);
        s.append(". ");
        // Lesson 3: threads under the GIL overlap sleeps like free threads do.
        IoAnalysis.GilVersusPool gvp = IoAnalysis.gilVersusPool(sweep);
        if (gvp.pairs() > 0) {
            s.append(gvp.worst() < IoAnalysis.SAME
                    ? "gil-emulated and thread-pool of the same size stay within " + Fmt.num(100 * gvp.worst(), 0)
                    + "% of each other: confirms seed lesson 3 (sleep releases the GIL). "
                    : gvp.consistent()
                    ? "gil-emulated and the same-size thread-pool differ by up to " + Fmt.num(100 * gvp.worst(), 0)
                    + "%, but within their 95% intervals (noise): consistent with seed lesson 3 (sleep releases"
                    + " the GIL), not a clean confirmation. "
                    : "gil-emulated differs from the same-size thread-pool by up to " + Fmt.num(100 * gvp.worst(), 0)
                    + "%, beyond the noise: the GIL is not released around sleeps as well as lesson 3 says. ");
        } else {
            s.append("No gil-emulated vs same-size thread-pool pair: lesson 3 is not tested directly. ");
        }
        boolean waves = sweep.lines().stream().anyMatch(l -> l.showWorkers()
                && l.points().get(l.points().size() - 1).tasks() > l.workers()
                && l.points().get(l.points().size() - 1).time().value() > 1.5 * sweep.sleepMillis());
        if (waves) {
            s.append("Fixed pools with fewer workers than tasks sleep in waves, about ceil(N / workers) sleeps"
                    + " (seed 004's waves of 4). ");
        }
        // Lesson 4 from the lines that may run every task at once: how far do they stay on the floor?
        for (IoAnalysis.Line l : sweep.lines()) {
            long most = l.points().get(l.points().size() - 1).tasks();
            if (l.series().model().equals("serial") || l.workers() < most) {
                continue;
            }
            long onFloor = 0;
            for (IoAnalysis.Point p : l.points()) {
                if (p.time().value() <= 1.5 * sweep.sleepMillis()) {
                    onFloor = p.tasks();
                }
            }
            IoAnalysis.Point largest = l.points().get(l.points().size() - 1);
            s.append(l.label()).append(" stays within 1.5 sleeps up to ").append(ChartStyle.count(onFloor))
                    .append(" tasks");
            if (largest.tasks() > onFloor) {
                s.append(" and needs ").append(Fmt.num(largest.time().value() / sweep.sleepMillis(), 1)).append(" sleeps at ")
                        .append(ChartStyle.count(largest.tasks())).append(": starting and scheduling that many threads"
                                + " costs more than the sleep (lesson 4: switching has a cost)");
            }
            s.append(". ");
        }
        return s.toString().trim();
    }

    String utilisationSentence(List<ScalingAnalysis.Curve> curves) {
        StringBuilder s = new StringBuilder("At the core count: ");
        Map<String, Double> util = new LinkedHashMap<>();
        for (ScalingAnalysis.Curve c : curves) {
            ScalingAnalysis.Point p = ProcessCostChart.shown(c, cores);
            double u = p.measurement().secondaryScore(CpuUtilisationChart.METRIC);
            if (Double.isFinite(u)) {
                util.putIfAbsent(c.series().model(), u);
                s.append(c.series().label()).append(" ").append(Fmt.num(u, 0)).append("% (").append(Fmt.workers(p.workers()))
                        .append("), ");
            }
        }
        s.setLength(s.length() - 2);
        s.append(". The seed measured 101% for CPython threads and 389% for processes on 4 cores. ");
        Double gil = util.get("gil-emulated");
        Double proc = util.get("forked-process");
        if (gil != null) {
            s.append(gil < 130 ? "gil-emulated stays near one core, like the seed's 101%. "
                    : "gil-emulated uses " + Fmt.num(gil, 0) + "%, more than one core: unlike the seed's 101%"
                    + " (spinning or overlap in the emulation?). ");
        }
        if (proc != null && cores > 0) {
            s.append(proc > 0.7 * cores * 100 ? "forked-process keeps the cores busy, like the seed's 389%. "
                    : "forked-process uses " + Fmt.num(proc, 0) + "%, well below " + cores * 100
                    + "%: its children are idle part of the time (start-up, shipping, uneven tasks)"
                    + (folder.machine().warnings().isEmpty() ? ". " : ", or other work took the cores (see the"
                    + " machine's warnings). "));
        }
        return s.toString().trim();
    }

    /** The start-up price against the warm pool's round trip. */
    static String startSentence(List<Measurement> starts) {
        Measurement slowest = null;
        Measurement fastest = null;
        for (Measurement m : starts) {
            if (slowest == null || m.time().score() > slowest.time().score()) {
                slowest = m;
            }
            if (fastest == null || m.time().score() < fastest.time().score()) {
                fastest = m;
            }
        }
        if (slowest == fastest) {
            return "A child JVM costs " + ChartStyle.millis(slowest.time().score()) + " to start, use once and stop.";
        }
        return "Starting a child JVM for a task costs " + ChartStyle.millis(slowest.time().score()) + " (`"
                + ProcessCostChart.startLabel(slowest) + "`) against " + ChartStyle.millis(fastest.time().score())
                + " (`" + ProcessCostChart.startLabel(fastest) + "`), "
                + Fmt.num(slowest.time().score() / fastest.time().score(), 0) + "× more: the start-up price of seed"
                + " lesson 2, and why process pools are started once and reused.";
    }

    String processSentence(List<ScalingAnalysis.Curve> curves) {
        Map<String, Map<String, ScalingAnalysis.Point>> byModel = new LinkedHashMap<>();
        for (ScalingAnalysis.Curve c : curves) {
            byModel.computeIfAbsent(c.series().model(), k -> new LinkedHashMap<>()).put(c.view(), ProcessCostChart.shown(c, cores));
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Map<String, ScalingAnalysis.Point>> e : byModel.entrySet()) {
            if (e.getKey().equals("serial")) {
                continue;
            }
            s.append(e.getKey()).append(": ");
            e.getValue().forEach((view, p) -> s.append(view).append(" ").append(Fmt.num(p.speedup().value(), 2)).append("×, "));
            s.setLength(s.length() - 2);
            s.append("; ");
        }
        if (s.length() == 0) {
            return "Only serial was measured.";
        }
        s.setLength(s.length() - 2);
        s.insert(0, "Speedup over serial per view: ");
        s.append(". ");
        Map<String, ScalingAnalysis.Point> proc = byModel.get("forked-process");
        if (proc != null && proc.size() >= 2) {
            Map.Entry<String, ScalingAnalysis.Point> worst = proc.entrySet().stream()
                    .min(java.util.Comparator.comparingDouble(e -> e.getValue().speedup().value())).orElseThrow();
            Map.Entry<String, ScalingAnalysis.Point> best = proc.entrySet().stream()
                    .max(java.util.Comparator.comparingDouble(e -> e.getValue().speedup().value())).orElseThrow();
            double w = worst.getValue().speedup().value();
            double b = best.getValue().speedup().value();
            s.append("forked-process: ").append(Fmt.num(b, 2)).append("× in `").append(best.getKey()).append("` (")
                    .append(Fmt.counter("process.bytes-sent", best.getValue().measurement().secondaryScore("process.bytes-sent")))
                    .append(" sent per iteration) but ").append(Fmt.num(w, 2)).append("× in `").append(worst.getKey())
                    .append("` (").append(Fmt.counter("process.bytes-sent",
                            worst.getValue().measurement().secondaryScore("process.bytes-sent")))
                    .append(" sent). ");
            s.append(w < b * 0.8
                    ? "Shipping the data to the child JVMs eats the speedup: confirms the price in seed lesson 2"
                    + " (and why the seed left list creation and slicing out \"for fairness\")."
                    : "Shipping the data costs little at this size, so the seed's caveat does not show here.");
        } else {
            s.append("forked-process was not measured in two views: the shipping cost is not shown.");
        }
        return s.toString();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static Map<String, List<ScalingAnalysis.Curve>> byExperiment(List<ScalingAnalysis.Curve> curves) {
        Map<String, List<ScalingAnalysis.Curve>> map = new LinkedHashMap<>();
        for (String w : Workloads.CPU_BOUND) {
            for (ScalingAnalysis.Curve c : curves) {
                if (c.workload().equals(w)) {
                    map.computeIfAbsent(w + "|" + c.view(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        return map;
    }

    /** The headline CPU experiment: prime-check if measured, else the next CPU workload; most models wins. */
    private static Optional<List<ScalingAnalysis.Curve>> headline(Map<String, List<ScalingAnalysis.Curve>> experiments) {
        for (String w : Workloads.CPU_BOUND) {
            Optional<List<ScalingAnalysis.Curve>> best = experiments.values().stream()
                    .filter(l -> l.get(0).workload().equals(w))
                    .max((a, b) -> Integer.compare(a.size(), b.size()));
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    private void save(List<? extends org.knowm.xchart.internal.chartpart.Chart<?, ?>> panels, String name) {
        painter.submit(panels, List.of(footerLine(folder.machine())), folder.allWarnings(), out, name);
        charts.add(name);
    }

    /**
     * Deletes the charts an earlier report wrote (their names depend on the experiments found), so a
     * re-run never leaves a stale chart beside the new report. Only names this class writes are touched.
     */
    private static void removeOldCharts(Path out) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(out)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if ((n.endsWith(".png") || n.endsWith(".svg")) && (n.startsWith("cpu-scaling-") || n.startsWith("io-scaling")
                        || n.startsWith("headline.") || n.startsWith("cpu-utilisation.") || n.startsWith("process-cost."))) {
                    Files.delete(f);
                }
            }
        }
    }

    static String footerLine(Machine m) {
        return "gilbench · " + m.summary();
    }

    private static String image(String name, String alt) {
        return "![" + alt + "](" + name + ".png)\n\n[SVG](" + name + ".svg)\n\n";
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}

package org.gilbench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gilbench.model.Model;
import org.gilbench.workload.Workload;

/**
 * What {@link RunBench}'s actions do once its options are checked: {@code --list}, {@code --report-only}
 * and {@code --compare} (handed to the report jar), and the wait for the machine's JMH lock before a run.
 * Failures are {@link RunBench.Failure}s: one line and an exit code.
 */
final class RunActions {

    private RunActions() {
    }

    /** {@code --list}: workloads, models, the plan's entries with their benchmarks, the profiles. */
    static void list(PrintStream o) {
        o.println("Workloads:  " + String.join(", ", Workload.NAMES) + " (and the lessons "
                + String.join(", ", Experiments.LESSONS) + ")");
        o.println("Models:     " + String.join(", ", Model.NAMES));
        o.println("Benchmarks (JMH, in runner/target/gilbench.jar), by plan entry:");
        for (Experiment e : Experiments.ALL) {
            String shortName = e.benchmark().replace("org.gilbench.bench.", "");
            o.printf("  %-22s %-38s %s%n", e.name(), shortName, e.summary());
        }
        int cores = LIST_CORES;
        o.println("Profiles (on " + cores + " cores; --dry-run shows this machine's plan):");
        o.println("  --quick (default)      CPU-bound at workers " + new Selection(Profile.QUICK, cores, List.of(), List.of(),
                List.of()).sweep(false) + ", sleep-io up to 100,000 x 100 ms, 2 rounds, <= 10 min");
        o.println("  --full                 workers " + Selection.powersUpTo(2 * cores) + ", more iterations,"
                + " sleep-io 10/100/1000 ms and larger pools, up to 1,000,000 virtual threads");
        lessons(o);
    }

    /**
     * The cores {@code --list}'s estimates are for: fixed, so that its output is the same on every machine
     * (the repository keeps a copy for a fresh clone, cli/list.txt); --dry-run --lesson N gives this machine's.
     */
    static final int LIST_CORES = 2;

    /** {@code --list}'s lessons: seed number, id, title, and the estimate of a --lesson run of the Java cells. */
    static void lessons(PrintStream o) {
        o.println("Lessons (--lesson N: every section of seed lesson N; --lesson ID: one section). Estimates: "
                + RunBench.LESSON_ROUNDS + " rounds on " + LIST_CORES + " cores, Java cells only (CPython's add to them;"
                + " --dry-run --lesson N shows this machine's plan):");
        Selection s = new Selection(Profile.QUICK, LIST_CORES, Model.NAMES, Experiments.workloadNames(), List.of());
        Plan all = Plan.build(s, Experiments.ALL, Plan.fromBenchmarkList());
        for (org.gilbench.report.lesson.Lesson l : org.gilbench.report.lesson.Lessons.ALL) {
            Plan p = new LessonChoice(List.of(l)).restrict(all);
            double seconds = p.seconds(1, RunBench.LESSON_ROUNDS)
                    + (l.evidence().contains(TimelineStep.FOLDER) ? TimelineStep.ESTIMATE_SECONDS : 0);
            o.printf("  %d  %-26s %3d cells ~%5s  %s%n", l.number(), l.id(), p.cells().size(), Progress.clock(seconds),
                    l.title());
        }
    }

    /**
     * {@code --report-only DIR} (rewrites DIR/report/) or {@code --compare DIR...} (writes a comparison into
     * {@code out} or results/compare-&lt;date&gt;/): the report jar does the work; this checks its inputs first.
     */
    static int report(Path root, ReportJar reportJar, Path reportOnly, List<Path> compare, Path out) throws Exception {
        List<Path> dirs = reportOnly != null ? List.of(reportOnly) : compare;
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new RunBench.Failure(1, "no such results folder: " + d);
            }
            try (Stream<Path> files = Files.walk(d)) {
                if (files.noneMatch(f -> f.toString().endsWith(".json") && !f.startsWith(d.resolve("report")))) {
                    throw new RunBench.Failure(1, d + " holds no JMH results (*.json)");
                }
            }
        }
        if (!reportJar.exists()) {
            throw new RunBench.Failure(1, reportJar.jar() + " is missing and the build did not make it (./mvnw -DskipTests package)");
        }
        if (reportOnly != null) {
            return reportJar.exec(List.of("report", reportOnly.toString()));
        }
        Path target = out != null ? out : root.resolve("results").resolve("compare-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<String> args = new ArrayList<>(List.of("compare", "--out", target.toString()));
        compare.forEach(p -> args.add(p.toString()));
        return reportJar.exec(args);
    }

    /** Waits (up to 10 min) for another JMH run on this machine to finish, then holds the lock for the run. */
    static JmhLock acquireJmhLock(Console console) throws IOException {
        long waited = 0;
        while (true) {
            JmhLock lock = JmhLock.tryAcquire();
            if (lock != null) {
                if (waited > 0) {
                    console.say("  ... got it after " + waited + " s");
                }
                return lock;
            }
            if (waited == 0) {
                console.say("another JMH run holds /tmp/jmh.lock (another benchmark on this machine): waiting up to 600 s");
            }
            if (waited >= 600) {
                throw new RunBench.Failure(1, "another JMH run still holds /tmp/jmh.lock after 600 s; try again later");
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunBench.Failure(130, "interrupted");
            }
            waited += 5;
        }
    }
}

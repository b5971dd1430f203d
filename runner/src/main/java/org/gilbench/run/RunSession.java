package org.gilbench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gilbench.contract.Attempt;
import org.gilbench.contract.AttemptStatus;

/**
 * One run into one results folder: N rounds of every cell in a fresh fork and a new order, each attempt
 * watched for outside work and bounded by its limit, disturbed attempts measured again at the end of their
 * round, then extra forks for the cells still unsure while the budget lasts. cells.json after every attempt,
 * machine.json and the report after every round.
 */
final class RunSession {

    /** A round's measurement of a cell and at most two more when outside work disturbed it. */
    static final int MAX_ATTEMPTS_PER_ROUND = 3;

    record Settings(int rounds, double budgetMinutes, long seed, double buildSeconds, Double loadAtStart) {
    }

    private final Console console;
    private final Plan plan;
    private final Settings settings;
    private final Path dir;
    private final Map<String, CellRunner> runners;
    private final ReportJar reportJar;
    private final String noiseUnavailable = NoiseWatch.unavailableReason();
    private final Progress progress = new Progress();
    private final Map<String, double[]> estimateVsWall = new TreeMap<>(); // experiment -> {estimated, measured}
    private CellAttempts attempts;
    private CellsFile cells;
    private MachineInfo machine;
    private Budget budget;
    private double previousWall;
    private List<org.gilbench.cpython.Python> interpreters = List.of();
    private LessonChoice lessons;
    private volatile boolean stopping;
    private volatile boolean finished;

    RunSession(Console console, Plan plan, Settings settings, Path dir, Map<String, CellRunner> runners, ReportJar reportJar) {
        this.console = console;
        this.plan = plan;
        this.settings = settings;
        this.dir = dir;
        this.runners = runners;
        this.reportJar = reportJar;
    }

    /** --lesson's lessons (null: every lesson): the timeline only when they read it, one report at the end. */
    RunSession lessons(LessonChoice choice) {
        this.lessons = choice;
        return this;
    }

    /** The CPython interpreters of the run, recorded in machine.json. */
    RunSession interpreters(List<org.gilbench.cpython.Python> pythons) {
        this.interpreters = List.copyOf(pythons);
        return this;
    }

    /** @return the exit code: 0 ok, 1 a cell failed or the report did */
    int run(boolean resuming) throws IOException {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("gilbench-interrupt").unstarted(this::onInterrupt));
        try {
            return runRounds(resuming);
        } finally {
            finished = true;
            if (attempts != null) {
                attempts.close();
            }
        }
    }

    private int runRounds(boolean resuming) throws IOException {
        Path jmhDir = dir.resolve("jmh");
        Files.createDirectories(jmhDir);
        console.say("");
        console.say("[1/4] machine");
        if (resuming && Files.exists(dir.resolve(MachineInfo.NAME))) {
            machine = MachineInfo.read(dir);
            previousWall = machine.fields.get("wallSeconds") instanceof Number n ? n.doubleValue() : 0;
            console.say("machine.json kept from the first run (resuming)");
        } else {
            machine = MachineInfo.collect(settings.loadAtStart());
            console.say(machine.summary());
            machine.warnings().forEach(console::warn);
        }
        machine.fields.put("noiseWatch", NoiseWatch.source());
        // forked-process's children read their CPU time the same way (workloads' Child.CpuClock).
        machine.fields.put("childCpuClock", NoiseWatch.procUnavailableReason() == null ? "proc-self-stat"
                : "process-handle (" + NoiseWatch.procUnavailableReason() + ")");
        machine.fields.put("profile", plan.selection().profile().label());
        machine.fields.put("rounds", settings.rounds());
        machine.fields.put("seed", settings.seed());
        machine.fields.put("budgetMinutes", settings.budgetMinutes());
        machine.fields.put("buildSeconds", Math.round(settings.buildSeconds()));
        List<Map<String, Object>> pythons = new java.util.ArrayList<>();
        for (org.gilbench.cpython.Python p : interpreters) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", p.executable().toString());
            entry.put("version", p.version());
            entry.put("build", p.build());
            entry.put("origin", p.origin());
            pythons.add(entry);
        }
        machine.fields.put("cpython", pythons);
        if (noiseUnavailable != null) {
            console.warn("noise watch " + noiseUnavailable + ": disturbed cells cannot be detected on this system");
        }
        if (runners.get(JmhCellRunner.KIND) instanceof JmhCellRunner jmh && !plan.cells().stream()
                .filter(c -> c.runner().equals(JmhCellRunner.KIND)).toList().isEmpty()) {
            String note = jmh.prepareCache(console.log());
            machine.fields.put("forkCache", note);
            console.say("benchmark JVMs' class cache: " + note);
        }
        cells = CellsFile.resume(plan.cells(), dir);
        attempts = new CellAttempts(console, dir, runners, cells, progress, estimateVsWall, noiseUnavailable,
                () -> stopping);
        budget = new Budget(settings.budgetMinutes() * 60, settings.buildSeconds() + previousWall, System::nanoTime);
        writeState();

        console.say("");
        console.say("[2/4] rounds");
        plan.print(console.out, settings.rounds(), settings.budgetMinutes());
        boolean reportOk = true;
        for (int r = 1; r <= settings.rounds(); r++) {
            if (!runRound(r)) {
                return 130; // not reached: the interrupt hook halts the JVM
            }
            if (r == 1 && !timeline()) {
                return 130;
            }
            writeState();
            // A classroom run (--lesson) writes its report once, at the end: a report costs 5-20 s here.
            reportOk = lessons != null || reportJar.report(dir, console, false);
            console.say("  round " + r + "/" + settings.rounds() + " done, elapsed " + Progress.clock(budget.elapsedSeconds())
                    + (lessons == null && reportOk && reportJar.exists() ? "; report: " + dir.resolve("report/report.md") : ""));
        }

        console.say("");
        console.say("[3/4] re-measure (budget " + Progress.clock(settings.budgetMinutes() * 60) + ", elapsed "
                + Progress.clock(budget.elapsedSeconds()) + ")");
        new Remeasuring(console, plan, cells, budget, progress, attempts, settings.rounds(), dir,
                lessons != null ? lessons.ids() : List.of()).run();
        writeState();

        console.say("");
        console.say("[4/4] report");
        reportOk = reportJar.report(dir, console, true);
        if (reportOk && reportJar.exists()) {
            console.say("report: " + dir.resolve("report/report.md"));
        }
        return summarize(reportOk);
    }

    /** @return false when interrupted */
    private boolean runRound(int round) {
        List<Cell> order = Rounds.order(plan.cells(), settings.seed(), round);
        Deque<Cell> queue = new ArrayDeque<>();
        for (Cell c : order) {
            if (c.inRound(round) && !cells.doneInRound(c.id(), round, MAX_ATTEMPTS_PER_ROUND)) {
                queue.add(c);
            }
        }
        if (queue.isEmpty()) {
            console.say("  round " + round + "/" + settings.rounds() + ": already done, kept");
            return true;
        }
        int total = queue.size();
        int i = 0;
        while (!queue.isEmpty()) {
            Cell cell = queue.poll();
            i++;
            long inRound = cells.attempts(cell.id()).stream().filter(a -> a.round() == round && a.extra() == null).count();
            double remaining = queue.stream().mapToDouble(Cell::estimateSeconds).sum()
                    + plan.seconds(round + 1, settings.rounds());
            console.say(String.format("  round %d/%d, cell %d/%d: %s%s — elapsed %s, ETA %s", round, settings.rounds(), i,
                    total, cell.id(), inRound > 0 ? " (again: disturbed)" : "", Progress.clock(budget.elapsedSeconds()),
                    Progress.clock(progress.eta(remaining + cell.estimateSeconds()))));
            Attempt a = attempts.run(cell, round, (int) inRound + 1, null);
            if (a == null) {
                return false;
            }
            if (a.is(AttemptStatus.DISTURBED)) {
                if (inRound + 1 >= MAX_ATTEMPTS_PER_ROUND) {
                    console.say("      disturbed " + MAX_ATTEMPTS_PER_ROUND + " times: kept as disturbed");
                } else if (budget.allows(cell.estimateSeconds(), remaining, progress.ratio())) {
                    queue.addLast(cell);
                    total++;
                    console.say("      measured again at the end of this round");
                } else {
                    console.say("      not measured again: the budget would not allow the planned rounds");
                }
            }
        }
        return true;
    }

    /** The GIL timeline, once per run after round 1's cells; a failure is a warning. False when interrupted. */
    private boolean timeline() {
        boolean read = lessons == null || lessons.evidence().contains(TimelineStep.FOLDER);
        if (!read || !TimelineStep.planned(plan.selection()) || TimelineStep.done(dir)) {
            return true;
        }
        long t0 = System.nanoTime();
        console.say("  the GIL timeline (" + TimelineStep.MAIN + ") -> " + TimelineStep.FOLDER + "/");
        console.log().println("== " + String.join(" ", TimelineStep.command(dir)));
        try {
            String failure = TimelineStep.run(dir, console.log());
            if (failure != null) {
                console.warn("the GIL timeline was not recorded (" + failure + "); the run goes on");
            } else {
                console.say(String.format("      written in %.1f s", (System.nanoTime() - t0) / 1e9));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private void writeState() {
        machine.fields.put("disturbed", cells.disturbedKeys());
        machine.fields.put("wallSeconds", Math.round(budget.elapsedSeconds())); // build and earlier sessions included
        machine.fields.put("estimateRatio", round2(progress.ratio()));
        Map<String, Double> ratios = new LinkedHashMap<>();
        estimateVsWall.forEach((k, v) -> ratios.put(k, round2(v[1] / v[0])));
        machine.fields.put("estimateRatios", ratios);
        machine.write(dir);
    }

    private int summarize(boolean reportOk) {
        writeState();
        console.say("");
        console.say(String.format("measured / estimated wall time: %.2f overall (1.00 = the plan's estimates were right)",
                progress.ratio()));
        estimateVsWall.forEach((k, v) -> console.say(String.format("      %-22s %.2f  (%s measured, %s estimated)", k,
                v[1] / v[0], Progress.clock(v[1]), Progress.clock(v[0]))));
        List<String> disturbed = cells.disturbedKeys();
        if (!disturbed.isEmpty()) {
            console.say(disturbed.size() + " cells had disturbed attempts (outside work > "
                    + NoiseWatch.DISTURBED_CORES + " core): listed in machine.json and cells.json");
        }
        List<String> timeouts = plan.cells().stream().filter(c -> cells.attempts(c.id()).stream()
                .anyMatch(a -> a.is(AttemptStatus.TIMEOUT))).map(Cell::id).toList();
        if (!timeouts.isEmpty()) {
            console.warn("cells stopped at their limit: " + String.join(", ", timeouts));
        }
        List<String> failed = plan.cells().stream().filter(c -> cells.attempts(c.id()).stream()
                .anyMatch(a -> a.is(AttemptStatus.FAILED))).map(Cell::id).toList();
        console.say("done in " + Progress.clock(budget.elapsedSeconds()) + " (build included): " + plan.cells().size()
                + " cells x " + settings.rounds() + " rounds, " + failed.size() + " failed; results in " + dir);
        if (!failed.isEmpty()) {
            console.warn("failed cells: " + String.join(", ", failed) + " (see run.log)");
            return 1;
        }
        return reportOk ? 0 : 1;
    }

    /** Ctrl-C or SIGTERM: stop every fork within a second, keep what is finished, say how to resume. */
    private void onInterrupt() {
        if (finished) {
            return;
        }
        stopping = true;
        Descendants.stop(500);
        console.err.println();
        console.warn("interrupted: the finished rounds and cells are kept in " + dir
                + "; complete the run with: " + Console.command() + " --resume " + dir);
        console.err.flush();
        Runtime.getRuntime().halt(130);
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).trim();
    }

    static String fmt(double v) {
        return v >= 100 ? String.format("%.0f", v) : v >= 1 ? String.format("%.2f", v) : String.format("%.4f", v);
    }

    static String pct(double v) {
        return String.format("%.0f%%", v * 100);
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}

package org.gilbench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.gilbench.cpython.CPythonCell;
import org.gilbench.cpython.Interpreters;
import org.gilbench.cpython.Python;
import org.gilbench.model.Model;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * gilbench's runner, started by {@code ./run-bench.sh} once it has a JDK and a fresh build: plans the cells
 * ({@link Experiments}), runs them in shuffled rounds ({@link RunSession}), and writes the results folder
 * of docs/results-contract.md. Also {@code --dry-run}, {@code --list}, {@code --report-only}, {@code --compare}.
 *
 * <pre>
 * java -cp runner/target/gilbench.jar org.gilbench.run.RunBench --dry-run
 * </pre>
 *
 * Exit: 0 ok; 1 a failure (a cell, the report, a missing folder); 2 bad usage; 130 interrupted.
 */
@Command(name = "./run-bench.sh", sortOptions = false, usageHelpWidth = 100, abbreviateSynopsis = true,
        customSynopsis = "./run-bench.sh [options]",
        description = {"", "Runs gilbench's benchmarks in shuffled rounds (every cell once per round, each in a fresh",
            "fork), watches for outside work, re-measures what the verdicts need, and writes",
            "results/<host>-<yyyymmdd-HHMMSS>/: jmh/round-<r>/*.json (JMH JSON), cells.json,",
            "machine.json, run.log and the report (report/), rewritten after every round.", ""},
        footer = {"", "Exit: 0 ok, 1 failure, 2 bad usage, 130 interrupted (finished rounds are kept: --resume DIR)."})
public final class RunBench implements Callable<Integer> {

    @Option(names = "--quick", description = "(default) every lesson in <= 10 min on 2 cores, build included: "
            + "CPU-bound workloads at workers 1 and cores, the sleep-io sweep, the GIL convoy, every seed experiment, 2 rounds")
    boolean quick;

    @Option(names = "--full", description = "the complete sweep: workers 1, 2, 4, .., 2 x cores, more iterations, "
            + "sleep-io durations 10/100/1000 ms and larger pools")
    boolean full;

    @Option(names = "--lesson", paramLabel = "N[,M...]", description = "a classroom run: only the cells these lessons "
            + "read (seed lesson numbers 1-6, or lesson ids; --list shows them), 2 rounds, then extra forks until "
            + "they are decided or the budget (default: the estimate + 30%%, at least 2 min) ends; the report has "
            + "only their sections")
    String lesson;

    @Option(names = "--workloads", paramLabel = "LIST", description = "comma-separated, of: ${COMPLETION-CANDIDATES}",
            completionCandidates = WorkloadNames.class)
    String workloads;

    @Option(names = "--models", paramLabel = "LIST", description = "comma-separated, of: ${COMPLETION-CANDIDATES}",
            completionCandidates = ModelNames.class)
    String models;

    @Option(names = "--workers", paramLabel = "LIST", description = "worker counts of the CPU-bound sweep, e.g. "
            + "1,2,4 (serial always runs at 1)")
    String workers;

    @Option(names = "--rounds", paramLabel = "N", description = "rounds (default 2 quick, 2 full): each measures every cell once, "
            + "in a fresh fork, in a new order")
    Integer rounds;

    @Option(names = "--budget", paramLabel = "MINUTES", description = "wall time for the whole run, build included "
            + "(default: 10 for quick; the estimate + 15%% for full); re-measuring disturbed cells and the cells of "
            + "too-noisy lessons stops there (the planned rounds always run)")
    Double budget;

    @Option(names = "--seed", paramLabel = "N", description = "the seed of the rounds' shuffles (default: random; "
            + "recorded in machine.json)")
    Long seed;

    @Option(names = "--python", paramLabel = "PATH", description = "measure the seed programs in this CPython "
            + "(repeatable) instead of the ones found on the PATH and in pyenv (python3 >= 3.8, python3.13t/3.14t, "
            + "python2.7)")
    List<Path> pythons = new ArrayList<>();

    @Option(names = "--no-python", description = "measure no CPython: the charts show the emulation only")
    boolean noPython;

    @Option(names = "--out", paramLabel = "DIR", description = "write the results here instead of "
            + "results/<host>-<date>/ (must not exist or be empty)")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "complete an interrupted run: the interrupted round "
            + "and the remaining ones, with the run's saved options")
    Path resume;

    @Option(names = "--report-only", paramLabel = "DIR", description = "(re)write DIR/report/ from DIR's results; "
            + "runs no benchmark")
    Path reportOnly;

    @Option(names = "--compare", arity = "2..*", paramLabel = "DIR", description = "compare runs; writes "
            + "results/compare-<date>/ (or --out DIR)")
    List<Path> compare;

    @Option(names = "--dry-run", description = "print the plan (cells, left-out cells) and its estimated duration")
    boolean dryRun;

    @Option(names = "--list", description = "list workloads, models, benchmarks and profiles")
    boolean list;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    /** The file in a results folder that keeps the run's options for --resume. */
    static final String ARGS_FILE = ".run-bench.args";

    private Console console;
    private List<String> originalArgs = List.of();

    /** The cell runners by {@link Cell#runner()} name; a new kind of cell registers here. */
    static Map<String, CellRunner> runners(List<Python> pythons, Path root) {
        if (pythons.isEmpty()) {
            return Map.of(JmhCellRunner.KIND, new JmhCellRunner());
        }
        return Map.of(JmhCellRunner.KIND, new JmhCellRunner(),
                CPythonCellRunner.KIND, new CPythonCellRunner(pythons, CPythonCell.driver(root)));
    }

    /** The CPython interpreters of this run: none (--no-python), the chosen ones (--python), or those found. */
    Interpreters.Found interpreters(Interpreters finder) {
        if (noPython && !pythons.isEmpty()) {
            throw new Failure(2, "--python and --no-python cannot be combined");
        }
        if (noPython) {
            return new Interpreters.Found(List.of(), List.of());
        }
        try {
            return finder.find(pythons);
        } catch (IllegalArgumentException e) {
            throw new Failure(2, e.getMessage());
        }
    }

    /** Every plan entry of this run: {@link Experiments#ALL}, then one per CPython interpreter. */
    static List<Experiment> experiments(List<Python> pythons) {
        List<Experiment> all = new ArrayList<>(Experiments.ALL);
        all.addAll(CPythonCellRunner.experiments(pythons));
        return all;
    }

    /** The plan with the lines it prints about the interpreters and the GIL timeline. */
    static Plan plan(Selection selection, Interpreters.Found found) {
        return plan(selection, found, true);
    }

    private static Plan plan(Selection selection, Interpreters.Found found, boolean timeline) {
        Plan plan = Plan.build(selection, experiments(found.pythons()), Plan.fromBenchmarkList());
        List<String> notes = new ArrayList<>();
        if (timeline && TimelineStep.planned(selection)) {
            notes.add("+ the GIL timeline (" + TimelineStep.MAIN + ", ~" + Math.round(TimelineStep.ESTIMATE_SECONDS)
                    + " s) once, in round 1, into gil-timeline/");
        }
        notes.add(found.summary());
        found.notes().forEach(n -> notes.add("  skipped " + n));
        return plan.withNotes(notes);
    }

    static final class WorkloadNames extends ArrayList<String> {
        WorkloadNames() {
            super(Experiments.workloadNames());
        }
    }

    static final class ModelNames extends ArrayList<String> {
        ModelNames() {
            super(Model.NAMES);
        }
    }

    /** A failure the user must see as one line, with the exit code it means. */
    static final class Failure extends RuntimeException {
        final int exit;

        Failure(int exit, String message) {
            super(message);
            this.exit = exit;
        }
    }

    public static void main(String[] args) {
        int exit = execute(System.out, System.err, args);
        System.out.flush();
        System.exit(exit);
    }

    /** Parses and runs; never throws, never prints a stack trace. */
    static int execute(PrintStream out, PrintStream err, String... args) {
        RunBench command = new RunBench();
        command.console = new Console(out, err);
        command.originalArgs = List.of(args);
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((ex, a) -> badUsage(err, ex.getMessage()));
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof ParameterException pe) {
                return badUsage(err, pe.getMessage());
            }
            if (ex instanceof Failure f) {
                if (f.exit == 2) {
                    return badUsage(err, f.getMessage());
                }
                err.println(Console.PROG + ": " + f.getMessage());
                return f.exit;
            }
            err.println(Console.PROG + ": " + RunSession.oneLine(ex));
            return 1;
        });
        return cl.execute(args);
    }

    private static int badUsage(PrintStream err, String message) {
        err.println(Console.PROG + ": " + message);
        err.println("Usage: ./run-bench.sh [options]   (./run-bench.sh --help lists them)");
        err.flush();
        return 2;
    }

    private Failure usage(String message) {
        return new Failure(2, message);
    }

    @Override
    public Integer call() throws Exception {
        int modes = (resume != null ? 1 : 0) + (reportOnly != null ? 1 : 0) + (compare != null ? 1 : 0) + (list ? 1 : 0);
        if (modes > 1) {
            throw usage("--resume, --report-only, --compare and --list cannot be combined");
        }
        if (resume != null && out != null) {
            throw usage("--resume DIR writes into DIR: do not combine it with --out");
        }
        if (quick && full) {
            throw usage("--quick and --full cannot be combined");
        }
        if (rounds != null && (rounds < 1 || rounds > 100)) {
            throw usage("bad --rounds " + rounds + " (expected 1..100)");
        }
        if (budget != null && !(budget > 0 && budget <= 24 * 60)) {
            throw usage("bad --budget " + budget + " (expected minutes, more than 0, at most 1440)");
        }
        if (list) {
            RunActions.list(console.out);
            return 0;
        }
        LessonChoice lessons = lessonChoice();
        Path root = Path.of(System.getProperty("gilbench.root", "")).toAbsolutePath();
        ReportJar reportJar = new ReportJar(root);
        if (reportOnly != null || compare != null) {
            return RunActions.report(root, reportJar, reportOnly, compare, out);
        }
        if (resume != null) {
            return resume(reportJar);
        }
        Selection selection = selection();
        Interpreters.Found found = interpreters(Interpreters.onThisMachine());
        Plan plan = History.load(root.resolve("results"), selection.profile()).apply(plan(selection, found, lessons));
        int n = rounds != null ? rounds : lessons != null ? LESSON_ROUNDS : selection.profile().defaultRounds();
        double build = Double.parseDouble(System.getProperty("gilbench.buildSeconds", "0"));
        double minutes = budget != null ? budget : lessons != null ? lessonBudgetMinutes(plan.seconds(1, n), build)
                : selection.profile().defaultBudgetMinutes(plan.seconds(1, n), build);
        if (dryRun) {
            plan.print(console.out, n, minutes);
            return 0;
        }
        if (plan.cells().isEmpty()) {
            throw new Failure(1, "the selection has no cell to measure in this build");
        }
        Path dir = out != null ? out.toAbsolutePath() : root.resolve("results").resolve(MachineInfo.host() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            throw usage(dir + " exists and is not empty (use --resume " + dir + " to complete it)");
        }
        Files.createDirectories(dir);
        // The selection for --resume: profile and lists only, not --out or --dry-run.
        List<String> saved = new ArrayList<>();
        for (int i = 0; i < originalArgs.size(); i++) {
            if (originalArgs.get(i).equals("--out")) {
                i++;
            } else {
                saved.add(originalArgs.get(i));
            }
        }
        Files.write(dir.resolve(ARGS_FILE), saved);
        long s = seed != null ? seed : new java.util.Random().nextLong();
        return start(plan, new RunSession.Settings(n, minutes, s, build, loadAtStart()), dir, reportJar, false,
                found, root, lessons);
    }

    private int start(Plan plan, RunSession.Settings settings, Path dir, ReportJar reportJar, boolean resuming,
                      Interpreters.Found found, Path root, LessonChoice lessons) throws IOException {
        console.openLog(dir.resolve("run.log"));
        console.logOnly("== " + Console.PROG + " " + String.join(" ", originalArgs) + " — " + java.time.Instant.now());
        console.say("results: " + dir);
        console.say(found.summary());
        found.notes().forEach(n -> console.logOnly("  skipped " + n));
        try (JmhLock lock = RunActions.acquireJmhLock(console)) {
            return new RunSession(console, plan, settings, dir, runners(found.pythons(), root),
                    lessons != null ? reportJar.only(lessons.ids()) : reportJar)
                    .interpreters(found.pythons()).lessons(lessons).run(resuming);
        }
    }

    private int resume(ReportJar reportJar) throws Exception {
        Path dir = resume.toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            throw new Failure(1, "no such results folder: " + resume);
        }
        if (!Files.isRegularFile(dir.resolve(ARGS_FILE))) {
            throw new Failure(1, resume + " was not written by " + Console.PROG + " (no " + ARGS_FILE + "): cannot resume it");
        }
        // The original options, parsed again: the resumed run plans the same cells.
        RunBench saved = new RunBench();
        new CommandLine(saved).parseArgs(Files.readAllLines(dir.resolve(ARGS_FILE)).toArray(String[]::new));
        Selection selection = saved.selection();
        LessonChoice lessons = saved.lessonChoice();
        Interpreters.Found found = saved.interpreters(Interpreters.onThisMachine());
        Plan plan = History.load(dir.getParent(), selection.profile()).apply(plan(selection, found, lessons));
        MachineInfo machine = Files.exists(dir.resolve(MachineInfo.NAME)) ? MachineInfo.read(dir) : null;
        int n = machine != null && machine.fields.get("rounds") instanceof Number r ? r.intValue()
                : saved.rounds != null ? saved.rounds : lessons != null ? LESSON_ROUNDS : selection.profile().defaultRounds();
        long s = machine != null && machine.fields.get("seed") instanceof Number v ? v.longValue() : new java.util.Random().nextLong();
        // --budget given now wins; otherwise the first run's.
        double minutes = budget != null ? budget
                : machine != null && machine.fields.get("budgetMinutes") instanceof Number b ? b.doubleValue()
                : selection.profile().defaultBudgetMinutes(plan.seconds(1, n), 0);
        if (dryRun) {
            plan.print(console.out, n, minutes);
            return 0;
        }
        double build = Double.parseDouble(System.getProperty("gilbench.buildSeconds", "0"));
        Path root = Path.of(System.getProperty("gilbench.root", "")).toAbsolutePath();
        return start(plan, new RunSession.Settings(n, minutes, s, build, null), dir, reportJar, true, found, root, lessons);
    }

    /** A classroom run's planned rounds: a verdict needs two independent forks of every cell it rests on. */
    static final int LESSON_ROUNDS = 2;
    /** A classroom run's budget: at least this, for one lesson on the screen in a lecture (issue 19). */
    static final double LESSON_MIN_BUDGET_MINUTES = 2.0;
    /** ... or its planned rounds plus this share for the extra forks that decide it. */
    static final double LESSON_EXTRA_SHARE = 0.30;

    /** --lesson's default budget in minutes: the rounds' estimate + 30 %, at least 2 minutes, plus a build. */
    static double lessonBudgetMinutes(double roundsSeconds, double buildSeconds) {
        return Math.max(LESSON_MIN_BUDGET_MINUTES, roundsSeconds * (1 + LESSON_EXTRA_SHARE) / 60.0) + buildSeconds / 60.0;
    }

    /** --lesson's lessons, or null for a run of every lesson. */
    LessonChoice lessonChoice() {
        if (lesson == null) {
            return null;
        }
        if (full) {
            throw usage("--lesson plans from the quick profile's cells: do not combine it with --full");
        }
        try {
            return LessonChoice.parse(lesson);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The plan of a selection, restricted to what --lesson's lessons read when given. */
    static Plan plan(Selection selection, Interpreters.Found found, LessonChoice lessons) {
        Plan plan = plan(selection, found, lessons == null || lessons.evidence().contains(TimelineStep.FOLDER));
        return lessons == null ? plan : lessons.restrict(plan);
    }

    /** The profile and the user's lists, checked against the names this build knows. */
    Selection selection() {
        Profile profile = full ? Profile.FULL : Profile.QUICK;
        return new Selection(profile, Runtime.getRuntime().availableProcessors(),
                names("model", "--models", models, Model.NAMES), names("workload", "--workloads", workloads, Experiments.workloadNames()),
                workerCounts(workers));
    }

    /** A comma-separated list checked against the known names, returned in their order (serial first). */
    static List<String> names(String what, String option, String list, List<String> known) {
        if (list == null) {
            return known;
        }
        if (list.isEmpty() || list.startsWith(",") || list.endsWith(",") || list.contains(",,")) {
            throw new Failure(2, "bad " + option + " list '" + list + "' (expected e.g. " + known.get(0) + ",...)");
        }
        List<String> given = List.of(list.split(","));
        for (String name : given) {
            if (!known.contains(name)) {
                throw new Failure(2, "unknown " + what + " '" + name + "' (known: " + String.join(", ", known) + ")");
            }
        }
        return known.stream().filter(given::contains).toList();
    }

    /** Worker counts 1..100000, ascending, no repeats; empty for the profile's sweep. */
    static List<Integer> workerCounts(String list) {
        if (list == null) {
            return List.of();
        }
        if (list.isEmpty() || list.startsWith(",") || list.endsWith(",") || list.contains(",,")) {
            throw new Failure(2, "bad --workers list '" + list + "' (expected e.g. 1,2,4)");
        }
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (String item : list.split(",")) {
            if (!item.matches("[1-9][0-9]{0,5}") || Integer.parseInt(item) > 100_000) {
                throw new Failure(2, "bad worker count '" + item + "' in --workers (expected whole numbers 1..100000)");
            }
            out.add(Integer.parseInt(item));
        }
        return List.copyOf(out);
    }

    private static Double loadAtStart() {
        String v = System.getProperty("gilbench.loadAtStart", "");
        try {
            return v.isEmpty() ? null : Double.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}

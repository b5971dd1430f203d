package org.gilbench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gilbench.cpython.CPythonCell;
import org.gilbench.cpython.CPythonPlan;
import org.gilbench.cpython.Python;
import org.gilbench.workload.PrimeCheck;

/**
 * CPython cells (issue 12) in the run's rounds: each attempt starts a fresh interpreter through
 * {@link CPythonCell#run}, which runs the warm-up and the measured operations and writes one JMH-format
 * JSON ({@code "benchmark": "cpython.<experiment>"}) into the round's folder, {@code jmh/round-<r>/}, beside
 * the JVM cells. The run loop around it is the one of every cell: shuffled with them, watched for outside
 * work, stopped at its limit (with its process pool: the interpreter is a descendant of this JVM).
 *
 * <p>The plan's cells are made by {@link #experiments} from {@link CPythonPlan}, one plan entry per
 * interpreter; a cell's params are the result's params (its {@code python} version and {@code build}
 * included), so its key is the one the report computes from the JSON.
 */
final class CPythonCellRunner implements CellRunner {

    static final String KIND = "cpython";


    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Python> pythons;
    private final Path driver;

    /**
     * @param pythons the interpreters of the plan
     * @param driver  {@code cpython/gilbench_cpython.py} (absolute)
     */
    CPythonCellRunner(List<Python> pythons, Path driver) {
        this.pythons = List.copyOf(pythons);
        this.driver = driver;
    }

    /** One plan entry per interpreter, e.g. {@code cpython-3.11.7}: the cells of its profile. */
    static List<Experiment> experiments(List<Python> pythons) {
        List<Experiment> out = new ArrayList<>();
        for (Python p : pythons) {
            out.add(new PerInterpreter(p));
        }
        return out;
    }

    /** The CPython cells of one interpreter, as {@link CPythonPlan} lists them for the profile. */
    record PerInterpreter(Python python) implements Experiment {

        @Override
        public String name() {
            return "cpython-" + python.version() + (python.gilEnabled() ? "" : "t");
        }

        @Override
        public String benchmark() {
            return "cpython.*";
        }

        @Override
        public String summary() {
            return "the seed programs in " + python.label() + " (" + python.executable() + ")";
        }

        @Override
        public String runner() {
            return KIND;
        }

        @Override
        public List<Cell> cells(Selection s, List<String> leftOut) {
            List<Cell> cells = new ArrayList<>();
            for (CPythonCell planned : CPythonPlan.cells(s.profile().label(), s.cores(), python)) {
                CPythonCell c = s.profile() == Profile.QUICK ? quick(planned) : planned;
                StringBuilder id = new StringBuilder(name()).append('-').append(c.experiment());
                c.params().forEach((k, v) -> id.append('-').append(k.equals("model") ? "" : k + "-")
                        .append(v.replace("cpython-", "").replace("cpython2-", "")));
                // Every cell in every round, distributions too: a verdict needs >= 2 forks of each (issue 18).
                int rounds = 0;
                cells.add(new Cell(id.toString().replaceAll("[^A-Za-z0-9.-]+", "-"), name(), KIND, c.benchmark(),
                        new TreeMap<>(c.resultParams(python)), Cell.Iterations.singleShot(c.warmup(), c.ops()),
                        c.estimateSeconds(), c.experiment() + " in " + python.label() + " " + c.params(), rounds));
            }
            return cells;
        }
    }

    /**
     * The quick profile's prime-check cells measure one operation per round after the warm-up (3 over the
     * rounds): the seed list takes ~2 s per operation in CPython, and its three cells would otherwise cost
     * ~45 s of the 10 minutes.
     */
    static CPythonCell quick(CPythonCell c) {
        if (!c.experiment().equals(PrimeCheck.NAME) || c.ops() <= 1) {
            return c;
        }
        double perOp = (c.estimateSeconds() - START_SECONDS) / (c.warmup() + c.ops());
        return new CPythonCell(c.experiment(), c.params(), c.warmup(), 1, START_SECONDS + (c.warmup() + 1) * perOp);
    }

    /** Starting an interpreter and importing the driver (CPythonPlan's estimate). */
    static final double START_SECONDS = 0.15;

    /** The CPython cell and interpreter a plan cell stands for. */
    CPythonCell cpythonCell(Cell cell) {
        String experiment = cell.benchmark().substring("cpython.".length());
        Map<String, String> params = new TreeMap<>(cell.params());
        params.remove("python");
        params.remove("build");
        return new CPythonCell(experiment, params, cell.iterations().warmups(), cell.iterations().measurements(),
                cell.estimateSeconds());
    }

    Python python(Cell cell) {
        for (Python p : pythons) {
            if (p.version().equals(cell.params().get("python")) && p.build().equals(cell.params().get("build"))) {
                return p;
            }
        }
        throw new IllegalStateException("no interpreter " + cell.params().get("python") + " ("
                + cell.params().get("build") + ") in this run for " + cell.key());
    }

    @Override
    public Score run(Cell cell, Path resultFile, PrintStream log) throws Exception {
        Python python = python(cell);
        CPythonCell c = cpythonCell(cell);
        // The run loop stops it at the cell's limit first; this is only the backstop of CPythonCell.run.
        Duration limit = Duration.ofMillis(Math.round((cell.limitSeconds() + 30) * 1000));
        CPythonCell.Result r = c.run(python, driver, resultFile, limit);
        log.println("   " + String.join(" ", c.command(python, driver, resultFile)));
        log.println("   " + r.status().label() + " in " + String.format("%.1f s", r.wallSeconds())
                + (r.message().isEmpty() ? "" : ": " + r.message()) + " (driver output: " + r.log() + ")");
        if (r.status() != CPythonCell.Status.OK) {
            throw new IllegalStateException(python.label() + ": " + r.message());
        }
        return score(resultFile);
    }

    /** The primary score, its unit and the measured operations of a JMH-format result. */
    static Score score(Path json) throws java.io.IOException {
        JsonNode metric = JSON.readTree(json.toFile()).get(0).path("primaryMetric");
        List<Double> ops = new ArrayList<>();
        for (JsonNode fork : metric.path("rawData")) {
            fork.forEach(v -> ops.add(v.asDouble()));
        }
        return new Score(metric.path("score").asDouble(), metric.path("scoreUnit").asText(), ops);
    }
}

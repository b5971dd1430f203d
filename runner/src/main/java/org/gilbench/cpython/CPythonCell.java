package org.gilbench.cpython;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PingPong;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.SleepIo;

/**
 * One CPython measurement: a seed experiment run by {@code cpython/gilbench_cpython.py} in a fresh
 * interpreter process — warm-up operations first, then the measured ones, all inside that process —
 * which writes one JMH-format JSON file ({@code "benchmark": "cpython.<experiment>"}).
 *
 * <p>{@code params} are the result's params minus {@code python} and {@code build} (which the
 * interpreter adds): {@code model}, {@code workers} and the experiment's own, by their JSON names; each
 * is one driver option ({@code listMultiple} is {@code --list-multiple}). The driver writes back
 * exactly these, so {@link #key(Python)} equals the key the report computes from the JSON.
 *
 * @param experiment      {@code prime-check}, {@code count-loop}, {@code sleep-io}, {@code convoy},
 *                        {@code ping-pong}, {@code change-it} or {@code bank-account}
 * @param params          {@code model}, {@code workers}, ... (sorted by name)
 * @param warmup          warm-up operations (run, not recorded)
 * @param ops             measured operations
 * @param estimateSeconds the expected wall time of one run of this cell, interpreter start included
 */
public record CPythonCell(String experiment, Map<String, String> params, int warmup, int ops,
        double estimateSeconds) {

    /** The driver, relative to the repository root. */
    public static final Path DRIVER = Path.of("cpython", "gilbench_cpython.py");

    /** The driver's experiments, and this round's groups' (run by their own script beside it, {@link #script}). */
    public static final Set<String> EXPERIMENTS = union(
            Set.of(PrimeCheck.NAME, CountLoop.NAME, SleepIo.NAME, "convoy", PingPong.NAME, "change-it", "bank-account"),
            union(ThreadCPythonCells.EXPERIMENTS, ProcessCPythonCells.EXPERIMENTS));

    /** The driver's models, and the groups' scripts' own ({@code cpython-asyncio}). */
    public static final Set<String> MODELS = union(Set.of("cpython-serial", "cpython-threads", "cpython-processes",
            "cpython-free-threaded", "cpython2-threads"), ThreadCPythonCells.MODELS);

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /**
     * The script that runs this cell, beside {@link #DRIVER}: a group's own script when the cell's experiment
     * or model is one of that group's (issue 22: {@code gilbench_threads.py}; issue 21: the process programs
     * through {@code gilbench_process.py}), else the driver itself.
     */
    public Path script(Path driver) {
        if (ProcessCPythonCells.EXPERIMENTS.contains(experiment)) {
            return driver.resolveSibling(ProcessCPythonCells.SCRIPT);
        }
        return ThreadCPythonCells.runsThisCell(experiment, model()) ? driver.resolveSibling(ThreadCPythonCells.SCRIPT)
                : driver;
    }

    /** What the run came to, in the contract's words ({@code cells.json}'s attempt status). */
    public enum Status {
        OK("ok"), TIMEOUT("timeout"), FAILED("failed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param status      ok, timeout or failed
     * @param json        the JMH-format result (present when ok)
     * @param log         the driver's output: one line per operation, or its one-line error
     * @param wallSeconds from start to exit (or to the kill)
     * @param message     empty when ok; else e.g. {@code exit 1: gilbench_cpython.py: wrong answer: ...}
     */
    public record Result(Status status, Path json, Path log, double wallSeconds, String message) {
    }

    public CPythonCell {
        if (!EXPERIMENTS.contains(experiment)) {
            throw new IllegalArgumentException("CPython experiment '" + experiment + "' unknown (known: "
                    + String.join(", ", sorted(EXPERIMENTS)) + ")");
        }
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        String model = params.get("model");
        if (model == null || !MODELS.contains(model)) {
            throw new IllegalArgumentException("CPython cell: model '" + model + "' unknown (known: "
                    + String.join(", ", sorted(MODELS)) + ")");
        }
        if (!params.containsKey("workers")) {
            throw new IllegalArgumentException("CPython cell: params need 'workers', got " + params.keySet());
        }
        for (String name : params.keySet()) {
            if (!name.matches("[a-z][A-Za-z]*") || name.equals("python") || name.equals("build")) {
                throw new IllegalArgumentException("CPython cell: bad param name '" + name + "'");
            }
        }
        if (warmup < 0 || ops < 1) {
            throw new IllegalArgumentException("CPython cell: need warmup >= 0 and ops >= 1, got " + warmup + ", " + ops);
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /** {@code cpython.<experiment>}: the result's {@code "benchmark"}. */
    public String benchmark() {
        return "cpython." + experiment;
    }

    public String model() {
        return params.get("model");
    }

    /** The params the JSON will carry: these plus the interpreter's {@code python} and {@code build}. */
    public Map<String, String> resultParams(Python python) {
        Map<String, String> all = new TreeMap<>(params);
        all.put("python", python.version());
        all.put("build", python.build());
        return all;
    }

    /** The contract's cell key: {@code cpython.prime-check{build=default,listMultiple=1,model=...}}. */
    public String key(Python python) {
        return benchmark() + resultParams(python).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Whether this interpreter runs the cell's model (2.7 only cpython2-threads, and so on). */
    public boolean runsOn(Python python) {
        return python.models().contains(model()) || ThreadCPythonCells.runsOn(python, model());
    }

    /** The command line: {@code python driver experiment --model m --workers n ... --json out}. */
    public List<String> command(Python python, Path driver, Path json) {
        List<String> command = new ArrayList<>();
        command.add(python.executable().toString());
        command.add(script(driver).toString());
        command.add(experiment);
        params.forEach((name, value) -> {
            command.add("--" + name.replaceAll("([A-Z])", "-$1").toLowerCase());
            command.add(value);
        });
        command.add("--warmup");
        command.add(Integer.toString(warmup));
        command.add("--ops");
        command.add(Integer.toString(ops));
        command.add("--json");
        command.add(json.toString());
        return command;
    }

    /** The driver in a repository checkout; one clear line when it is missing. */
    public static Path driver(Path repoRoot) {
        Path driver = repoRoot.resolve(DRIVER);
        if (!Files.isRegularFile(driver)) {
            throw new IllegalArgumentException("the CPython driver " + driver + " is missing (run from a gilbench checkout)");
        }
        return driver.toAbsolutePath();
    }

    /**
     * Runs the cell in a fresh interpreter and waits at most {@code timeout}; on timeout or interrupt
     * the interpreter and its children (a process pool's workers) are destroyed. The driver's output
     * goes to {@code json}'s name with {@code .log}; a result file is only trusted after exit 0.
     *
     * @throws InterruptedException when interrupted (the processes are gone by then)
     */
    public Result run(Python python, Path driver, Path json, Duration timeout) throws InterruptedException {
        if (!runsOn(python)) {
            throw new IllegalArgumentException(key(python) + ": " + python.label() + " runs " + python.models()
                    + ", not " + model());
        }
        Path log = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".log");
        long start = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.deleteIfExists(json);
            process = new ProcessBuilder(command(python, driver, json.toAbsolutePath()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            return new Result(Status.FAILED, json, log, seconds(start), "cannot start " + python.executable() + ": " + e.getMessage());
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Processes.destroyTree(process);
                return new Result(Status.TIMEOUT, json, log, seconds(start),
                        "no result within " + timeout.toSeconds() + " s (estimate " + Math.round(estimateSeconds) + " s); killed");
            }
        } catch (InterruptedException e) {
            Processes.destroyTree(process);
            throw e;
        }
        double wall = seconds(start);
        int exit = process.exitValue();
        if (exit != 0) {
            return new Result(Status.FAILED, json, log, wall, "exit " + exit + ": " + lastLine(log));
        }
        if (!Files.isRegularFile(json) || json.toFile().length() == 0) {
            return new Result(Status.FAILED, json, log, wall, "exit 0 but no result in " + json);
        }
        String mismatch = mismatch(python, json);
        if (mismatch != null) {
            return new Result(Status.FAILED, json, log, wall, "result " + json + " " + mismatch);
        }
        return new Result(Status.OK, json, log, wall, "");
    }

    /**
     * Null when {@code json} is this cell's result: one record, this benchmark, exactly
     * {@link #resultParams} (so the report's key is {@link #key}), {@code ops} measured values.
     */
    String mismatch(Python python, Path json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (IOException e) {
            return "is not JSON: " + e.getMessage().lines().findFirst().orElse("");
        }
        if (!root.isArray() || root.size() != 1) {
            return "is not a list of one JMH record";
        }
        JsonNode record = root.get(0);
        if (!benchmark().equals(record.path("benchmark").asText())) {
            return "names benchmark '" + record.path("benchmark").asText() + "', expected " + benchmark();
        }
        Map<String, String> params = new TreeMap<>();
        record.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        if (!params.equals(resultParams(python))) {
            return "has params " + params + ", expected " + resultParams(python);
        }
        JsonNode raw = record.path("primaryMetric").path("rawData");
        if (raw.size() != 1 || raw.get(0).size() != ops) {
            return "has rawData " + raw + ", expected one list of " + ops + " values";
        }
        return null;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no output (" + e.getMessage() + ")";
        }
    }
}

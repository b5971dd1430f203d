package org.gilbench.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.gilbench.workload.PoolWaves;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The process programs of {@code cpython/} (process_start.py, queue_writer_reader.py, shared_memory.py,
 * fork_copies_globals.py, pool_waves.py, range_sum.py), run with tiny inputs by this machine's python3
 * (skipped where it has none): each prints one JSON line of JMH-format records with the seeds' answers,
 * a corrupted answer exits 1, bad usage exits 2 with one line. (Each program itself fails, exit 1, when
 * a child of its outlives its work: gilbench_process.no_child_left.)
 */
class ProcessProgramsTest {

    static Python python;
    static Path folder;

    @BeforeAll
    static void find() {
        Optional<Python> p = Interpreters.onThisMachine().discover().pythons().stream()
                .filter(py -> py.major() == 3 && py.minor() >= 8 && py.gilEnabled()).findFirst();
        assumeTrue(p.isPresent(), "no python3 (3.8+, default build) on this machine: CPython checks skipped");
        python = p.get();
        folder = Path.of("").toAbsolutePath().getParent().resolve("cpython");
    }

    record Run(int exit, String stdout, String stderr) {
        JsonNode records() throws IOException {
            assertEquals(0, exit, stderr);
            String[] lines = stdout.strip().split("\n");
            assertEquals(1, lines.length, "one JSON line on stdout: " + stdout);
            return new ObjectMapper().readTree(lines[0]);
        }
    }

    static Run run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.executable().toString(), folder.resolve(program).toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).start();
        // Both streams are small (tiny inputs): read one after the other.
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(program + " still running after 120 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static double secondary(JsonNode record, String name) {
        return record.get("secondaryMetrics").get(name).get("rawData").get(0).get(0).asDouble();
    }

    @Test
    void everyStartMethodAndSubprocessStartsAndAnswers() throws Exception {
        JsonNode records = run("process_start.py", "--starts", "2", "--warmup", "0").records();
        List<String> methods = new ArrayList<>();
        for (JsonNode r : records) {
            assertEquals("cpython.process-start", r.get("benchmark").asText());
            assertEquals(python.version(), r.get("params").get("python").asText());
            assertEquals(2, r.get("primaryMetric").get("rawData").get(0).size());
            methods.add(r.get("params").get("method").asText());
        }
        assertEquals(List.of("os-fork", "fork", "spawn", "forkserver", "subprocess"), methods);
    }

    @Test
    void everyChannelDeliversItsMessagesAndABrokenCountFails() throws Exception {
        JsonNode records = run("queue_writer_reader.py", "--payloads", "8,70000", "--messages", "5",
                "--warmup", "0", "--ops", "1").records();
        assertEquals(2 * (2 + 2 + 1 + 1), records.size(), "queues x 2 writer counts + pipes, x 2 payloads");
        for (JsonNode r : records) {
            int writers = r.get("params").get("writers").asInt();
            assertEquals(5.0 * writers, secondary(r, "messages"), r.get("params").toString());
        }
        Run broken = run("queue_writer_reader.py", "--channels", "process-queue", "--payloads", "8",
                "--messages", "3", "--ops", "1", "--warmup", "0", "--break");
        assertEquals(1, broken.exit(), broken.stderr());
    }

    @Test
    void theValueLosesUpdatesOnlyWithoutItsLock() throws Exception {
        JsonNode records = run("shared_memory.py", "--parties", "2", "--increments", "2000", "--ops", "1").records();
        JsonNode none = records.get(0);
        JsonNode lock = records.get(1);
        assertEquals("none", none.get("params").get("locking").asText());
        assertTrue(secondary(none, "counter") >= 1 && secondary(none, "counter") <= 4000);
        assertEquals(4000.0, secondary(lock, "counter"));
        assertEquals(0.0, secondary(lock, "lost"));
        assertEquals(1, run("shared_memory.py", "--increments", "100", "--ops", "1", "--break").exit());
    }

    @Test
    void processesCountTheirOwnCopiesAndPopTwentyEach() throws Exception {
        JsonNode records = run("fork_copies_globals.py", "--millis", "1", "--limit", "10", "--ops", "1").records();
        for (JsonNode r : records) {
            boolean processes = r.get("params").get("model").asText().equals("cpython-processes");
            if (r.get("params").get("program").asText().equals("counting")) {
                assertEquals(processes ? 20.0 : 10.0, secondary(r, "steps"));
                assertEquals(processes ? 0.0 : 10.0, secondary(r, "parentCounter"));
            } else {
                assertEquals(processes ? 20.0 : 40.0, secondary(r, "parentPop"));
            }
        }
        assertEquals(4, records.size());
    }

    @Test
    void thePoolRunsTheJavaDrawInTheSeedsWaves() throws Exception {
        JsonNode records = run("pool_waves.py", "--millis-per-seed-second", "20", "--warmup", "0", "--ops", "1",
                "--models", "cpython-threads").records();
        String javaDraw = Arrays.stream(PoolWaves.random(PoolWaves.SEED_RANDOM_TASKS, PoolWaves.SEED_RANDOM_MAX_SECONDS, 20)
                .millis()).mapToObj(Long::toString).collect(Collectors.joining(","));
        for (JsonNode r : records) {
            String experiment = r.get("params").get("experiment").asText();
            double waves = secondary(r, "waves");
            switch (experiment) {
                case "random" -> {
                    assertEquals(javaDraw, r.get("params").get("sleeps").asText(), "the same durations as Java");
                    assertEquals(2.0, waves);
                }
                case "apply-async" -> assertEquals(3.0, waves);
                case "apply" -> assertEquals(10.0, waves);
                default -> throw new AssertionError(experiment);
            }
        }
    }

    @Test
    void theSeedsSumIsRightEveryWayAndBadUsageIsOneLine() throws Exception {
        JsonNode records = run("range_sum.py", "--n", "100000", "--processes", "4").records();
        assertEquals(3, records.size());
        for (JsonNode r : records) {
            assertTrue(secondary(r, "endToEnd") >= r.get("primaryMetric").get("score").asDouble() - 1e-6);
        }
        assertEquals(1, run("range_sum.py", "--n", "1000", "--modes", "serial", "--break").exit());
        Run bad = run("range_sum.py", "--modes", "parallel");
        assertEquals(2, bad.exit());
        assertEquals("range_sum.py: bad value for --modes: parallel (allowed: serial, processes, shared)", bad.stderr().strip());
        for (String program : List.of("process_start.py", "queue_writer_reader.py", "shared_memory.py",
                "fork_copies_globals.py", "pool_waves.py", "range_sum.py")) {
            Run help = run(program, "--help");
            assertEquals(0, help.exit(), program);
            assertTrue(help.stdout().startsWith("usage: " + program), program + ": " + help.stdout());
        }
        assertTrue(Files.isRegularFile(folder.resolve("gilbench_process.py")));
    }

    /**
     * The quick profile's process cells as the runner runs them (CPythonCell.run through gilbench_process.py): the
     * first planned cell of every experiment runs with its planned params and writes one record whose params are
     * exactly the cell's, so the report's key is the runner's.
     */
    @Test
    void thePlannedProcessCellsRunThroughTheDriverWithTheirOwnKey(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.util.Map<String, CPythonCell> first = new java.util.LinkedHashMap<>();
        for (CPythonCell c : CPythonPlan.cells("quick", 2, python)) {
            if (ProcessCPythonCells.EXPERIMENTS.contains(c.experiment())) {
                first.putIfAbsent(c.experiment(), c);
            }
        }
        assertEquals(ProcessCPythonCells.EXPERIMENTS, first.keySet(), "every process experiment planned in quick");
        Path driver = folder.resolve("gilbench_cpython.py");
        for (CPythonCell c : first.values()) {
            assertEquals(folder.resolve(ProcessCPythonCells.SCRIPT), c.script(driver));
            Path json = dir.resolve(c.experiment() + ".json");
            CPythonCell.Result r = c.run(python, driver, json, java.time.Duration.ofSeconds(120));
            assertEquals(CPythonCell.Status.OK, r.status(), c.key(python) + ": " + r.message());
        }
    }

    @Test
    void theDriverRefusesAnUnknownExperimentOrModelInOneLine() throws Exception {
        Run unknown = run("gilbench_process.py", "no-such", "--model", "cpython-processes", "--workers", "1");
        assertEquals(2, unknown.exit());
        assertEquals(1, unknown.stderr().strip().lines().count(), unknown.stderr());
        assertTrue(unknown.stderr().contains("unknown experiment no-such"), unknown.stderr());
        Run model = run("gilbench_process.py", "shared-memory", "--model", "cpython-threads", "--workers", "4",
                "--locking", "lock", "--increments", "10");
        assertEquals(2, model.exit());
        assertTrue(model.stderr().contains("runs cpython-processes, not cpython-threads"), model.stderr());
    }
}

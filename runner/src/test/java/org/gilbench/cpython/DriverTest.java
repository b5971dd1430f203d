package org.gilbench.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The Python programs themselves, run with tiny inputs by the interpreters this machine has (skipped,
 * with the reason, where it has none): every answer verified, a wrong one fails the run, and the result
 * is JMH's JSON with JMH's own statistics.
 */
class DriverTest {

    @TempDir
    Path dir;

    static List<Python> pythons;
    static Path driver;

    @BeforeAll
    static void find() {
        pythons = Interpreters.onThisMachine().discover().pythons();
        driver = CPythonCell.driver(Path.of("").toAbsolutePath().getParent());
    }

    static Python need(Predicate<Python> which, String what) {
        Optional<Python> p = pythons.stream().filter(which).findFirst();
        assumeTrue(p.isPresent(), "no " + what + " on this machine (PATH, pyenv): CPython checks skipped");
        return p.get();
    }

    static Python python3() {
        return need(p -> p.major() == 3 && p.gilEnabled(), "python3 (3.8+, default build)");
    }

    CPythonCell.Result run(Python py, String experiment, Map<String, String> params, int ops) throws InterruptedException {
        CPythonCell cell = new CPythonCell(experiment, params, 0, ops, 5);   // no warm-up: answers, not timings
        return cell.run(py, driver, dir.resolve(experiment + ".json"), Duration.ofSeconds(120));
    }

    static JsonNode record(CPythonCell.Result r) throws IOException {
        assertEquals(CPythonCell.Status.OK, r.status(), r.message());
        return new ObjectMapper().readTree(r.json().toFile()).get(0);
    }

    @Test
    void primeCheckFindsTwelveOfThirteenInThreadsAndProcesses() throws Exception {
        Python py = python3();
        for (String model : List.of("cpython-threads", "cpython-processes")) {
            JsonNode rec = record(run(py, "prime-check",
                    Map.of("model", model, "workers", "2", "variant", "seed", "listMultiple", "1"), 1));
            assertEquals("cpython.prime-check", rec.get("benchmark").asText());
            assertEquals(py.version(), rec.get("params").get("python").asText());
        }
    }

    @Test
    void countLoopSleepIoConvoyPingPongAndTheLostUpdatesRunTiny() throws Exception {
        Python py = python3();
        record(run(py, "count-loop", Map.of("model", "cpython-processes", "workers", "2", "tasks", "3", "iterations", "1000"), 1));
        JsonNode sleep = record(run(py, "sleep-io", Map.of("model", "cpython-threads", "workers", "4", "tasks", "8", "millis", "5"), 1));
        // Two waves of 5 ms at least: a pool of 4 cannot run 8 sleeps in one.
        assertTrue(sleep.get("primaryMetric").get("score").asDouble() >= 10.0, sleep.toString());
        JsonNode convoy = record(run(py, "convoy", Map.of("model", "cpython-threads", "workers", "1", "competitors", "1", "tasks", "5"), 1));
        assertEquals("avgt", convoy.get("mode").asText());
        assertTrue(convoy.get("secondaryMetrics").has("lateness.p50"));
        for (String model : List.of("cpython-threads", "cpython-processes")) {
            JsonNode pingPong = record(run(py, "ping-pong", Map.of("model", model, "workers", "1", "competitors", "0", "tasks", "50"), 1));
            assertEquals("ops/s", pingPong.get("primaryMetric").get("scoreUnit").asText());
        }
        JsonNode change = record(run(py, "change-it", Map.of("model", "cpython-threads", "workers", "1", "iterations", "1000", "lock", "lock"), 1));
        assertEquals(0.0, change.get("secondaryMetrics").get("balance").get("score").asDouble());
        JsonNode bank = record(run(py, "bank-account",
                Map.of("model", "cpython-threads", "workers", "4", "tasks", "8", "millis", "1", "lock", "lock"), 1));
        assertEquals(8.0, bank.get("secondaryMetrics").get("balance").get("score").asDouble());
    }

    @Test
    void aWrongAnswerFailsTheRunWithOneLine() throws Exception {
        Python py = python3();
        Map<String, List<String>> tiny = Map.of(
                "count-loop", List.of("--tasks", "2", "--iterations", "100"),
                "sleep-io", List.of("--tasks", "2", "--millis", "1"),
                "change-it", List.of("--iterations", "100", "--lock", "lock"),
                "bank-account", List.of("--tasks", "4", "--millis", "0", "--lock", "lock"));
        for (String experiment : tiny.keySet()) {
            Path json = dir.resolve("broken-" + experiment + ".json");
            List<String> command = new ArrayList<>(List.of(py.executable().toString(), driver.toString(), experiment,
                    "--model", "cpython-threads", "--workers", "2", "--warmup", "0", "--ops", "1", "--json", json.toString(),
                    "--break"));
            command.addAll(tiny.get(experiment));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            assertEquals(1, p.waitFor(), experiment + ": " + output);
            assertTrue(output.strip().startsWith("gilbench_cpython.py: wrong answer: " + experiment), output);
            assertEquals(1, output.strip().lines().count(), output);
            assertTrue(Files.notExists(json), "no result file for a wrong answer");
        }
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        Python py = python3();
        Process p = new ProcessBuilder(py.executable().toString(), driver.toString(), "prime-check",
                "--model", "cpython-serial", "--workers", "2").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(2, p.waitFor(), output);
        assertEquals("gilbench_cpython.py: cpython-serial runs with --workers 1 only", output.strip());
    }

    @Test
    void statisticsAreJmhs() throws Exception {
        Python py = python3();
        JsonNode metric = record(run(py, "count-loop",
                Map.of("model", "cpython-threads", "workers", "1", "tasks", "2", "iterations", "20000"), 5)).get("primaryMetric");
        ListStatistics stats = new ListStatistics();
        metric.get("rawData").get(0).forEach(v -> stats.addValue(v.asDouble()));
        assertEquals(5, stats.getN());
        assertEquals(stats.getMean(), metric.get("score").asDouble(), 1e-9);
        assertEquals(stats.getMeanErrorAt(0.999), metric.get("scoreError").asDouble(), 1e-6 * stats.getMean());
        assertEquals(stats.getPercentile(50), metric.get("scorePercentiles").get("50.0").asDouble(), 1e-9);
        assertEquals(stats.getPercentile(90), metric.get("scorePercentiles").get("90.0").asDouble(), 1e-9);
        assertEquals("ms/op", metric.get("scoreUnit").asText());
    }

    @Test
    void twoOperationsHaveNoErrorAsInJmh() throws Exception {
        JsonNode metric = record(run(python3(), "change-it",
                Map.of("model", "cpython-threads", "workers", "1", "iterations", "100", "lock", "none"), 2)).get("primaryMetric");
        assertEquals("NaN", metric.get("scoreError").asText());
    }

    @Test
    void python27RunsTheOldGilPrograms() throws Exception {
        Python py = need(Python::isPython2, "Python 2.7");
        record(run(py, "count-loop", Map.of("model", "cpython2-threads", "workers", "2", "tasks", "2", "iterations", "1000"), 1));
        record(run(py, "change-it", Map.of("model", "cpython2-threads", "workers", "1", "iterations", "1000", "lock", "none"), 1));
        record(run(py, "sleep-io", Map.of("model", "cpython2-threads", "workers", "2", "tasks", "2", "millis", "1"), 1));
    }

    private static String helpOf(Python py, Path script) {
        try {
            Process p = new ProcessBuilder(py.executable().toString(), script.toString(), "--help").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), help);
            return help;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyPlannedCellIsAcceptedByTheDriver() throws Exception {
        Python py = python3();
        java.util.Map<Path, String> helps = new java.util.HashMap<>();
        for (String profile : List.of("quick", "full")) {
            for (CPythonCell cell : CPythonPlan.cells(profile, 2, py)) {
                // Each cell's own program (the groups' experiments have drivers of their own).
                Path script = cell.script(driver);
                String help = helps.computeIfAbsent(script, s -> helpOf(py, s));
                assertTrue(help.contains(cell.experiment()), cell.experiment());
                for (String option : cell.command(py, driver, Path.of("x.json"))) {
                    if (option.startsWith("--")) {
                        assertTrue(help.contains(option + " "), option + " (" + cell + ") not in the driver's --help");
                    }
                }
            }
        }
    }
}

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpython/gilbench_threads.py} (issue 22's experiments in CPython), run with tiny inputs by this
 * machine's python3 (skipped, with the reason, where there is none): each experiment verifies its answer
 * and prints exactly one JSON line, a JMH-format record; bad usage exits 2 with one line; no child
 * process (server, spinners, the daemon program) is left behind.
 */
class ThreadsDriverTest {

    @TempDir
    Path dir;

    static Python python;
    static Path program;

    @BeforeAll
    static void find() {
        Optional<Python> p = Interpreters.onThisMachine().discover().pythons().stream()
                .filter(py -> py.major() == 3 && py.minor() >= 8 && py.gilEnabled()).findFirst();
        assumeTrue(p.isPresent(), "no python3 (3.8+, default build) on this machine: CPython checks skipped");
        python = p.get();
        program = Path.of("").toAbsolutePath().getParent().resolve("cpython").resolve("gilbench_threads.py");
    }

    record Run(int exit, String stdout, String stderr) {
    }

    Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.executable().toString(), program.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("gilbench_threads.py " + String.join(" ", args) + " still runs after 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs one experiment (no warm-up, 1 operation) and returns its record; exit 0 and one line required. */
    JsonNode record(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--warmup", "0", "--ops", "1"));
        Run r = run(all.toArray(String[]::new));
        assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.stderr());
        String[] lines = r.stdout().strip().split("\n");
        assertEquals(1, lines.length, "exactly one JSON line on stdout: " + r.stdout());
        JsonNode record = new ObjectMapper().readTree(lines[0]).get(0);
        assertEquals("cpython." + args[0], record.get("benchmark").asText());
        assertTrue(record.get("primaryMetric").get("score").asDouble() > 0, lines[0]);
        assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive), "a child is left");
        return record;
    }

    static double secondary(JsonNode record, String name) {
        JsonNode m = record.get("secondaryMetrics").get(name);
        assertTrue(m != null, "no " + name + " in " + record.get("secondaryMetrics"));
        return m.get("score").asDouble();
    }

    @Test
    void socketsAndPortScan() throws Exception {
        for (String model : List.of("cpython-threads", "cpython-asyncio")) {
            record("socket-io", "--model", model, "--workers", "4", "--tasks", "8", "--millis", "5");
        }
        for (String model : List.of("cpython-processes", "cpython-asyncio")) {
            record("port-scan", "--model", model, "--workers", "2", "--ports", "128", "--open", "3", "--blocks", "4");
        }
    }

    @Test
    void downloadsDeadlockThreadLocalAndTheBank() throws Exception {
        JsonNode d = record("downloads", "--model", "cpython-threads", "--millis-per-second", "2");
        assertEquals(28.0, secondary(d, "sumMillis"));
        assertEquals(12.0, secondary(d, "longestMillis"));
        assertTrue(secondary(record("deadlock", "--model", "cpython-threads", "--runs", "4", "--window-micros", "20000"),
                "deadlocks") >= 1, "the GIL does not prevent it");
        assertEquals(0.0, secondary(record("deadlock", "--model", "cpython-threads", "--runs", "4", "--order", "try-lock"),
                "deadlocks"));
        assertTrue(secondary(record("thread-local", "--model", "cpython-threads", "--style", "thread-dict",
                "--accesses", "1000"), "nsPerAccess") > 0);
        assertEquals(20.0, secondary(record("suspension-bank", "--model", "cpython-asyncio", "--workers", "8",
                "--tasks", "20", "--millis", "2", "--suspension", "after"), "balance"));
        assertTrue(secondary(record("suspension-bank", "--model", "cpython-asyncio", "--workers", "8",
                "--tasks", "20", "--millis", "2", "--suspension", "between"), "balance") < 20.0);
        record("sleep-io", "--model", "cpython-asyncio", "--workers", "50", "--tasks", "50", "--millis", "5");
    }

    @Test
    void daemonsResponsiveLoopAndBusyLoop() throws Exception {
        JsonNode mixed = record("daemon-threads", "--model", "cpython-threads", "--variant", "mixed",
                "--period-millis", "5", "--life-millis", "60");
        assertTrue(secondary(mixed, "runMillis") >= 60, mixed.toString());
        record("responsive-loop", "--model", "cpython-threads", "--job", "gil-thread", "--frames", "10",
                "--job-iterations", "200000");
        record("busy-loop", "--model", "cpython-threads", "--workers", "2", "--window-millis", "50");
    }

    @Test
    void helpAndBadUsage() throws Exception {
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.stdout().contains("socket-io") && help.stdout().contains("--model"), help.stdout());
        Run bad = run("deadlock", "--model", "cpython-processes");
        assertEquals(2, bad.exit());
        assertEquals("gilbench_threads.py: deadlock runs under cpython-threads, cpython-free-threaded, cpython-serial,"
                + " not cpython-processes", bad.stderr().strip());
        Run badOrder = run("deadlock", "--model", "cpython-threads", "--order", "reverse");
        assertEquals(2, badOrder.exit(), badOrder.stderr());
    }
}

package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpython/distributed_managers.py}, seed 002's BaseManager program, run with tiny inputs by this
 * machine's python3 (skipped, with the reason, where there is none): answers verified, a wrong one
 * fails the run (exit 1), the JMH-format JSON names its model, and a worker killed holding a task
 * loses it. Nothing it starts survives it.
 */
class ManagersDriverTest {

    private static Path driver;

    @TempDir
    Path tmp;

    @BeforeAll
    static void find() {
        driver = Path.of("").toAbsolutePath().getParent().resolve("cpython").resolve("distributed_managers.py");
        assumeTrue(Files.isRegularFile(driver), "no " + driver + ": not a gilbench checkout");
        assumeTrue(python("--version").exit == 0, "no python3 on PATH: CPython checks skipped");
    }

    record Run(int exit, String output) {
    }

    private static Run python(String... args) {
        List<String> command = new ArrayList<>(List.of("python3"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError(command + " still runs after 60 s");
                }
                return new Run(p.exitValue(), out);
            } finally {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        } catch (IOException e) {
            return new Run(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Run driver(String... args) {
        List<String> all = new ArrayList<>(List.of(driver.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--model", "cpython-managers", "--warmup", "0"));
        return python(all.toArray(String[]::new));
    }

    @Test
    void sleepsAndRoundTripsVerifyAndWriteJmhJson() throws Exception {
        Path json = tmp.resolve("rtt.json");
        Run rtt = driver("round-trip", "--tasks", "50", "--ops", "2", "--json", json.toString());
        assertEquals(0, rtt.exit, rtt.output);
        String text = Files.readString(json);
        assertTrue(text.contains("\"benchmark\": \"cpython.round-trip\"") && text.contains("\"model\": \"cpython-managers\"")
                && text.contains("\"rtt.p99\"") && text.contains("\"scoreUnit\": \"us/op\""), text);
        Run sleeps = driver("sleep-io", "--workers", "2", "--tasks", "4", "--millis", "5", "--ops", "1");
        assertEquals(0, sleeps.exit, sleeps.output);
    }

    @Test
    void aWrongAnswerFailsTheRun() {
        Run broken = driver("sleep-io", "--workers", "1", "--tasks", "2", "--millis", "1", "--ops", "1", "--break");
        assertEquals(1, broken.exit, broken.output);
        assertTrue(broken.output.contains("wrong answer: sleep-io: task 0 slept"), broken.output);
    }

    @Test
    void aWorkerKilledHoldingATaskLosesIt() {
        Run lost = driver("lost-task", "--millis", "200", "--ops", "1");
        assertEquals(0, lost.exit, lost.output);
        assertTrue(lost.output.contains("and was SIGKILLed: no answer within 1.2 s, 0 tasks left on the task queue:"
                + " the task is lost"), lost.output);
        Run usage = driver("lost-task", "--workers", "2", "--ops", "1");
        assertEquals(2, usage.exit, usage.output);
    }
}

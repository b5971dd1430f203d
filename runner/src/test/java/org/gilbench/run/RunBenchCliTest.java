package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Option parsing in-process: bad input is one line and exit 2; help, list and dry-run need no benchmark. */
class RunBenchCliTest {

    record Run(int exit, String out, String err) {
    }

    /** Runs the runner in-process with these arguments; shared with the other runner tests. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RunBench.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--bogus", "--models foo", "--models serial,,thread-pool", "--workloads primes", "--workers 0",
        "--workers two", "--workers 1,-2", "--workers 1000001", "--workers", "--models", "--out",
        "--compare onlyone", "stray", "--resume a --report-only b", "--rounds 0", "--rounds x", "--budget -1",
        "--quick --full", "--resume a --out b",
    })
    void badUsageIsOneLineAndExitTwo(String args) {
        Run r = run(args.split(" "));
        assertEquals(2, r.exit(), args + ": " + r.out() + r.err());
        List<String> lines = List.of(r.err().split("\n"));
        assertTrue(lines.get(0).startsWith("run-bench.sh: "), args + ": " + r.err());
        assertEquals(2, lines.size(), "one line and the usage hint: " + r.err());
        assertTrue(lines.get(1).startsWith("Usage: "), r.err());
        assertTrue(r.out().isEmpty(), args + " printed to stdout: " + r.out());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        Run r = run("--models", "serial,fibers");
        assertTrue(r.err().startsWith("run-bench.sh: unknown model 'fibers' (known: serial, thread-pool,"), r.err());
    }

    @Test
    void helpIsGeneratedAndNamesEveryOption() {
        Run r = run("--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: ./run-bench.sh [options]"), r.out());
        for (String option : List.of("--quick", "--full", "--workloads", "--models", "--workers", "--rounds", "--budget",
                "--seed", "--python", "--no-python", "--out", "--report-only", "--compare", "--resume", "--list", "--dry-run", "serial",
                "prime-check", "Exit: 0 ok, 1 failure, 2 bad usage, 130 interrupted")) {
            assertTrue(r.out().contains(option), "usage lacks " + option + ":\n" + r.out());
        }
    }

    @Test
    void dryRunPrintsThePlanWithoutRunning() {
        Run r = run("--dry-run", "--no-python", "--workloads", "prime-check", "--models", "serial,thread-pool",
                "--workers", "1,3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("prime-check-thread-pool-w3"), r.out());
        assertTrue(r.out().matches("(?s).*Total: 3 cells, 3 rounds \\(9 attempts\\), estimated \\d+:\\d\\d.*"), r.out());
    }

    @Test
    void missingFoldersAreOneLineAndExitOne() {
        Run r = run("--report-only", "/nonexistent/gilbench-results");
        assertEquals(1, r.exit());
        assertEquals("run-bench.sh: no such results folder: /nonexistent/gilbench-results\n", r.err());
        Run resume = run("--resume", "/nonexistent/gilbench-results");
        assertEquals(1, resume.exit());
        assertEquals(1, resume.err().split("\n").length, resume.err());
    }
}

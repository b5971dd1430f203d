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
        assertTrue(r.out().matches("(?s).*Total: 3 cells, 2 rounds \\(6 attempts\\), estimated \\d+:\\d\\d.*"), r.out());
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

    /**
     * run-bench.sh prints runner/cli/help.txt and list.txt when the jar is missing or stale (a fresh clone
     * answers --help and --list without building): they must be what the runner prints. After changing an
     * option or a lesson, rewrite them with
     * {@code ./mvnw -pl runner -am test -Dtest=RunBenchCliTest -Dgilbench.writeCli=true -Dsurefire.failIfNoSpecifiedTests=false}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"--help", "--list"})
    void theRepositorysCopiesOfHelpAndListAreCurrent(String option) throws Exception {
        Run r = run(option);
        assertEquals(0, r.exit(), r.err());
        java.nio.file.Path copy = java.nio.file.Path.of("cli", option.substring(2) + ".txt");
        if (Boolean.getBoolean("gilbench.writeCli")) {
            java.nio.file.Files.createDirectories(copy.getParent());
            java.nio.file.Files.writeString(copy, r.out());
        }
        assertEquals(r.out(), java.nio.file.Files.readString(copy), copy.toAbsolutePath() + " is stale: rewrite it"
                + " (-Dgilbench.writeCli=true, see this test's comment)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--lesson 0", "--lesson 7", "--lesson 1,,2", "--lesson x", "--lesson 1,no-such-lesson",
        "--lesson 1 --full", "--lesson ,1"})
    void badLessonsAreOneLineAndExitTwo(String args) {
        Run r = run(args.split(" "));
        assertEquals(2, r.exit(), args + ": " + r.out() + r.err());
        List<String> lines = List.of(r.err().split("\n"));
        assertEquals(2, lines.size(), "one line and the usage hint: " + r.err());
        assertTrue(lines.get(0).startsWith("run-bench.sh: ") && lines.get(0).contains("lesson"), r.err());
        assertTrue(args.contains("--full") || lines.get(0).contains("cpu-threads-under-gil"), "names the allowed values: " + r.err());
    }

    @Test
    void aLessonsDryRunHasOnlyWhatItReadsAndTwoRounds() {
        Run r = run("--dry-run", "--no-python", "--lesson", "switch-interval");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("gil-sweep-cpu-intervalUs-200-threads-2"), r.out());
        assertTrue(!r.out().contains("prime-check-serial-w1") && !r.out().contains("GIL timeline"), r.out());
        assertTrue(r.out().matches("(?s).*Total: 9 cells, 2 rounds \\(18 attempts\\).*"), r.out());
        assertTrue(r.out().contains("not read by --lesson switch-interval: prime-check"), r.out());
    }
}

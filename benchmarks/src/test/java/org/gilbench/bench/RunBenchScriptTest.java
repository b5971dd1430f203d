package org.gilbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run-bench.sh}'s options and bad input, without running a benchmark: {@code --help},
 * {@code --list}, {@code --dry-run} (the plan and its estimate), one clear line and exit 2 for bad
 * usage, and shellcheck when it is installed (CI installs it).
 */
class RunBenchScriptTest {

    /** The repository root: surefire runs in benchmarks/. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = ROOT.resolve("run-bench.sh");

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static Run exec(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("run-bench", ".out");
        Path err = Files.createTempFile("run-bench", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            // 60 s: --dry-run and --list start no JVM; longer means the script hangs.
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("run-bench.sh " + command + " did not finish in 60 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpPrintsUsageAndExitsZero() throws Exception {
        Run r = run("--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Usage: ./run-bench.sh"), r.out());
        for (String option : List.of("--quick", "--full", "--workloads", "--models", "--workers", "--out",
                "--report-only", "--compare", "--resume", "--list", "--dry-run")) {
            assertTrue(r.out().contains(option), "usage lacks " + option);
        }
    }

    @Test
    void listNamesEveryModelAndWorkload() throws Exception {
        Run r = run("--list");
        assertEquals(0, r.exit(), r.err());
        for (String name : List.of("serial", "thread-pool", "virtual-thread", "forked-process", "gil-emulated",
                "prime-check", "count-loop", "range-sum", "sleep-io")) {
            assertTrue(r.out().contains(name), "--list lacks " + name);
        }
    }

    @Test
    void dryRunPrintsThePlanAndItsEstimate() throws Exception {
        Run r = run("--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("prime-check-gil-emulated"), r.out());
        assertTrue(r.out().contains("sleep-io-virtual-thread-w1000000-100ms"), r.out());
        assertTrue(r.out().matches("(?s).*Total: \\d+ groups, \\d+ cells, estimated \\d+:\\d\\d.*"), r.out());
        // The time budget: serial is not made to sleep 100 x 100 ms, and the output says so.
        assertTrue(r.out().contains("not run: sleep-io serial workers=1 100 ms: tasks 100,"), r.out());
        // The quick profile must fit in 10 minutes on a 2-core machine: checked on its estimate (not a
        // timing), leaving a minute or two for the build and the report.
        var estimate = java.util.regex.Pattern.compile("estimated (\\d+):(\\d\\d)").matcher(r.out());
        assertTrue(estimate.find(), r.out());
        int seconds = Integer.parseInt(estimate.group(1)) * 60 + Integer.parseInt(estimate.group(2));
        if (Runtime.getRuntime().availableProcessors() == 2) {
            assertTrue(seconds <= 8 * 60, "quick profile estimated at " + seconds + " s");
        }
    }

    @Test
    void dryRunHonoursTheSelection() throws Exception {
        Run r = run("--dry-run", "--workloads", "prime-check", "--models", "serial,thread-pool", "--workers", "1,3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("prime-check under serial, workers 1\n"), r.out());
        assertTrue(r.out().contains("prime-check under thread-pool, workers 1,3"), r.out());
        assertFalse(r.out().contains("count-loop") || r.out().contains("gil-emulated-"), r.out());
        assertTrue(r.out().contains("Total: 2 groups, 3 cells"), r.out());
    }

    @Test
    void fullProfileSweepsToTwiceTheCores() throws Exception {
        Run r = run("--dry-run", "--full", "--workloads", "count-loop", "--models", "thread-pool");
        assertEquals(0, r.exit(), r.err());
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder sweep = new StringBuilder();
        for (int w = 1; w < 2 * cores; w *= 2) {
            sweep.append(w).append(", ");
        }
        sweep.append(2 * cores);
        assertTrue(r.out().contains("CPU-bound workers " + sweep + " ("), "expected workers " + sweep + ": " + r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--bogus", "--models foo", "--models serial,,thread-pool", "--workloads primes", "--workers 0",
        "--workers two", "--workers 1,-2", "--workers 1000001", "--workers", "--models", "--out",
        "--compare onlyone", "stray", "--resume a --report-only b",
    })
    void badUsageIsOneLineAndExitTwo(String args) throws Exception {
        Run r = run(args.split(" "));
        assertEquals(2, r.exit(), args + ": " + r.out() + r.err());
        List<String> lines = r.errLines();
        assertTrue(lines.get(0).startsWith("run-bench.sh: "), args + ": " + r.err());
        assertTrue(lines.size() > 1 && lines.get(1).startsWith("Usage: "), "one line, then the usage: " + r.err());
        assertTrue(r.out().isEmpty(), args + " printed to stdout: " + r.out());
    }

    @Test
    void missingFoldersAreOneLineAndExitOne() throws Exception {
        Run r = run("--report-only", "/nonexistent/gilbench-results");
        assertEquals(1, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("/nonexistent/gilbench-results"), r.err());
        Run resume = run("--resume", "/nonexistent/gilbench-results");
        assertEquals(1, resume.exit());
        assertEquals(1, resume.errLines().size(), resume.err());
    }

    @Test
    void shellcheckIsClean() throws Exception {
        boolean available;
        try {
            available = new ProcessBuilder("shellcheck", "--version").start().waitFor() == 0;
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, "shellcheck is not installed (CI installs it)");
        Run r = exec(List.of("shellcheck", SCRIPT.toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}

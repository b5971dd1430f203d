package org.gilbench.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The price of a new native process, beside {@link ProcessStartBenchmark}'s child JVM (seed 002:179-246,
 * SEEDS.md 7.8: {@code subprocess.call(['nslookup', ...])} and {@code Popen(..., stdin=PIPE,
 * stdout=PIPE).communicate(input)}): start a small program, read all its output, wait for its exit —
 * what {@code Popen(...).communicate()} does. Found on the PATH, as Popen finds it:
 * <ul>
 *   <li>{@code true}: start and exit, no output (the floor: fork/exec and reaping);</li>
 *   <li>{@code echo}: {@code echo gilbench}, its line read back;</li>
 *   <li>{@code cat}: seed 002's {@code communicate(b'set q=mx\npython.org\nexit\n')} to {@code cat}
 *       instead of nslookup (no network here): the input written, stdin closed, the same bytes read back.</li>
 * </ul>
 * Every operation checks the exit code (0) and the output. Expect ~1–3 ms on a 2-core Linux VM (the JVM
 * spawns through {@code posix_spawn} of its jspawnhelper, then exec), against ~40–55 ms for a child JVM.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SubprocessBenchmark -p program=true,echo,cat
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SubprocessBenchmark {

    /** The seed's input to nslookup, piped through cat. */
    static final String SEED_INPUT = "set q=mx\npython.org\nexit\n";
    /** A program that does not exit within this is hung: longer means something is wrong. */
    private static final long WAIT_SECONDS = 10;

    /** {@code true}, {@code echo} or {@code cat}. */
    @Param({"echo"})
    public String program;

    private List<String> command;
    private byte[] input;
    private String expected;

    @Setup(Level.Trial)
    public void choose() {
        switch (program) {
            case "true" -> {
                command = List.of("true");
                input = null;
                expected = "";
            }
            case "echo" -> {
                command = List.of("echo", "gilbench");
                input = null;
                expected = "gilbench\n";
            }
            case "cat" -> {
                command = List.of("cat");
                input = SEED_INPUT.getBytes(StandardCharsets.US_ASCII);
                expected = SEED_INPUT;
            }
            default -> throw new IllegalArgumentException("bad value for program: '" + program
                    + "' (allowed: true, echo, cat)");
        }
    }

    /** Start, write the input (if any) and close stdin, read all output, wait for the exit; all checked. */
    @Benchmark
    public int popenCommunicate() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            try (OutputStream stdin = p.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            String output;
            try (InputStream stdout = p.getInputStream()) {
                output = new String(stdout.readAllBytes(), StandardCharsets.US_ASCII);
            }
            if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException(program + " still running " + WAIT_SECONDS + " s after its output ended");
            }
            if (p.exitValue() != 0 || !output.equals(expected)) {
                throw new IllegalStateException(program + ": exit " + p.exitValue() + ", output '" + output
                        + "', expected exit 0 and '" + expected + "'");
            }
            return output.length();
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}

package org.gilbench.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gilbench.bench.ModelProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * A JMH cell through JMH's {@link Runner} API: exactly one benchmark (an anchored regex), its params, one
 * fork, the cell's iterations, {@link ModelProfiler}, JSON into the given file, fail on error.
 *
 * <p>{@code jvmArgsAppend}: options given to the Runner replace a benchmark's {@code @Fork(jvmArgsAppend)}
 * (range-sum's 3 GB heap, sleep-io's 4 GB), so the benchmark's own list is read from the build's
 * BenchmarkList and given again, followed by the {@link ForkCache}'s flags. The fork inherits this JVM's
 * flags too, among them the {@code --sun-misc-unsafe-memory-access=allow} that run-bench.sh gives it on
 * JDK 23+ (../shared/notes/jmh-on-jdk25.md). The JMH lock (/tmp/jmh.lock) is held by the run as a whole
 * ({@link JmhLock}), so no other JMH run interleaves between two cells.
 */
final class JmhCellRunner implements CellRunner {

    static final String KIND = "jmh";

    /** Each benchmark's {@code @Fork(jvmArgsAppend)}, from this build's BenchmarkList (read when first needed). */
    private static final class Declared {
        static final Map<String, List<String>> APPEND = declaredAppend();
    }

    private volatile ForkCache cache = ForkCache.none("not prepared");

    /** Prepares the forks' AOT cache (a training fork the first time); returns what machine.json records. */
    String prepareCache(PrintStream log) {
        if (Boolean.getBoolean(ForkCache.OFF_PROPERTY)) {
            cache = ForkCache.none("-D" + ForkCache.OFF_PROPERTY + "=true");
            return cache.note();
        }
        cache = ForkCache.prepare(System.getProperty("java.class.path"), (flags, l) -> {
            Path result = Files.createTempFile("gilbench-aot-training", ".json");
            try {
                Cell training = new Cell("aot-training", "aot-training", KIND, ForkCache.TRAINING_BENCHMARK,
                        Cell.paramsOf(ForkCache.TRAINING_PARAMS.toArray(String[]::new)), Cell.Iterations.singleShot(1, 1),
                        10, "the AOT cache's training fork");
                run(training, result, l, flags);
            } finally {
                Files.deleteIfExists(result);
            }
        }, log);
        return cache.note();
    }

    @Override
    public Score run(Cell cell, Path resultFile, PrintStream log) throws Exception {
        return run(cell, resultFile, log, cache.flags());
    }

    private static Map<String, List<String>> declaredAppend() {
        Map<String, List<String>> out = new HashMap<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(
                OutputFormatFactory.createFormatInstance(quiet, VerboseMode.SILENT), List.of())) {
            out.put(e.getUsername(), List.copyOf(e.getJvmArgsAppend().orElse(List.of())));
        }
        return out;
    }

    private Score run(Cell cell, Path resultFile, PrintStream log, List<String> extraFlags) throws Exception {
        Cell.Iterations it = cell.iterations();
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(cell.benchmark()) + "$")
                .forks(1)
                .warmupIterations(it.warmups())
                .measurementIterations(it.measurements())
                .addProfiler(ModelProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(resultFile.toString())
                .shouldFailOnError(true)
                // JMH's own per-iteration limit (10 min by default) must not outlast the cell's.
                .timeout(TimeValue.seconds((long) Math.ceil(cell.limitSeconds())));
        if (it.seconds() > 0) {
            options.warmupTime(TimeValue.seconds(it.seconds())).measurementTime(TimeValue.seconds(it.seconds()));
        }
        cell.params().forEach(options::param);
        if (!extraFlags.isEmpty()) {
            List<String> append = new ArrayList<>(Declared.APPEND.getOrDefault(cell.benchmark(), List.of()));
            append.addAll(extraFlags);
            options.jvmArgsAppend(append.toArray(String[]::new));
        }
        // JMH's host relays what a fork prints (setup lines, errors) to System.out: into run.log with the rest.
        PrintStream screen = System.out;
        Collection<RunResult> results;
        synchronized (JmhCellRunner.class) {
            System.setOut(log);
            try {
                results = new Runner(options.build(), OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL)).run();
            } finally {
                System.setOut(screen);
            }
        }
        if (results.size() != 1) {
            throw new IllegalStateException("JMH returned " + results.size() + " results for " + cell.key()
                    + " (expected 1; see run.log)");
        }
        RunResult result = results.iterator().next();
        List<Double> operations = new ArrayList<>();
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                operations.add(iteration.getPrimaryResult().getScore());
            }
        }
        return new Score(result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreUnit(), operations);
    }
}

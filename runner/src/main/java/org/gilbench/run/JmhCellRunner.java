package org.gilbench.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.gilbench.bench.ModelProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
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
 * <p>No {@code jvmArgsAppend} here: options given to the Runner replace a benchmark's
 * {@code @Fork(jvmArgsAppend)} (range-sum's 2-4 GB heap, sleep-io's 4 GB), and the fork inherits this JVM's
 * flags by default, among them the {@code --sun-misc-unsafe-memory-access=allow} that run-bench.sh gives
 * it on JDK 23+ (../shared/notes/jmh-on-jdk25.md). The JMH lock (/tmp/jmh.lock) is held by the run as a
 * whole ({@link JmhLock}), so no other JMH run interleaves between two cells.
 */
final class JmhCellRunner implements CellRunner {

    static final String KIND = "jmh";

    @Override
    public Score run(Cell cell, Path resultFile, PrintStream log) throws Exception {
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

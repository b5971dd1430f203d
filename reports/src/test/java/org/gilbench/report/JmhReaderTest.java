package org.gilbench.report;

import org.gilbench.report.read.ReportException;
import org.gilbench.report.read.JmhReader;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.read.Units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Units, modes and JMH's number spellings, on small inline JSON in JMH's exact shape. */
class JmhReaderTest {

    @TempDir
    Path tmp;

    private Path write(String json) throws IOException {
        Path f = tmp.resolve("group.json");
        Files.writeString(f, json);
        return f;
    }

    private static String element(String mode, String unit, String score, String error, String raw) {
        return """
                {"jmhVersion": "1.37", "benchmark": "org.gilbench.bench.PrimeCheckBenchmark.primeCheck",
                 "mode": "%s", "threads": 1, "forks": 2,
                 "params": {"model": "thread-pool", "workers": "2", "options": ""},
                 "primaryMetric": {"score": %s, "scoreError": %s, "scoreUnit": "%s", %s},
                 "secondaryMetrics": {"cpu.util": {"score": "NaN", "scoreError": "NaN", "scoreUnit": "%%",
                                                   "rawData": [["NaN"]]}}}
                """.formatted(mode, score, error, unit, raw);
    }

    @Test
    void timeUnitsAreNormalisedToMillisecondsPerOperation() {
        assertEquals(1500.0, Units.toMillisPerOp("s/op").apply(1.5), 1e-9);
        assertEquals(0.25, Units.toMillisPerOp("us/op").apply(250), 1e-12);
        assertEquals(2e-6, Units.toMillisPerOp("ns/op").apply(2), 1e-15);
        assertEquals(4.0, Units.toMillisPerOp("ops/s").apply(250), 1e-12);  // 250 ops per second = 4 ms each
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.toMillisPerOp("%"));
        assertTrue(e.getMessage().contains("'%'") && e.getMessage().contains("known"), e.getMessage());
    }

    @Test
    void anEventsCounterIsPerOperationNotJmhsSumOverIterations() throws IOException {
        // JMH writes an @AuxCounters(EVENTS) counter's score as the sum over iterations: 3 single-shot
        // operations of 700 ms of downloads each were written as 2,100.
        String json = """
                [{"jmhVersion": "1.37", "benchmark": "org.gilbench.bench.DownloadsBenchmark.downloads",
                 "mode": "ss", "threads": 1, "forks": 1, "params": {"model": "serial", "workers": "1"},
                 "primaryMetric": {"score": 701.0, "scoreError": "NaN", "scoreUnit": "ms/op",
                                   "rawData": [[700.5, 701.0, 701.5]]},
                 "secondaryMetrics": {"sumMillis": {"score": 2100.0, "scoreError": "NaN", "scoreUnit": "#",
                                                    "rawData": [[700.0, 700.0, 700.0]]},
                                      "cpu.util": {"score": 2.5, "scoreError": "NaN", "scoreUnit": "%",
                                                   "rawData": [[2.0, 3.0, 2.5]]}}}]
                """;
        Measurement m = JmhReader.read(write(json)).measurements().get(0);
        assertEquals(700.0, m.secondaryScore("sumMillis"), 1e-9);
        assertEquals(2.5, m.secondaryScore("cpu.util"), 1e-9, "other units keep JMH's score");
    }

    @Test
    void seconds() throws IOException {
        JmhReader.FileResult r = JmhReader.read(write("[" + element("ss", "s/op", "1.5", "0.3",
                "\"rawData\": [[1.4, 1.6], [1.5, 1.5]]") + "]"));
        Measurement m = r.measurements().get(0);
        assertEquals(1500, m.time().score(), 1e-9);
        assertEquals(300, m.time().error(), 1e-9);
        assertEquals(4, m.time().samples());
        assertEquals(1500, m.time().forkMeans()[0], 1e-9);
        assertTrue(Double.isNaN(m.secondaryScore("cpu.util")), "NaN secondary metrics stay NaN");
    }

    @Test
    void throughputIsInvertedWithTheSameRelativeError() throws IOException {
        Measurement m = JmhReader.read(write("[" + element("thrpt", "ops/ms", "0.5", "0.05",
                "\"rawData\": [[0.5, 0.5]]") + "]")).measurements().get(0);
        assertEquals(2.0, m.time().score(), 1e-12);
        assertEquals(0.2, m.time().error(), 1e-12);
        assertEquals(2.0, m.time().raw()[0][0], 1e-12);
    }

    @Test
    void sampleModeHistogramsBecomeIterationMeans() throws IOException {
        // Fork 1: iteration 1 has 3 samples of 10 us and 1 of 20 us (mean 12.5 us); fork 2: 4 x 10 us.
        Measurement m = JmhReader.read(write("[" + element("sample", "us/op", "11.25", "1.0",
                "\"rawDataHistogram\": [[[[10.0, 3], [20.0, 1]]], [[[10.0, 4]]]]") + "]")).measurements().get(0);
        assertEquals(0.0125, m.time().raw()[0][0], 1e-12);
        assertEquals(0.010, m.time().raw()[1][0], 1e-12);
        assertEquals(8, m.time().samples());
    }

    @Test
    void infiniteAndNanScoresAreLeftOutWithAWarningNamingTheCell() throws IOException {
        JmhReader.FileResult r = JmhReader.read(write("[" + element("avgt", "ms/op", "\"+INF\"", "\"NaN\"",
                "\"rawData\": [[1]]") + "," + element("avgt", "ms/op", "\"NaN\"", "\"NaN\"", "\"rawData\": [[1]]")
                + "]"));
        assertTrue(r.measurements().isEmpty());
        assertEquals(2, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("group.json: PrimeCheckBenchmark.primeCheck"), r.warnings().get(0));
        assertTrue(r.warnings().get(0).contains("its score is +INF"), r.warnings().get(0));
    }

    @Test
    void unknownUnitIsLeftOutWithAWarning() throws IOException {
        JmhReader.FileResult r = JmhReader.read(write("[" + element("avgt", "furlongs", "1", "0",
                "\"rawData\": [[1]]") + "]"));
        assertTrue(r.measurements().isEmpty());
        assertTrue(r.warnings().get(0).contains("unit 'furlongs'"), r.warnings().get(0));
    }

    @Test
    void emptyFileIsAnErrorNamingIt() throws IOException {
        ReportException e = assertThrows(ReportException.class, () -> JmhReader.read(write("")));
        assertTrue(e.getMessage().contains("group.json"), e.getMessage());
    }
}

package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process lessons' verdict branches (issue 21) on small fixtures: each cell's operations per fork
 * (the forks are the rounds), with the secondary metrics the benchmarks write (one value per operation).
 * Every lesson has a broken-model fixture (children sharing what they should copy, a reader that lost
 * messages, a pool that runs one task at a time) that must not confirm.
 */
class ProcessLessonsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PKG = "org.gilbench.bench.";

    @TempDir
    Path dir;

    private final ArrayNode results = JSON.createArrayNode();
    private final ArrayNode cells = JSON.createArrayNode();

    /** One cell: {@code ms[f]} the operations of fork f; {@code secondary} label -> the same shape. */
    private ProcessLessonsTest cell(String benchmark, Map<String, String> params, double[][] ms,
                                    Map<String, double[][]> secondary) {
        ObjectNode e = results.addObject();
        e.put("benchmark", PKG + benchmark);
        e.put("mode", "ss");
        e.put("forks", ms.length);
        ObjectNode p = e.putObject("params");
        new TreeMap<>(params).forEach(p::put);
        metric(e.putObject("primaryMetric"), ms, "ms/op");
        ObjectNode sec = e.putObject("secondaryMetrics");
        secondary.forEach((label, v) -> metric(sec.putObject(label), v, "#"));
        return this;
    }

    private static void metric(ObjectNode into, double[][] forks, String unit) {
        double sum = 0;
        int n = 0;
        ArrayNode raw = into.putArray("rawData");
        for (double[] fork : forks) {
            ArrayNode f = raw.addArray();
            for (double v : fork) {
                f.add(v);
                sum += v;
                n++;
            }
        }
        into.put("score", sum / n);
        into.put("scoreError", "NaN");
        into.put("scoreUnit", unit);
    }

    /** A cell whose every attempt failed, in cells.json. */
    private ProcessLessonsTest failed(String benchmark, Map<String, String> params, String message) {
        ObjectNode c = cells.addObject();
        Map<String, String> sorted = new TreeMap<>(params);
        c.put("key", PKG + benchmark + sorted);
        c.put("id", "failed-" + cells.size());
        c.put("benchmark", PKG + benchmark);
        ObjectNode p = c.putObject("params");
        sorted.forEach(p::put);
        ObjectNode a = c.putArray("attempts").addObject();
        a.put("round", 1);
        a.put("attempt", 1);
        a.put("status", "failed");
        a.put("message", message);
        return this;
    }

    private Evidence evidence() throws IOException {
        Files.createDirectories(dir.resolve("jmh/round-1"));
        JSON.writeValue(dir.resolve("jmh/round-1/process.json").toFile(), results);
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("host", "fixture");
        machine.put("cores", 2);
        machine.put("threads", 2);
        machine.put("jdk", "25");
        JSON.writeValue(dir.resolve("machine.json").toFile(), machine);
        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", 2);
        doc.set("cells", cells);
        JSON.writeValue(dir.resolve("cells.json").toFile(), doc);
        return new Evidence(ResultsFolder.load(dir));
    }

    /** {@code forks} forks of {@code ops} operations, each {@code v}. */
    private static double[][] same(double v, int forks, int ops) {
        double[][] out = new double[forks][ops];
        for (double[] f : out) {
            java.util.Arrays.fill(f, v);
        }
        return out;
    }

    /** Two forks of two operations around {@code ms}, a few per cent apart. */
    private static double[][] timed(double ms) {
        return new double[][] {{ms, ms * 1.02}, {ms * 0.99, ms * 1.01}};
    }

    private static Map<String, String> m(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    // --- own copies -------------------------------------------------------------------------------

    private static final Map<String, String> PROC2 = m("model", "forked-process", "workers", "2", "options", "",
            "parties", "2", "limit", "50", "millis", "10");
    private static final Map<String, String> THREAD2 = m("model", "thread-pool", "workers", "2", "options", "",
            "parties", "2", "limit", "50", "millis", "10");

    private ProcessLessonsTest counting(Map<String, String> params, double steps, double copies, double parent, int forks) {
        return cell("OwnCopiesBenchmark.counting", params, same(510, forks, 2), Map.of("steps", same(steps, forks, 2),
                "copies", same(copies, forks, 2), "parentCounter", same(parent, forks, 2)));
    }

    private ProcessLessonsTest counter(String locking, double counter, int forks) {
        return cell("SharedMemoryBenchmark.sharedCounter", m("model", "forked-process", "workers", "4", "options", "",
                "locking", locking, "parties", "4", "increments", "1000000", "n", "100000000", "chunks", "8"),
                same(150, forks, 2), Map.of("counter", same(counter, forks, 2), "lost", same(4_000_000 - counter, forks, 2),
                        "total", same(4_000_000, forks, 2)));
    }

    private Section ownCopies() throws IOException {
        Section s = new OwnCopiesLesson().build(evidence());
        s.blocks().stream().filter(b -> b instanceof Section.Figure).forEach(b -> ((Section.Figure) b).chart().panels().get());
        return s;
    }

    @Test
    void ownCopiesConfirmOnEveryCountOverTwoForks() throws IOException {
        counting(PROC2, 100, 2, 0, 2).counting(THREAD2, 50, 1, 50, 2).counter("lock", 4_000_000, 2)
                .counter("none", 3_860_000, 2);
        Section s = ownCopies();
        assertEquals(Verdict.CONFIRMS, s.verdict(), s.reason());
        assertTrue(s.seeds().stream().anyMatch(r -> r.id().equals("fork-copies-globals") && r.measured()), s.seeds().toString());
        assertTrue(s.seeds().stream().anyMatch(r -> r.id().equals("shared-memory") && r.measured()));
    }

    @Test
    void childrenThatShareOneCounterContradict() throws IOException {
        // A broken forked-process whose "children" all count one counter in the parent: 50 steps, 1 copy.
        counting(PROC2, 50, 1, 50, 2).counting(THREAD2, 50, 1, 50, 2).counter("lock", 4_000_000, 2);
        Section s = ownCopies();
        assertEquals(Verdict.CONTRADICTS, s.verdict(), s.reason());
    }

    @Test
    void aSharedCounterThatWasNotSharedContradicts() throws IOException {
        // Children that each mapped a private copy: the parent reads 0 back, even with the lock.
        counting(PROC2, 100, 2, 0, 2).counter("lock", 0, 2);
        assertEquals(Verdict.CONTRADICTS, ownCopies().verdict());
    }

    @Test
    void ownCopiesOnOneForkDoNotConfirm() throws IOException {
        counting(PROC2, 100, 2, 0, 1).counter("lock", 4_000_000, 2);
        Section s = ownCopies();
        assertEquals(Verdict.TOO_NOISY, s.verdict(), s.reason());
        assertTrue(s.reason().contains("fork"), s.reason());
    }

    @Test
    void aFailedCountingCellIsNamedAndNeverConfirms() throws IOException {
        counter("lock", 4_000_000, 2).failed("OwnCopiesBenchmark.counting", PROC2,
                "fork-copies-globals: the parties in process 12 counted 50, expected 100");
        Section s = ownCopies();
        assertEquals(Verdict.TOO_NOISY, s.verdict());
        assertTrue(s.reason().contains("counted 50"), s.reason());
    }

    @Test
    void ownCopiesWithoutCellsAreNotMeasured() throws IOException {
        cell("SubprocessBenchmark.popenCommunicate", m("program", "cat"), new double[][] {{1.6}}, Map.of()); // a folder needs a result
        Section s = ownCopies();
        assertEquals(Verdict.NOT_MEASURED, s.verdict());
        assertTrue(s.seeds().stream().noneMatch(SeedRow::measured));
    }

    // --- messages -----------------------------------------------------------------------------------

    private ProcessLessonsTest queue(String channel, double ms, double received) {
        return cell("QueueWriterReaderBenchmark.batch", m("channel", channel, "writers", "1", "payload", "1024",
                "messages", "0"), new double[][] {{ms, ms * 1.03, ms * 0.98}, {ms * 1.01, ms, ms * 0.99}},
                Map.of("messages", same(received, 2, 3), "payloadBytes", same(received * 1024, 2, 3),
                        "nsPerMessage", same(ms * 1e6 / received, 2, 3)));
    }

    private Section messages() throws IOException {
        Section s = new ProcessMessagesLesson().build(evidence());
        s.blocks().stream().filter(b -> b instanceof Section.Figure).forEach(b -> ((Section.Figure) b).chart().panels().get());
        return s;
    }

    @Test
    void aProcessQueueDearerThanThreadsConfirms() throws IOException {
        queue("thread-queue", 3, 2000).queue("process-queue", 30, 2000);
        Section s = messages();
        assertEquals(Verdict.CONFIRMS, s.verdict(), s.reason());
        assertTrue(s.seeds().stream().anyMatch(r -> r.id().equals("queue-writer-reader") && r.measured()));
    }

    @Test
    void aReaderThatCountedFewerMessagesNeverConfirms() throws IOException {
        // A broken channel that dropped half the batch looks cheap per batch; the reader's count gives it away.
        queue("thread-queue", 3, 2000).queue("process-queue", 15, 1000);
        Section s = messages();
        assertNotEquals(Verdict.CONFIRMS, s.verdict(), s.reason());
        assertTrue(s.reason().contains("1000"), s.reason());
    }

    @Test
    void processMessagesCheaperThanThreadsContradict() throws IOException {
        queue("thread-queue", 30, 2000).queue("process-queue", 3, 2000);
        assertEquals(Verdict.CONTRADICTS, messages().verdict());
    }

    @Test
    void messagesWithoutBothQueuesAreNotMeasured() throws IOException {
        queue("thread-queue", 3, 2000);
        assertEquals(Verdict.NOT_MEASURED, messages().verdict());
    }

    // --- pool waves ----------------------------------------------------------------------------------

    private static final Map<String, String> POOL = m("model", "forked-process", "workers", "4", "options", "",
            "millisPerSeedSecond", "50");

    private ProcessLessonsTest waves(String method, double ms, double waves, double atOnce) {
        return cell("PoolWavesBenchmark." + method, POOL, timed(ms), Map.of("waves", same(waves, 2, 2),
                "maxConcurrent", same(atOnce, 2, 2), "startedAtOnce", same(atOnce, 2, 2)));
    }

    private Section pool() throws IOException {
        Section s = new PoolWavesLesson().build(evidence());
        s.blocks().stream().filter(b -> b instanceof Section.Figure).forEach(b -> ((Section.Figure) b).chart().panels().get());
        return s;
    }

    @Test
    void poolWavesConfirmWhenThePoolOverlapsItsTasks() throws IOException {
        waves("applyAsync", 160, 3, 4).waves("apply", 520, 10, 1);
        cell("SubprocessBenchmark.popenCommunicate", m("program", "cat"), new double[][] {{1.6}}, Map.of());
        Section s = pool();
        assertEquals(Verdict.CONFIRMS, s.verdict(), s.reason());
        assertTrue(s.seeds().stream().anyMatch(r -> r.id().equals("pool-waves") && r.here() != null));
        assertTrue(s.seeds().stream().anyMatch(r -> r.id().equals("subprocess") && r.measured()));
    }

    @Test
    void aPoolThatRunsOneTaskAtATimeContradicts() throws IOException {
        // A broken pool: apply_async runs the tasks one after another (10 waves, 1 at once), as slow as apply.
        waves("applyAsync", 520, 10, 1).waves("apply", 520, 10, 1);
        Section s = pool();
        assertEquals(Verdict.CONTRADICTS, s.verdict(), s.reason());
    }

    @Test
    void theRightWavesAtTheSameTimeDoNotConfirm() throws IOException {
        // Waves counted right but no time saved: the ratio ~1 lies below the midpoint, so it contradicts.
        waves("applyAsync", 520, 3, 4).waves("apply", 520, 10, 1);
        assertEquals(Verdict.CONTRADICTS, pool().verdict());
    }

    @Test
    void aFailedApplyCellIsNamed() throws IOException {
        waves("applyAsync", 160, 3, 4).failed("PoolWavesBenchmark.apply", POOL, "pool-waves: apply() ran 2 tasks at once");
        Section s = pool();
        assertEquals(Verdict.TOO_NOISY, s.verdict());
        assertTrue(s.reason().contains("2 tasks at once"), s.reason());
    }

    private static String markdown(Section s) {
        StringBuilder out = new StringBuilder();
        s.blocks().stream().filter(b -> b instanceof Section.Text).forEach(b -> out.append(((Section.Text) b).markdown()));
        return out.toString();
    }

    // --- the CPython side (cpython/gilbench_process.py's cells): shown beside, never judged -----------

    /** A CPython cell as the driver writes it: "benchmark": "cpython.<experiment>", the interpreter in params. */
    private ProcessLessonsTest cpython(String experiment, Map<String, String> params, double[][] ms,
                                       Map<String, double[][]> secondary) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("python", "3.11.7");
        all.put("build", "default");
        cell(experiment, all, ms, secondary);
        ((ObjectNode) results.get(results.size() - 1)).put("benchmark", "cpython." + experiment);
        return this;
    }

    @Test
    void cpythonStartsAndPoolsAreShownBesideAndLeaveTheVerdictAlone() throws IOException {
        waves("applyAsync", 160, 3, 4).waves("apply", 520, 10, 1);
        cell("SubprocessBenchmark.popenCommunicate", m("program", "cat"), new double[][] {{1.6}}, Map.of());
        cell("ProcessStartBenchmark.startRoundTripExit", m("child", "default"), timed(120), Map.of());
        for (String method : java.util.List.of("fork", "spawn", "forkserver", "subprocess")) {
            cpython("process-start", m("model", "cpython-processes", "workers", "1", "method", method),
                    timed(method.equals("spawn") ? 60 : 5), Map.of());
        }
        // A CPython pool with the wrong waves is shown as it is: only the Java cells are judged.
        cpython("pool-waves", m("model", "cpython-processes", "workers", "4", "experiment", "apply-async",
                "millisPerSeedSecond", "50"), timed(150), Map.of("waves", same(4, 2, 2), "maxConcurrent", same(4, 2, 2),
                "startedAtOnce", same(4, 2, 2)));
        Section s = pool();
        assertEquals(Verdict.CONFIRMS, s.verdict(), s.reason());
        String text = markdown(s);
        assertTrue(text.contains("CPython 3.11.7, spawn (Process start"), text);
        assertTrue(text.contains("| CPython 3.11.7 | apply-async, one seed second = 50 ms | 2 | 4 |"), text);
        SeedRow start = s.seeds().stream().filter(r -> r.id().equals("process-start")).findFirst().orElseThrow();
        assertEquals(120, start.here().value().value(), 3);
        assertTrue(start.scaling().contains("CPython 3.11.7 spawn: 60"), start.scaling());
        SeedRow popen = s.seeds().stream().filter(r -> r.id().equals("subprocess")).findFirst().orElseThrow();
        assertEquals(1.6, popen.here().value().value(), 1e-9);
    }

    @Test
    void theRangeSumRowComparesSharedSlicesWithTheSeed() throws IOException {
        Map<String, String> serial = m("model", "serial", "workers", "1", "options", "", "n", "10000000", "chunks", "8");
        Map<String, String> forked = m("model", "forked-process", "workers", "2", "options", "", "n", "10000000", "chunks", "8");
        cell("SharedMemoryBenchmark.rangeSumShared", serial, timed(8), Map.of())
                .cell("SharedMemoryBenchmark.rangeSumShared", forked, timed(5), Map.of())
                .cell("SharedMemoryBenchmark.rangeSumShipped", serial, timed(5), Map.of())
                .cell("SharedMemoryBenchmark.rangeSumShipped", forked, timed(25), Map.of());
        cpython("range-sum-processes", m("model", "cpython-serial", "workers", "1", "mode", "serial", "n", "1000000"),
                timed(16), Map.of("endToEnd", timed(16)));
        cpython("range-sum-processes", m("model", "cpython-processes", "workers", "8", "mode", "shared", "n", "1000000",
                "startMethod", "fork"), timed(8), Map.of("endToEnd", timed(40)));
        Section s = new Section();
        SharedRangeSum.show(s, evidence());
        SeedRow row = s.seeds().get(0);
        assertEquals("range-sum", row.id());
        assertEquals(6, row.published().value(), 1e-9);
        assertEquals(8 / 5.0, row.here().value().value(), 0.05); // serial / forked-process over the same mapped numbers
        assertTrue(row.scaling().contains("1/10 of the seed's") && row.scaling().contains("shipped: 0.20"), row.scaling());
        assertTrue(row.scaling().contains("CPython 3.11.7 at n = 1000000, shared: 2.0"), row.scaling());
        assertTrue(markdown(s).contains("| shipped (through the pipe) | 10000000 |"), markdown(s));
    }
}

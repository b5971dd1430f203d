package org.gilbench.report.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.gilbench.report.lesson.ThreadsJson.PKG;
import static org.gilbench.report.lesson.ThreadsJson.times;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gilbench.report.read.ModelNames;
import org.gilbench.report.read.ResultsFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verdict branch of issue 22's lessons on small fixtures, healthy and BROKEN: a socket model that never
 * waits on the server, sockets that serialise, downloads that do not overlap or never sleep, an event loop
 * that runs its deposits one at a time, one that skips deposits, failed cells and single forks.
 */
class ThreadLessonsVerdictTest {

    @TempDir
    Path tmp;

    private int n;

    private Section build(Lesson lesson, ThreadsJson json) {
        return lesson.build(new Evidence(ResultsFolder.load(json.write(tmp.resolve("run-" + (++n))))));
    }

    private static void assertVerdict(Verdict expected, Section s) {
        assertEquals(expected, s.verdict(), s.reason());
        assertFalse(s.reason().isBlank(), "a verdict needs its reason");
    }

    // ---- lesson 3: socket-io beside sleep-io ---------------------------------------------------------

    private static final String SOCKET = PKG + "SocketIoBenchmark.socketIo";
    private static final String SLEEP = PKG + "SleepIoBenchmark.sleepIo";

    private static Map<String, String> io(String model, int workers, int tasks) {
        return Map.of("model", model, "workers", "" + workers, "options", "", "tasks", "" + tasks, "millis", "100");
    }

    /** The pool of 16 over 100 downloads: 7 waves of 100 ms, sleeping and over sockets, two forks each. */
    private static ThreadsJson sockets(double socketMs, double... socketFork2) {
        return new ThreadsJson()
                .cell(SLEEP, io(ModelNames.THREAD_POOL, 16, 100), new double[] {700, 702}, new double[] {705, 707})
                .cell(SOCKET, io(ModelNames.THREAD_POOL, 16, 100), new double[] {socketMs, socketMs * 1.01},
                        socketFork2);
    }

    @Test
    void socketsConfirmWhenTheyTakeWhatSleepsTake() {
        Section s = build(new SocketIoLesson(), sockets(712, 715, 713));
        assertVerdict(Verdict.CONFIRMS, s);
        assertEquals(1, s.numbers().get("socketPairs"));
        assertFalse(s.blocks().isEmpty(), "the chart and the table");
    }

    @Test
    void socketsThatSerialiseContradict() {
        // BROKEN: socket calls that do not overlap (twice sleep-io's time, both forks).
        assertVerdict(Verdict.CONTRADICTS, build(new SocketIoLesson(), sockets(1400, 1405, 1402)));
    }

    @Test
    void aModelThatNeverWaitsOnTheServerContradicts() {
        // BROKEN: a fake that answers locally: faster than the server's 7 waves of 100 ms, though "like sleep-io"
        // would be far off anyway; the floor catches it whatever the pairing.
        assertVerdict(Verdict.CONTRADICTS, build(new SocketIoLesson(), sockets(40, 41, 42)));
    }

    @Test
    void socketsOnOneForkOrFailedAreTooNoisyOrNotMeasured() {
        ThreadsJson oneFork = new ThreadsJson()
                .cell(SLEEP, io(ModelNames.THREAD_POOL, 16, 100), new double[] {702, 705, 703})
                .cell(SOCKET, io(ModelNames.THREAD_POOL, 16, 100), new double[] {712, 715, 713});
        assertVerdict(Verdict.TOO_NOISY, build(new SocketIoLesson(), oneFork));
        Section failed = build(new SocketIoLesson(), sockets(712, 715, 713)
                .failed(SOCKET, io(ModelNames.EVENT_LOOP, 1_000_000, 1000), "exit 1: reply 17 wrong"));
        assertVerdict(Verdict.TOO_NOISY, failed);
        assertTrue(failed.reason().contains("reply 17 wrong"), failed.reason());
        assertVerdict(Verdict.NOT_MEASURED, build(new SocketIoLesson(), new ThreadsJson()
                .cell(SLEEP, io(ModelNames.THREAD_POOL, 16, 100), new double[] {700, 702}, new double[] {705, 707})));
    }

    /** Virtual threads at 1,000 downloads at once, twice sleep-io's time, with this CPU per operation (ms). */
    private static ThreadsJson thousandAtOnce(ThreadsJson base, double clientCpu, double serverCpu) {
        Map<String, String> params = io(ModelNames.VIRTUAL_THREAD, 1_000_000, 1000);
        double[][] time = {{220, 225}, {230, 236}};
        return base.cell(SLEEP, params, new double[] {110, 112}, new double[] {111, 113})
                .cell(SOCKET, params, time, Map.of("clientCpuMillis", new double[][] {{clientCpu, clientCpu}, {clientCpu,
                        clientCpu}}, "serverCpuMillis", new double[][] {{serverCpu, serverCpu}, {serverCpu, serverCpu}}));
    }

    @Test
    void aCellBoundByTheCoresIsSaidSoAndNotJudged() {
        // 250 ms of CPU per operation over the fixture's cores is far above 25% of the 100 ms floor: bound by the
        // cores, so its 2x does not contradict; the pool of 16 (bound by the wait) decides.
        Section s = build(new SocketIoLesson(), thousandAtOnce(sockets(712, 715, 713), 200, 50));
        assertVerdict(Verdict.CONFIRMS, s);
        assertEquals(1, s.numbers().get("socketCpuBound"));
        assertTrue(s.reason().contains("bound by the"), s.reason());
        // BROKEN: the same 2x with almost no CPU spent is a wait that did not overlap: it contradicts.
        assertVerdict(Verdict.CONTRADICTS, build(new SocketIoLesson(), thousandAtOnce(sockets(712, 715, 713), 2, 1)));
        // Every pair bound by the cores: nothing left to judge the overlap on.
        assertVerdict(Verdict.TOO_NOISY, build(new SocketIoLesson(), thousandAtOnce(new ThreadsJson(), 200, 50)));
    }

    // ---- lesson 3: the seeds' downloads --------------------------------------------------------------

    private static final String DOWNLOADS = PKG + "DownloadsBenchmark.downloads";

    private static ThreadsJson downloads(double serialMs, double threadsMs) {
        Map<String, double[][]> serialBounds = Map.of("sumMillis", new double[][] {times(2, 700), times(2, 700)},
                "longestMillis", new double[][] {times(2, 300), times(2, 300)});
        return new ThreadsJson()
                .cell(DOWNLOADS, Map.of("model", ModelNames.SERIAL, "workers", "1", "options", "", "draws", "published",
                        "millisPerSecond", "50"), new double[][] {{serialMs, serialMs + 1}, {serialMs + 2, serialMs + 1}},
                        serialBounds)
                .cell(DOWNLOADS, Map.of("model", ModelNames.THREAD_POOL, "workers", "3", "options", "", "draws",
                        "published", "millisPerSecond", "50"), new double[][] {{threadsMs, threadsMs + 1},
                                {threadsMs + 2, threadsMs + 1}}, serialBounds);
    }

    @Test
    void downloadsConfirmWhenThreeThreadsTakeTheLongest() {
        Section s = build(new ThreadsAtWorkLesson(), downloads(702, 301));
        assertVerdict(Verdict.CONFIRMS, s);
        SeedRow row = s.seeds().stream().filter(r -> r.id().equals("sleep-downloads")).findFirst().orElseThrow();
        assertTrue(row.measured() && row.here() != null, "the published 14.018 / 6.004 beside this run's ratio");
        assertEquals(7, s.seeds().size(), "busy-loop, sleep-downloads, port-scan, daemons, responsiveness, deadlock, thread-local");
        assertTrue(s.seeds().stream().filter(r -> !r.id().equals("sleep-downloads")).noneMatch(SeedRow::measured),
                "not selected here: each says so");
    }

    @Test
    void downloadsThatDoNotOverlapContradict() {
        // BROKEN: three "threads" that run one after another.
        assertVerdict(Verdict.CONTRADICTS, build(new ThreadsAtWorkLesson(), downloads(702, 701)));
    }

    @Test
    void downloadsThatNeverSleepContradict() {
        // BROKEN: a model that skips the sleeps: faster than the longest download.
        assertVerdict(Verdict.CONTRADICTS, build(new ThreadsAtWorkLesson(), downloads(702, 20)));
    }

    @Test
    void downloadsOnAFailedCellNeverConfirm() {
        Section s = build(new ThreadsAtWorkLesson(), downloads(702, 301).failed(DOWNLOADS,
                Map.of("model", ModelNames.GIL_EMULATED, "workers", "3", "options", ""), "exit 1: slept 12 ms of 300"));
        assertVerdict(Verdict.TOO_NOISY, s);
        assertTrue(s.reason().contains("slept 12 ms"), s.reason());
        assertVerdict(Verdict.NOT_MEASURED, build(new ThreadsAtWorkLesson(), new ThreadsJson()
                .cell(DOWNLOADS, Map.of("model", ModelNames.SERIAL, "workers", "1", "options", ""), times(2, 702))));
    }

    // ---- lesson 6: the event loop's bank -------------------------------------------------------------

    private static final String BANK = PKG + "SuspensionBankBenchmark.bank";

    private static ThreadsJson bank(double[][] between, double[][] after, double[][] truth) {
        return new ThreadsJson()
                .cell(BANK, params("between"), new double[][] {times(3, 80), times(3, 80)}, Map.of("balance", between,
                        "trueBalance", truth))
                .cell(BANK, params("after"), new double[][] {times(3, 80), times(3, 80)}, Map.of("balance", after,
                        "trueBalance", truth));
    }

    private static Map<String, String> params(String where) {
        return Map.of("model", ModelNames.EVENT_LOOP, "workers", "16", "options", "", "suspension", where, "lock",
                "false", "deposits", "100");
    }

    private static final double[][] SEVENS = {{7, 7, 8}, {7, 6, 7}};
    private static final double[][] HUNDREDS = {times(3, 100), times(3, 100)};

    @Test
    void theBankConfirmsWhenOnlyTheAwaitBetweenLosesUpdates() {
        assertVerdict(Verdict.CONFIRMS, build(new EventLoopSuspensionLesson(), bank(SEVENS, HUNDREDS, HUNDREDS)));
    }

    @Test
    void anEventLoopThatRunsDepositsOneAtATimeContradicts() {
        // BROKEN: coroutines that never interleave at the await keep every deposit.
        assertVerdict(Verdict.CONTRADICTS, build(new EventLoopSuspensionLesson(), bank(HUNDREDS, HUNDREDS, HUNDREDS)));
        // BROKEN: something ran between the read and the write with no await there.
        assertVerdict(Verdict.CONTRADICTS, build(new EventLoopSuspensionLesson(),
                bank(SEVENS, new double[][] {{100, 99, 100}, times(3, 100)}, HUNDREDS)));
    }

    @Test
    void aModelThatSkipsDepositsContradicts() {
        // BROKEN: 7 of 100 "lost" because only 7 deposits ran: the account's own count gives it away.
        double[][] sevenRan = {times(3, 7), times(3, 7)};
        assertVerdict(Verdict.CONTRADICTS, build(new EventLoopSuspensionLesson(), bank(SEVENS, sevenRan, sevenRan)));
    }

    @Test
    void theBankOnOneForkOrAFailedCellIsTooNoisy() {
        ThreadsJson oneFork = new ThreadsJson()
                .cell(BANK, params("between"), new double[][] {times(3, 80)}, Map.of("balance", new double[][] {{7, 7, 8}},
                        "trueBalance", new double[][] {times(3, 100)}))
                .cell(BANK, params("after"), new double[][] {times(3, 80)}, Map.of("balance", new double[][] {times(3, 100)},
                        "trueBalance", new double[][] {times(3, 100)}));
        assertVerdict(Verdict.TOO_NOISY, build(new EventLoopSuspensionLesson(), oneFork));
        Section failed = build(new EventLoopSuspensionLesson(), bank(SEVENS, HUNDREDS, HUNDREDS)
                .failed(BANK, params("after"), "exit 1: lost 1 of 100"));
        assertVerdict(Verdict.TOO_NOISY, failed);
        assertVerdict(Verdict.NOT_MEASURED, build(new EventLoopSuspensionLesson(), new ThreadsJson()
                .cell(BANK, params("between"), new double[][] {times(3, 80), times(3, 80)}, Map.of("balance", SEVENS,
                        "trueBalance", HUNDREDS))));
    }

    /** Draws every chart of a section headless, as the report does. */
    private static int render(Section s) {
        int drawn = 0;
        for (Section.Block b : s.blocks()) {
            if (b instanceof Section.Figure f) {
                for (org.knowm.xchart.internal.chartpart.Chart<?, ?> c : f.chart().panels().get()) {
                    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(c.getWidth(), c.getHeight(),
                            java.awt.image.BufferedImage.TYPE_INT_RGB);
                    java.awt.Graphics2D g = img.createGraphics();
                    c.paint(g, c.getWidth(), c.getHeight());
                    g.dispose();
                    drawn++;
                }
            }
        }
        return drawn;
    }

    @Test
    void everyChartDraws() {
        assertEquals(1, render(build(new SocketIoLesson(), sockets(712, 715, 713))));
        assertEquals(1, render(build(new ThreadsAtWorkLesson(), downloads(702, 301))));
        assertEquals(1, render(build(new EventLoopSuspensionLesson(), bank(SEVENS, HUNDREDS, HUNDREDS))));
    }

    @Test
    void everyEvidenceNameIsAPlanEntry() {
        for (Lesson l : ThreadLessons.ALL) {
            assertTrue(PlanEntries.ALL.containsAll(l.evidence()), l.id() + ": " + l.evidence());
            assertFalse(l.rule().isBlank());
        }
        assertEquals(List.of(3, 3, 6), ThreadLessons.ALL.stream().map(Lesson::number).toList());
    }
}

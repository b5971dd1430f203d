package org.gilbench.report;

import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.read.Machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end on small results folders: every chart rendered headless (PNG and SVG),
 * report.md's structure, results.csv, and the bad-input cases (one line, right exit code, no trace).
 */
class ReportTest {

    /** Real JMH output made with tiny settings on a 2-core machine (see resources/real/README.md). */
    static final String TWO_CORE = "real/vm-2core-tiny";
    /** Synthetic 8-core results: the only way to exercise the fits on a 2-core machine. */
    static final String EIGHT_CORE = "handmade/eight-core";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static void assertNoTrace(Run run) {
        assertFalse(run.err().contains("\tat "), "stack trace printed: " + run.err());
        assertFalse(run.err().contains("Exception in thread"), run.err());
    }

    @Test
    void reportWritesEveryChartTableAndCsv() throws IOException {
        Path dir = Fixtures.copy(TWO_CORE, tmp);
        Run run = main("report", dir.toString());
        assertEquals(0, run.code(), run.err());
        Path report = dir.resolve("report");
        for (String chart : List.of("headline", "cpu-scaling-prime-check-primecheck-variant-odd-only",
                "cpu-scaling-count-loop-countloop-iterations-20000000-tasks-4", "io-scaling", "cpu-utilisation",
                "process-cost")) {
            BufferedImage png = ImageIO.read(report.resolve(chart + ".png").toFile());
            assertTrue(png.getWidth() >= 2 * ChartStyle.WIDTH, chart + " is not drawn at 2x: " + png.getWidth());
            String svg = Files.readString(report.resolve(chart + ".svg"));
            assertTrue(svg.contains("<svg"), chart + ".svg is not SVG");
        }
        String md = Files.readString(report.resolve("report.md"));
        for (String heading : List.of("## Machine", "## Verdicts", "## The headline",
                "## 1. CPU-bound threads under the GIL", "## 2. Processes escape the GIL",
                "## 3. Sleeps overlap", "## 4. Switching has a cost", "### CPU utilisation per model",
                "### Start-up and data-shipping cost", "## Warnings", "## How the numbers were computed")) {
            assertTrue(md.contains(heading), "report.md lacks " + heading);
        }
        assertTrue(md.contains("![CPU-bound and I/O-bound scaling side by side](headline.png)"));
        assertTrue(md.contains("| model | workers | time (ms) [95% CI] | speedup [95% CI] |"));
        assertTrue(md.contains("AMD EPYC"));
        assertTrue(md.contains("load average 6.48 on 2 CPUs"), "machine warning missing");
        // 2 cores, workers 1 and 2: the report must refuse to fit, and say so.
        assertTrue(md.contains("not fitted: only 2 worker count(s) <= 2 cores"), md);
        // Every lesson has a verdict line, and the verdicts are in summary.json.
        assertEquals(org.gilbench.report.lesson.Lessons.ALL.size(), md.split("\\*\\*Verdict: ", -1).length - 1, md);
        String summary = Files.readString(report.resolve("summary.json"));
        assertTrue(summary.contains("\"lesson\" : 1") && summary.contains("\"fidelity\" : [ ]"), summary);
        assertTrue(Files.readString(report.resolve("results.json")).trim().startsWith("["));
        // The sleep-io files have "NaN" errors (1 fork, 2 iterations): the interval comes from the two
        // raw values instead (AnalysisTest checks the arithmetic); the rows are all there.
        assertTrue(md.contains("| virtual-thread ×1k | 1000 |"), md);
        assertTrue(md.contains("| gil-emulated ×4 | 100 |"), md);
        // The prime list's load-balance bound for the odd-only variant.
        assertTrue(md.contains("W / L = 5.3"), md);
        List<String> csv = Files.readAllLines(report.resolve("results.csv"));
        assertTrue(csv.get(0).startsWith("file,benchmark,workload,mode,model,workers"));
        assertTrue(csv.get(0).contains("cpu.util"));
        assertEquals(1 + 35, csv.size(), "one row per measurement");
    }

    @Test
    void eightCoresGetFits() throws IOException {
        Path dir = Fixtures.copy(EIGHT_CORE, tmp);
        Run run = main("report", dir.toString());
        assertEquals(0, run.code(), run.err());
        String md = Files.readString(dir.resolve("report/report.md"));
        assertTrue(md.contains("Amdahl p = "), md);
        assertTrue(md.contains("USL σ = "), md);
        assertTrue(md.contains("χ²/dof"), md);
    }

    @Test
    void compareTwoRunsMarksNotSignificant() throws IOException {
        Path a = Fixtures.copy(TWO_CORE, tmp);
        Path b = Fixtures.copy(TWO_CORE, tmp.resolve("second"));
        Files.writeString(b.resolve("machine.json"), Files.readString(b.resolve("machine.json"))
                .replace("\"host\": \"vm\"", "\"host\": \"vm2\""));
        Path out = tmp.resolve("cmp");
        Run run = main("compare", "--out", out.toString(), a.toString(), b.toString());
        assertEquals(0, run.code(), run.err());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("## 6. Comparison across machines"), md);
        assertTrue(md.contains("ratio [95% CI]"));
        // Identical data: every ratio is 1 and every cell "not significant"; 1-fork cells say so.
        assertTrue(md.contains("1.00 ["), md);
        assertTrue(md.contains("**not significant"), md);
        assertFalse(md.contains("| significant |"), md);
        assertTrue(md.contains("**not significant (within one fork)**"), md);
        assertTrue(md.contains("Geometric mean ratio over 35 cells: 1.000"), md);
        assertTrue(ImageIO.read(out.resolve("comparison.png").toFile()).getWidth() > 0);
        assertTrue(Files.exists(out.resolve("comparison.svg")));
        assertEquals(1 + 35, Files.readAllLines(out.resolve("comparison.csv")).size());
    }

    @Test
    void compareWithNothingInCommonIsAnErrorNamingTheFolder() {
        Path a = Fixtures.copy(TWO_CORE, tmp);
        Path b = Fixtures.copy(EIGHT_CORE, tmp);
        Run run = main("compare", "--out", tmp.resolve("cmp").toString(), a.toString(), b.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("eight-core: no benchmark cell in common"), run.err());
        assertNoTrace(run);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, main().code());
        assertEquals(2, main("report").code());
        assertEquals(2, main("frobnicate", "x").code());
        assertEquals(2, main("compare", "--out").code());
        assertEquals(2, main("compare", "--out", "x", "onlyone").code());
        assertEquals(2, main("compare", "--bogus", "a", "b").code());
        assertEquals(0, main("--help").code());
    }

    @Test
    void missingAndEmptyFoldersExitOneWithOneLine() throws IOException {
        Run missing = main("report", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such results folder"), missing.err());
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty/machine.json"), "{}");
        Run empty = main("report", tmp.resolve("empty").toString());
        assertEquals(1, empty.code());
        assertTrue(empty.err().contains("no JMH result files"), empty.err());
        assertEquals(1, empty.err().strip().lines().count(), empty.err());
        assertNoTrace(empty);
    }

    @Test
    void truncatedAndNonJmhFilesAreNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("prime-check.json"), "[ { \"benchmark\": \"x.PrimeCheckBench.run\", \"mode\": ");
        Run truncated = main("report", dir.toString());
        assertEquals(1, truncated.code());
        assertTrue(truncated.err().contains("prime-check.json: not valid JSON"), truncated.err());
        assertNoTrace(truncated);

        Files.writeString(dir.resolve("prime-check.json"), "{\"hello\": \"world\"}");
        Run notJmh = main("report", dir.toString());
        assertEquals(1, notJmh.code());
        assertTrue(notJmh.err().contains("prime-check.json: not a JMH result file"), notJmh.err());

        Files.writeString(dir.resolve("prime-check.json"), "[{\"foo\": 1}]");
        Run element = main("report", dir.toString());
        assertEquals(1, element.code());
        assertTrue(element.err().contains("element 1 is not a JMH benchmark result"), element.err());
    }

    @Test
    void oneBadFileAmongGoodOnesGivesAPartialReportWithAWarning() throws IOException {
        Path dir = Fixtures.copy(TWO_CORE, tmp);
        Files.writeString(dir.resolve("count-loop-models.json"), "[ {\"benchmark\": ");
        Run run = main("report", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("count-loop-models.json: not valid JSON"), run.err());
        String md = Files.readString(dir.resolve("report/report.md"));
        assertTrue(md.contains("count-loop-models.json: not valid JSON") && md.contains("the report is partial"), md);
    }

    @Test
    void nanScoresAreLeftOutWithAWarningAndNanErrorsKept() throws IOException {
        Path dir = Fixtures.copy(TWO_CORE, tmp);
        // The first element's score becomes "NaN", as JMH writes it (a quoted string).
        String json = Files.readString(dir.resolve("prime-check-models.json"));
        String nan = json.replaceFirst("\"score\" : [0-9.eE+-]+", "\"score\" : \"NaN\"");
        assertFalse(nan.equals(json), "fixture format changed: no score replaced");
        Files.writeString(dir.resolve("prime-check-models.json"), nan);
        Run run = main("report", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("its score is NaN"), run.err());
        String md = Files.readString(dir.resolve("report/report.md"));
        assertTrue(md.contains("its score is NaN"));
    }

    @Test
    void aCellInTwoFilesIsPooledAsTwoForks() throws IOException {
        Path dir = Fixtures.copy(TWO_CORE, tmp);
        Files.copy(dir.resolve("prime-check-models.json"), dir.resolve("prime-check-rerun.json"));
        Run run = main("report", dir.toString());
        assertEquals(0, run.code(), run.err());
        String md = Files.readString(dir.resolve("report/report.md"));
        assertTrue(md.contains("95% CI over 2 forks"), md);
    }

    @Test
    void missingMachineJsonIsAWarning() throws IOException {
        Path dir = Fixtures.copy(TWO_CORE, tmp);
        Files.delete(dir.resolve("machine.json"));
        Run run = main("report", dir.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("machine.json is missing"), run.err());
        String md = Files.readString(dir.resolve("report/report.md"));
        assertTrue(md.contains("not fitted: the core count is unknown"), md);
    }
}

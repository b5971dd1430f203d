package org.gilbench.report;

import org.gilbench.report.read.ReportException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report generator's command line (contract 5).
 *
 * <pre>
 * java -jar gilbench-report.jar report DIR                    writes DIR/report/
 * java -jar gilbench-report.jar compare --out OUTDIR DIR DIR... compares result folders (first = reference)
 * </pre>
 *
 * Exit codes: 0 ok, 1 error (one line on stderr naming the file or value), 2 bad usage.
 */
public final class Main {

    static final String USAGE = """
            usage: gilbench-report report DIR
                   gilbench-report compare --out OUTDIR DIR DIR...
              report   reads the JMH JSON files and machine.json in DIR, writes DIR/report/
                       (report.md, *.png at 2x, *.svg, results.csv)
              compare  compares result folders cell by cell (the first is the reference),
                       writes OUTDIR/report.md, comparison.png/.svg, comparison.csv
            exit codes: 0 ok, 1 error, 2 bad usage""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code instead of exiting, for tests. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        // Charts are drawn off screen; without this, a machine with DISPLAY unset may still try X11.
        System.setProperty("java.awt.headless", "true");
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.println(USAGE);
            return 0;
        }
        try {
            long start = System.nanoTime();
            Report.Outcome outcome;
            if (args.length == 2 && args[0].equals("report")) {
                outcome = Report.write(Path.of(args[1]));
            } else if (args.length >= 1 && args[0].equals("compare")) {
                outcome = compare(args, err);
                if (outcome == null) {
                    return 2;
                }
            } else {
                err.println("gilbench-report: " + (args.length == 0 ? "no command given"
                        : "bad arguments: " + String.join(" ", args)));
                err.println(USAGE);
                return 2;
            }
            for (String w : outcome.warnings()) {
                err.println("gilbench-report: warning: " + w);
            }
            out.printf("gilbench-report: wrote %s (%d charts, %d warnings) in %.1f s%n",
                    outcome.reportDir().resolve("report.md"), outcome.charts().size(), outcome.warnings().size(),
                    (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (ReportException e) {
            err.println("gilbench-report: error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("gilbench-report: error: cannot write the report: " + e);
            return 1;
        } catch (RuntimeException | Error e) {
            // A bug or an environment problem (no fonts): still one line, with what it was.
            err.println("gilbench-report: internal error: " + e + firstFrame(e));
            return 1;
        }
    }

    private static Report.Outcome compare(String[] args, PrintStream err) throws IOException {
        Path outDir = null;
        List<Path> dirs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--out")) {
                if (i + 1 >= args.length) {
                    err.println("gilbench-report: --out needs a folder");
                    err.println(USAGE);
                    return null;
                }
                outDir = Path.of(args[++i]);
            } else if (args[i].startsWith("-")) {
                err.println("gilbench-report: unknown option '" + args[i] + "' (known: --out)");
                err.println(USAGE);
                return null;
            } else {
                dirs.add(Path.of(args[i]));
            }
        }
        if (outDir == null || dirs.size() < 2) {
            err.println("gilbench-report: compare needs --out OUTDIR and at least two result folders");
            err.println(USAGE);
            return null;
        }
        return Compare.write(outDir, dirs);
    }

    private static String firstFrame(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "" : " (at " + trace[0] + ")";
    }
}

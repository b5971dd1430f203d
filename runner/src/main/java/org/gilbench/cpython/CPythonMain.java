package org.gilbench.cpython;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPython cells on their own, without the runner: which interpreters are found, the plan of a
 * profile with its estimates, and (with {@code --out DIR}) one round of it, one JMH-format JSON per cell.
 *
 * <pre>
 * java -cp runner/target/gilbench.jar org.gilbench.cpython.CPythonMain                 # the quick plan
 * java -cp runner/target/gilbench.jar org.gilbench.cpython.CPythonMain --full --python /usr/bin/python3.13t
 * java -cp runner/target/gilbench.jar org.gilbench.cpython.CPythonMain --out /tmp/cpython-round
 * </pre>
 *
 * Exit: 0 done (or nothing found), 1 a cell failed or timed out, 2 bad usage, 130 interrupted.
 */
public final class CPythonMain {

    static final String USAGE = "usage: CPythonMain [--quick|--full] [--python PATH]... [--cores N] [--out DIR] [--root DIR]";

    /** A cell may take this many times its estimate (plus start-up slack) before it is killed. */
    static final double LIMIT_FACTOR = 5;

    private CPythonMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String profile = "quick";
        List<Path> pythons = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        Path dir = null;
        Path root = Path.of("");
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> profile = "quick";
                    case "--full" -> profile = "full";
                    case "--python" -> pythons.add(Path.of(value(args, ++i, "--python")));
                    case "--cores" -> cores = count(value(args, ++i, "--cores"));
                    case "--out" -> dir = Path.of(value(args, ++i, "--out"));
                    case "--root" -> root = Path.of(value(args, ++i, "--root"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (dir != null && Files.exists(dir)) {
                throw new IllegalArgumentException("--out " + dir + " exists (give a new folder)");
            }
            Interpreters.Found found = Interpreters.onThisMachine().find(pythons);
            out.println(found.summary());
            found.notes().forEach(n -> out.println("  skipped " + n));
            List<CPythonCell> plan = new ArrayList<>();
            int failures = 0;
            int index = 0;
            for (Python python : found.pythons()) {
                List<CPythonCell> cells = CPythonPlan.cells(profile, cores, python);
                plan.addAll(cells);
                for (CPythonCell cell : cells) {
                    index++;
                    if (dir == null) {
                        out.printf("  %3d. ~%5.1f s  %s%n", index, cell.estimateSeconds(), cell.key(python));
                        continue;
                    }
                    Duration limit = Duration.ofMillis(Math.round((LIMIT_FACTOR * cell.estimateSeconds() + 30) * 1000));
                    CPythonCell.Result r = cell.run(python, CPythonCell.driver(root), dir.resolve(
                            String.format("%02d-%s.json", index, cell.experiment())), limit);
                    out.printf("  %3d. %-7s %5.1f s (~%.1f)  %s %s%n", index, r.status().label(), r.wallSeconds(),
                            cell.estimateSeconds(), cell.key(python), r.message());
                    if (r.status() != CPythonCell.Status.OK) {
                        failures++;
                    }
                }
            }
            out.printf("%s profile: %d CPython cells, ~%.0f s per round on %d cores%n", profile, plan.size(),
                    CPythonPlan.totalSeconds(plan), cores);
            return failures == 0 ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("CPythonMain: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("CPythonMain: interrupted");
            return 130;
        }
    }

    private static int count(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad --cores '" + text + "' (expected a whole number >= 1)", e);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }
}

package org.gilbench.run;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gilbench.model.Model;

/**
 * The GIL timeline (issue 10, Beazley's picture): {@code org.gilbench.bench.GilTimeline DIR} in a fresh JVM,
 * once per run, in round 1, writing {@code DIR/gil-timeline/*.json}. Not a cell: it measures no score, only
 * records the emulated GIL's events in four short scenarios (~2.5 s). A failure is a warning; the run goes
 * on and the report draws no timeline.
 */
final class TimelineStep {

    static final String MAIN = "org.gilbench.bench.GilTimeline";
    static final String FOLDER = "gil-timeline";
    static final double ESTIMATE_SECONDS = 4;
    /** Generous: the scenarios last ~0.7 s, a JVM's start ~0.5 s. */
    static final long LIMIT_SECONDS = 60;

    private TimelineStep() {
    }

    /** Whether the run records it: whenever the selection has the emulated GIL. */
    static boolean planned(Selection s) {
        return s.hasModel(Model.GIL_EMULATED_NAME);
    }

    /** Already there (a resumed run): not recorded again. */
    static boolean done(Path dir) {
        try (var files = Files.list(dir.resolve(FOLDER))) {
            return files.anyMatch(f -> f.toString().endsWith(".json"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The command: this JVM's java and class path. */
    static List<String> command(Path dir) {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), MAIN,
                dir.toString()));
        return command;
    }

    /**
     * Runs it; its output goes to the log.
     *
     * @return null when it wrote its files, else why not (one line)
     */
    static String run(Path dir, PrintStream log) throws InterruptedException {
        Path out;
        try {
            out = Files.createTempFile("gil-timeline", ".log");
        } catch (IOException e) {
            return "cannot create a temporary file: " + e.getMessage();
        }
        Process p;
        try {
            p = new ProcessBuilder(command(dir)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
        } catch (IOException e) {
            return "cannot start " + MAIN + ": " + e.getMessage();
        }
        try {
            if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return "did not finish within " + LIMIT_SECONDS + " s";
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        String text;
        try {
            text = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
        } catch (IOException e) {
            text = "";
        }
        log.print(text);
        if (p.exitValue() != 0) {
            String last = text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
            return "exit " + p.exitValue() + ": " + last;
        }
        return done(dir) ? null : "it wrote nothing into " + dir.resolve(FOLDER) + File.separator;
    }
}

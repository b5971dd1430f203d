package org.gilbench.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gilbench.report.Decisions;

/**
 * The report generator ({@code reports/target/gilbench-report.jar}), run as a subprocess: it has no JMH
 * dependency and is rewritten by its own module. After each round a failure is a warning; the run goes on.
 */
final class ReportJar {

    /** Longer means the generator hangs; the run must not wait for ever. */
    static final long TIMEOUT_SECONDS = 300;

    private final Path jar;
    /** The lesson ids whose sections the report writes (--lesson); empty: every lesson. */
    private final List<String> lessons;

    ReportJar(Path root) {
        this(root.resolve("reports/target/gilbench-report.jar"), List.of());
    }

    private ReportJar(Path jar, List<String> lessons) {
        this.jar = jar;
        this.lessons = List.copyOf(lessons);
    }

    /** The same generator writing only these lessons' sections ({@link Decisions#LESSONS_PROPERTY}). */
    ReportJar only(List<String> lessonIds) {
        return new ReportJar(jar, lessonIds);
    }

    /** java [-Dgilbench.lessons=...] -jar the-report-jar */
    private List<String> javaJar() {
        List<String> command = new ArrayList<>(List.of(java()));
        if (!lessons.isEmpty()) {
            command.add("-D" + Decisions.LESSONS_PROPERTY + "=" + String.join(",", lessons));
        }
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    Path jar() {
        return jar;
    }

    boolean exists() {
        return Files.isRegularFile(jar);
    }

    static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * Writes DIR/report/; its output goes to run.log, and its lines to the screen when {@code show}.
     *
     * @return true when it succeeded
     */
    boolean report(Path dir, Console console, boolean show) {
        if (!exists()) {
            console.say("report skipped: " + jar + " is missing (./mvnw -DskipTests package builds it)");
            return true;
        }
        List<String> lines = new ArrayList<>();
        int exit;
        try {
            List<String> command = javaJar();
            command.addAll(List.of("report", dir.toString()));
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    console.logOnly(line);
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                console.warn("the report generator did not finish within " + TIMEOUT_SECONDS + " s; stopped");
                return false;
            }
            exit = p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.io.IOException e) {
            console.warn("could not start the report generator: " + e.getMessage());
            return false;
        }
        if (show || exit != 0) {
            lines.forEach(l -> console.out.println("      " + l));
        }
        if (exit != 0) {
            console.warn("the report generator failed on " + dir + " (exit " + exit + "; its message is above and in run.log)");
            return false;
        }
        return true;
    }

    /** Runs the generator with the user's terminal (report-only, compare); returns its exit code. */
    int exec(List<String> args) throws java.io.IOException, InterruptedException {
        List<String> command = javaJar();
        command.addAll(args);
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}

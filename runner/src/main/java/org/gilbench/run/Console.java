package org.gilbench.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The run's messages: progress to stdout, warnings to stderr, both also into run.log once it exists. */
final class Console {

    static final String PROG = "run-bench.sh";
    /** -Dgilbench.command: how the user started the runner (the launcher sets {@code java -jar <jar>}). */
    static final String COMMAND_PROPERTY = "gilbench.command";

    /** The command to repeat in hints (resume), as the user started it: {@code ./run-bench.sh} by default. */
    static String command() {
        return System.getProperty(COMMAND_PROPERTY, "./" + PROG);
    }

    final PrintStream out;
    final PrintStream err;
    private PrintStream log;

    Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Opens run.log (appending: a resumed run continues it); JMH's output goes there too. */
    PrintStream openLog(Path file) throws IOException {
        log = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true, StandardCharsets.UTF_8);
        return log;
    }

    PrintStream log() {
        return log != null ? log : new PrintStream(java.io.OutputStream.nullOutputStream());
    }

    void say(String line) {
        out.println(line);
        out.flush();
        if (log != null) {
            log.println(line);
        }
    }

    void warn(String line) {
        err.println(PROG + ": warning: " + line);
        err.flush();
        if (log != null) {
            log.println("warning: " + line);
        }
    }

    void logOnly(String line) {
        if (log != null) {
            log.println(line);
        }
    }
}

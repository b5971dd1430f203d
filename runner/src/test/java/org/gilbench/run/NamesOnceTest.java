package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gilbench.model.Model;
import org.gilbench.workload.LostUpdate;
import org.gilbench.workload.PingPong;
import org.gilbench.workload.WorkloadKind;
import org.junit.jupiter.api.Test;

/**
 * "Names once": no main source file spells a model or workload name as a string literal, except in the
 * one constant that declares it ({@code Model.SERIAL_NAME = "serial"}, {@code PrimeCheck.NAME =
 * "prime-check"}); everything else refers to the constant, so a name is changed in one place and a
 * typo is a compile error. Comments do not count (they may quote a name); a literal that merely contains
 * a name ({@code "forked-process: closed"}) does not either.
 */
class NamesOnceTest {

    /** The modules whose main sources must be clean now (the tests run in runner/). */
    private static final List<String> CLEAN = List.of("workloads", "contract", "benchmarks", "runner");
    /** Being reworked by another part of issue 17; {@link #theReportSpellsNoNameEither} covers it. */
    private static final String REPORTS = "reports";

    /** A name's declaring constant: a {@code static final String} whose whole initializer is the literal. */
    private static final Pattern DECLARATION = Pattern.compile("static\\s+final\\s+String\\s+\\w+\\s*=\\s*$");

    static List<String> names() {
        List<String> names = new ArrayList<>(Model.NAMES);
        names.addAll(WorkloadKind.NAMES);
        names.add(LostUpdate.NAME);
        names.add(PingPong.NAME);
        return names;
    }

    @Test
    void noMainFileOfTheCleanModulesSpellsAName() throws IOException {
        Scan scan = scan(CLEAN);
        assertEquals(List.of(), scan.offenders, "model or workload names spelled outside their constant");
        // Every name is declared exactly once, and the declarations are where the names live.
        for (String name : names()) {
            assertEquals(1, scan.declarations.getOrDefault(name, List.of()).size(),
                    "declarations of \"" + name + "\": " + scan.declarations.get(name));
        }
        assertTrue(scan.declarations.get(Model.SERIAL_NAME).get(0).contains("Model.java"), scan.declarations.toString());
    }

    @Test
    void theReportSpellsNoNameEither() throws IOException {
        Scan scan = scan(List.of(REPORTS));
        assertEquals(List.of(), scan.offenders, "model or workload names spelled outside their constant");
    }

    @Test
    void theScannerFindsALiteralAndIgnoresCommentsAndDeclarations() {
        List<String> found = new ArrayList<>();
        Map<String, List<String>> declared = new TreeMap<>();
        String source = """
                /** "serial" in a comment */
                static final String SERIAL_NAME = "serial";
                String s = "a \\" quote"; // "thread-pool" in a comment
                char c = '"'; String t = "forked-process: closed";
                call("gil-emulated", "x");
                String block = \"""
                    sleep-io
                    \""";
                """;
        scanSource("X.java", source, names(), found, declared);
        assertEquals(List.of("X.java:5 \"gil-emulated\""), found);
        assertEquals(List.of("X.java:2"), declared.get("serial"));
    }

    private record Scan(List<String> offenders, Map<String, List<String>> declarations) {
    }

    private static Scan scan(List<String> modules) throws IOException {
        List<String> offenders = new ArrayList<>();
        Map<String, List<String>> declarations = new TreeMap<>();
        for (String module : modules) {
            Path root = Path.of("..", module, "src", "main", "java");
            assertTrue(Files.isDirectory(root), "source folder " + root.toAbsolutePath().normalize() + " not found");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    scanSource(module + "/" + root.relativize(f), Files.readString(f), names(), offenders, declarations);
                }
            }
        }
        return new Scan(offenders, declarations);
    }

    /**
     * Walks a Java source once, skipping comments, char literals and text blocks, and checks every string
     * literal that equals a name: a declaration ({@link #DECLARATION} before it, {@code ;} after it) is
     * recorded, anything else is an offence.
     */
    static void scanSource(String file, String src, List<String> names, List<String> offenders,
                           Map<String, List<String>> declarations) {
        int line = 1;
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (src.startsWith("//", i)) {
                while (i < n && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(src, i, end);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
                line += count(src, i, end);
                i = end;
            } else if (c == '\'') {
                i++;
                while (i < n && src.charAt(i) != '\'') {
                    i += src.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
            } else if (c == '"') {
                int start = i + 1;
                i = start;
                StringBuilder value = new StringBuilder();
                while (i < n && src.charAt(i) != '"') {
                    if (src.charAt(i) == '\\') {
                        value.append(src.charAt(i + 1));
                        i += 2;
                    } else {
                        value.append(src.charAt(i++));
                    }
                }
                i++;
                String literal = value.toString();
                if (names.contains(literal)) {
                    String before = src.substring(src.lastIndexOf('\n', start - 1) + 1, start - 1);
                    boolean declaration = DECLARATION.matcher(before).find() && src.startsWith(";", i);
                    if (declaration) {
                        declarations.computeIfAbsent(literal, k -> new ArrayList<>()).add(file + ":" + line);
                    } else {
                        offenders.add(file + ":" + line + " \"" + literal + "\"");
                    }
                }
            } else {
                i++;
            }
        }
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}

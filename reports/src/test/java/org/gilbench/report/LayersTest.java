package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The report's packages form layers, so no two import each other: read (the results folder) below
 * analysis, analysis below chart and write, those below lesson, and the root (Report, Main, Compare) on
 * top. A file may use its own layer or lower ones, by import or by a fully qualified name.
 */
class LayersTest {

    private static final Map<String, Integer> LAYER = Map.of("read", 0, "analysis", 1, "chart", 2, "write", 2,
            "lesson", 3, "", 4);

    @Test
    void everyPackageUsesOnlyItsOwnOrLowerLayers() throws IOException {
        Path root = Path.of("src/main/java/org/gilbench/report");
        Pattern use = Pattern.compile("org\\.gilbench\\.report\\.([a-z]+)\\.[A-Z]");
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString();
                Integer mine = LAYER.get(pkg);
                assertEquals(true, mine != null, "a package with no layer: " + pkg + " (add it to LAYER)");
                for (String line : Files.readAllLines(f)) {
                    String code = line.strip();
                    if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = use.matcher(code);
                    while (m.find()) {
                        Integer theirs = LAYER.get(m.group(1));
                        if (theirs != null && theirs > mine || theirs != null && theirs.equals(mine) && !m.group(1).equals(pkg)) {
                            upward.add(f.getFileName() + " (" + pkg + ") uses " + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), upward);
    }
}

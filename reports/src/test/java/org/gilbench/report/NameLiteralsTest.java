package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gilbench.model.Model;
import org.gilbench.report.analysis.Workloads;
import org.junit.jupiter.api.Test;

/**
 * No main file of the report spells a model's or a workload's name as a string literal: only the
 * classes that hold the names ({@code read/ModelNames}, {@code analysis/Workloads},
 * {@code lesson/PlanEntries}) may. Comments are not code and are skipped.
 */
class NameLiteralsTest {

    private static final Set<String> HOLDERS = Set.of("ModelNames.java", "Workloads.java", "PlanEntries.java");

    @Test
    void modelAndWorkloadNamesAreSpelledOnlyInTheirConstants() throws IOException {
        List<String> names = new ArrayList<>(Model.NAMES);
        names.addAll(List.of(Workloads.PRIME_CHECK, Workloads.RANGE_SUM, Workloads.SLEEP_IO, Workloads.COUNT_LOOP,
                Workloads.LOST_UPDATE, Workloads.PING_PONG, Workloads.PROCESS_START));
        Pattern literal = Pattern.compile("\"(" + String.join("|", names.stream().map(Pattern::quote).toList())
                + "|cpython2?-[a-z-]+)\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (HOLDERS.contains(f.getFileName().toString())) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
                        continue;
                    }
                    Matcher m = literal.matcher(line);
                    // A lesson's id may equal a model's name (summary.json's "event-loop"): ids stay as they are.
                    if (m.find() && !line.startsWith("return \"" + m.group(1) + "\";")) {
                        found.add(f.getFileName() + ":" + (i + 1) + " " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}

package org.gilbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's numbers are the example run's: what ReadmeNumbers would write is what the README says. */
class ReadmeNumbersTest {

    @Test
    void readmeTableIsTheExampleRunsTable() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path summary = root.resolve(ReadmeNumbers.EXAMPLE).resolve("report/summary.json");
        assumeTrue(Files.isRegularFile(summary), "no example run in " + ReadmeNumbers.EXAMPLE + " yet");
        String readme = Files.readString(root.resolve("README.md"));
        assertEquals(ReadmeNumbers.refreshed(readme, root), readme,
                "README.md's example-run table is stale: run java -cp reports/target/gilbench-report.jar "
                        + "org.gilbench.report.ReadmeNumbers");
    }
}

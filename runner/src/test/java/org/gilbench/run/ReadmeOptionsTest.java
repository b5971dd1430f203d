package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's `./run-bench.sh` section and the runner's --help (its copy, runner/cli/help.txt, which
 * RunBenchCliTest holds equal to the code) name the same options: none documented that the code lacks, none
 * in the code that the README never shows.
 */
class ReadmeOptionsTest {

    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]+");

    static Set<String> options(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @Test
    void readmeAndHelpNameTheSameOptions() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("## `./run-bench.sh`");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end);
        Set<String> help = new TreeSet<>();
        for (String line : Files.readAllLines(root.resolve("runner/cli/help.txt"))) {
            Matcher m = Pattern.compile("^\\s+(?:-h, )?(--[a-z][a-z-]+)").matcher(line);
            if (m.find()) {
                help.add(m.group(1));
            }
        }
        assertEquals(help, options(section), "README's ./run-bench.sh section vs --help");
    }
}

package org.gilbench.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JDK discovery without running any JDK: fake homes with a bin/java and a release file. */
class LauncherTest {

    @TempDir
    Path tmp;

    private Path fakeJdk(String name, String version) throws IOException {
        Path home = tmp.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.write(home.resolve("bin").resolve("java"), new byte[0]);
        Files.write(home.resolve("release"), Arrays.asList("IMPLEMENTOR=\"x\"", "JAVA_VERSION=\"" + version + "\""));
        return home;
    }

    @Test
    void picksTheNewestJdkAtLeast21() throws IOException {
        Path j17 = fakeJdk("jdk-17", "17.0.15");
        Path j21 = fakeJdk("jdk-21", "21.0.5");
        Path j25 = fakeJdk("temurin-25", "25.0.3");
        assertEquals(j25.resolve("bin/java"), Launcher.findJdk(Arrays.asList(j17, j21, j25)));
        assertEquals(j21.resolve("bin/java"), Launcher.findJdk(Arrays.asList(j17, j21)));
    }

    @Test
    void noJdk21IsNoneFound() throws IOException {
        assertNull(Launcher.findJdk(Arrays.asList(fakeJdk("jdk-17", "17.0.15"), fakeJdk("jdk8", "1.8.0_402"),
                tmp.resolve("missing"))));
    }

    @Test
    void majorVersions() {
        assertEquals(8, Launcher.major("1.8.0_402"));
        assertEquals(25, Launcher.major("25.0.3"));
        assertEquals(21, Launcher.major("21"));
        assertEquals(0, Launcher.major("garbage"));
        assertEquals(0, Launcher.major(null));
    }

    @Test
    void childCommandCarriesTheFlagOnlyFrom23() {
        Path jar = tmp.resolve("gilbench.jar");
        List<String> on25 = Launcher.command(java.nio.file.Paths.get("/jdk25/bin/java"), 25, jar, tmp, new String[] {"--dry-run"});
        assertTrue(on25.contains(Launcher.UNSAFE_FLAG));
        assertEquals("--dry-run", on25.get(on25.size() - 1));
        assertTrue(on25.contains("-Dgilbench.root=" + tmp));
        assertTrue(on25.contains("-Dgilbench.command=java -jar " + jar), "hints repeat the command typed: " + on25);
        List<String> on21 = Launcher.command(java.nio.file.Paths.get("/jdk21/bin/java"), 21, jar, tmp, new String[0]);
        assertTrue(!on21.contains(Launcher.UNSAFE_FLAG));
    }

    @Test
    void rootIsTheCheckoutAboveRunnerTarget() throws IOException {
        Path root = tmp.resolve("clone");
        Files.createDirectories(root.resolve("runner/target"));
        Files.write(root.resolve("pom.xml"), new byte[0]);
        assertEquals(root, Launcher.rootOf(root.resolve("runner/target/gilbench.jar")));
    }
}

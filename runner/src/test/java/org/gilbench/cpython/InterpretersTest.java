package org.gilbench.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery with fake interpreters: shell scripts that answer the probe as a given Python would. Public, with
 * {@link #fakePython}: the runner's tests (org.gilbench.run) use the same fakes for --python.
 */
public class InterpretersTest {

    @TempDir
    Path dir;

    /** A fake interpreter answering the probe: implementation, version, GIL on or off. */
    public static Path fakePython(Path dir, String name, String implementation, String version, boolean gil) throws IOException {
        String[] v = version.split("\\.");
        return script(dir, name, "echo 'gilbench-python|" + implementation + "|" + v[0] + "|" + v[1] + "|" + version
                + "|" + (gil ? 1 : 0) + "|" + dir.resolve(name) + "'");
    }

    public static Path script(Path dir, String name, String body) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "fake interpreters are /bin/sh scripts: no /bin/sh here");
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    void noneFoundSaysTheEmulationIsShownAlone() {
        Interpreters.Found found = new Interpreters(List.of(dir)).discover();
        assertTrue(found.isEmpty());
        assertEquals("no CPython found: the charts show the emulation only", found.summary());
    }

    @Test
    void onePython3() throws IOException {
        fakePython(dir, "python3", "CPython", "3.11.7", true);
        Interpreters.Found found = new Interpreters(List.of(dir)).discover();
        assertEquals(1, found.pythons().size(), found.toString());
        Python p = found.pythons().get(0);
        assertEquals("3.11.7", p.version());
        assertEquals("default", p.build());
        assertEquals(List.of("cpython-serial", "cpython-threads", "cpython-processes"), p.models());
        assertEquals("PATH", p.origin());
        assertTrue(found.summary().contains("CPython 3.11.7"), found.summary());
    }

    @Test
    void severalInTheirOrderAndTheFirstOnThePathWins() throws IOException {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        fakePython(second, "python3", "CPython", "3.9.18", true);     // shadowed by first/python3
        fakePython(first, "python3", "CPython", "3.12.1", true);
        fakePython(second, "python3.13t", "CPython", "3.13.0", false);
        fakePython(first, "python2.7", "CPython", "2.7.18", true);
        Interpreters.Found found = new Interpreters(List.of(first, second)).discover();
        assertEquals(List.of("3.12.1", "3.13.0", "2.7.18"),
                found.pythons().stream().map(Python::version).toList(), found.toString());
        assertEquals(List.of("cpython-serial", "cpython-free-threaded"), found.pythons().get(1).models());
        assertEquals(List.of("cpython-serial", "cpython2-threads"), found.pythons().get(2).models());
    }

    @Test
    void unusableCandidatesAreSkippedWithANote() throws IOException {
        fakePython(dir, "python3", "CPython", "3.6.15", true);                 // too old
        fakePython(dir, "python3.13t", "CPython", "3.13.0", true);             // GIL back on
        script(dir, "python2.7", "echo 'pyenv: python2.7: command not found' >&2; exit 127");  // a pyenv shim
        Interpreters.Found found = new Interpreters(List.of(dir)).discover();
        assertTrue(found.isEmpty(), found.toString());
        String notes = String.join("\n", found.notes());
        assertTrue(notes.contains("Python 3.6.15 is not supported (need 2.7 or 3.8+)"), notes);
        assertTrue(notes.contains("python3.13t") && notes.contains("GIL on"), notes);
        assertTrue(notes.contains("exit 127: pyenv: python2.7: command not found"), notes);
    }

    @Test
    void pyenvSuppliesTheMissing27() throws IOException {
        fakePython(dir, "python3", "CPython", "3.11.7", true);
        Path prefix = dir.resolve("pyenv-versions/2.7.18");
        fakePython(prefix.resolve("bin"), "python", "CPython", "2.7.18", true);
        script(dir, "pyenv", "case \"$1\" in versions) printf '2.7.9\\n2.7.18\\n3.11.7\\n' ;;"
                + " prefix) echo '" + dir.resolve("pyenv-versions") + "/'\"$2\" ;; *) exit 1 ;; esac");
        Interpreters.Found found = new Interpreters(List.of(dir)).discover();
        assertEquals(List.of("3.11.7", "2.7.18"), found.pythons().stream().map(Python::version).toList(), found.toString());
        assertEquals("pyenv", found.pythons().get(1).origin());
    }

    @Test
    void explicitPathsReplaceDiscovery() throws IOException {
        fakePython(dir, "python3", "CPython", "3.11.7", true);
        Path chosen = fakePython(dir.resolve("elsewhere"), "py", "CPython", "3.13.0", false);
        Interpreters.Found found = new Interpreters(List.of(dir)).find(List.of(chosen));
        assertEquals(1, found.pythons().size());
        assertEquals("free-threaded", found.pythons().get(0).build());
        assertEquals("--python", found.pythons().get(0).origin());
    }

    @Test
    void aBadExplicitPathIsOneClearLine() throws IOException {
        Interpreters in = new Interpreters(List.of(dir));
        Path notPython = script(dir, "hello", "echo hello");
        Path old = fakePython(dir, "old", "CPython", "3.7.16", true);
        Path pypy = fakePython(dir, "pypy", "PyPy", "3.10.14", true);
        Path plain = Files.writeString(dir.resolve("plain"), "not executable");
        assertMessage(in, dir.resolve("missing"), "--python " + dir.resolve("missing") + ": no such file");
        assertMessage(in, plain, "--python " + plain + ": not an executable file");
        assertMessage(in, notPython, "--python " + notPython + ": did not answer as a Python interpreter (said: hello)");
        assertMessage(in, old, "--python " + old + ": Python 3.7.16 is not supported (need 2.7 or 3.8+)");
        assertMessage(in, pypy, "--python " + pypy + ": is PyPy 3.10.14, not CPython");
    }

    private static void assertMessage(Interpreters in, Path path, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> in.chosen(List.of(path)));
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void theRealPython3DescribesItself() {
        Interpreters.Found found = Interpreters.onThisMachine().discover();
        assumeTrue(found.pythons().stream().anyMatch(p -> p.major() == 3),
                "no python3 (3.8+) on this machine's PATH: " + found.notes());
        Python p = found.pythons().get(0);
        assertTrue(p.version().matches("3\\.\\d+\\.\\d+.*"), p.version());
    }
}

package org.gilbench.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-alone plan / one-round tool: its plan and its bad-usage lines. */
class CPythonMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CPythonMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsThePlanOfTheChosenInterpreter() throws Exception {
        Path py = InterpretersTest.fakePython(dir, "python3", "CPython", "3.12.1", true);
        assertEquals(0, run("--python", py.toString(), "--cores", "2"), err.toString());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("CPython 3.12.1"), text);
        assertTrue(text.contains("cpython.prime-check{build=default,listMultiple=1,model=cpython-serial,python=3.12.1"), text);
        assertTrue(text.contains("quick profile: 41 CPython cells"), text); // 13, issue 22's asyncio bank (2) and sockets (1), issue 21's process programs, the live ping-pong (2)
    }

    @Test
    void badUsageIsOneLineAndExitTwo() {
        assertEquals(2, run("--fast"));
        assertTrue(err.toString().startsWith("CPythonMain: unknown option '--fast'\n"), err.toString());
        err.reset();
        assertEquals(2, run("--cores", "two"));
        assertTrue(err.toString().startsWith("CPythonMain: bad --cores 'two' (expected a whole number >= 1)\n"), err.toString());
        err.reset();
        assertEquals(2, run("--python", dir.resolve("nope").toString()));
        assertTrue(err.toString().startsWith("CPythonMain: --python " + dir.resolve("nope") + ": no such file\n"), err.toString());
    }
}

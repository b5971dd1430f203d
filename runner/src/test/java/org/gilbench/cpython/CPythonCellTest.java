package org.gilbench.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cell's command line, key, checks and process handling, with fake interpreters. */
class CPythonCellTest {

    @TempDir
    Path dir;

    static final Python PY311 = new Python(Path.of("/usr/bin/python3"), "3.11.7", 3, 11, true, "PATH");

    static CPythonCell primeCheck() {
        return new CPythonCell("prime-check",
                Map.of("model", "cpython-threads", "workers", "2", "variant", "seed", "listMultiple", "1"), 1, 2, 9.0);
    }

    @Test
    void commandPassesEveryParamAsItsOption() {
        Path driver = Path.of("cpython/gilbench_cpython.py");
        assertEquals(List.of("/usr/bin/python3", "cpython/gilbench_cpython.py", "prime-check",
                        "--list-multiple", "1", "--model", "cpython-threads", "--variant", "seed", "--workers", "2",
                        "--warmup", "1", "--ops", "2", "--json", "out.json"),
                primeCheck().command(PY311, driver, Path.of("out.json")));
    }

    @Test
    void keyIsTheContractsKeyOfTheResultParams() {
        assertEquals("cpython.prime-check{build=default,listMultiple=1,model=cpython-threads,python=3.11.7,"
                + "variant=seed,workers=2}", primeCheck().key(PY311));
    }

    @Test
    void badCellsAreRejectedWithTheAllowedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CPythonCell("primes", Map.of("model", "cpython-threads", "workers", "1"), 1, 1, 1));
        assertTrue(e.getMessage().contains("'primes' unknown") && e.getMessage().contains("prime-check"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CPythonCell("sleep-io", Map.of("model", "thread-pool", "workers", "1"), 1, 1, 1));
        assertTrue(e.getMessage().contains("model 'thread-pool' unknown"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CPythonCell("sleep-io", Map.of("model", "cpython-threads", "workers", "1", "python", "3"), 1, 1, 1));
        assertTrue(e.getMessage().contains("bad param name 'python'"), e.getMessage());
    }

    @Test
    void aModelTheInterpreterCannotRunIsRefused() {
        Python py27 = new Python(Path.of("/x/python"), "2.7.18", 2, 7, true, "pyenv");
        assertFalse(primeCheck().runsOn(py27));
        assertThrows(IllegalArgumentException.class, () -> primeCheck().run(py27, dir.resolve("d.py"), dir.resolve("o.json"),
                Duration.ofSeconds(5)));
    }

    @Test
    void aFailingDriverIsFailedWithItsLastLine() throws Exception {
        Path fake = InterpretersTest.script(dir, "python3",
                "echo 'prime-check op 1: 10 ms'; echo 'gilbench_cpython.py: wrong answer: is_prime(7) returned False' >&2; exit 1");
        Python py = new Python(fake, "3.11.7", 3, 11, true, "--python");
        CPythonCell.Result r = primeCheck().run(py, dir.resolve("driver.py"), dir.resolve("out/x.json"), Duration.ofSeconds(30));
        assertEquals(CPythonCell.Status.FAILED, r.status());
        assertEquals("exit 1: gilbench_cpython.py: wrong answer: is_prime(7) returned False", r.message());
        assertTrue(Files.readString(r.log()).contains("prime-check op 1"));
    }

    @Test
    void exitZeroWithoutAResultIsFailed() throws Exception {
        Path fake = InterpretersTest.script(dir, "python3", "exit 0");
        Python py = new Python(fake, "3.11.7", 3, 11, true, "--python");
        CPythonCell.Result r = primeCheck().run(py, dir.resolve("driver.py"), dir.resolve("x.json"), Duration.ofSeconds(30));
        assertEquals(CPythonCell.Status.FAILED, r.status());
        assertTrue(r.message().startsWith("exit 0 but no result"), r.message());
    }

    @Test
    void aResultForAnotherCellIsFailed() throws Exception {
        // Writes a result whose params lack the cell's variant: the report's key would not be the cell's.
        String json = "[{\"benchmark\": \"cpython.prime-check\", \"params\": {\"model\": \"cpython-threads\", "
                + "\"workers\": \"2\", \"listMultiple\": \"1\", \"python\": \"3.11.7\", \"build\": \"default\"}, "
                + "\"primaryMetric\": {\"rawData\": [[1.0, 2.0]]}}]";
        Path fake = InterpretersTest.script(dir, "python3",
                "while [ \"$1\" != --json ]; do shift; done; echo '" + json + "' > \"$2\"");
        Python py = new Python(fake, "3.11.7", 3, 11, true, "--python");
        CPythonCell.Result r = primeCheck().run(py, dir.resolve("driver.py"), dir.resolve("x.json"), Duration.ofSeconds(30));
        assertEquals(CPythonCell.Status.FAILED, r.status());
        assertTrue(r.message().contains("has params"), r.message());
    }

    @Test
    void aTimeoutKillsTheInterpreterAndItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path fake = InterpretersTest.script(dir, "python3", "sleep 300 & echo $! > " + pidFile + "; wait");
        Python py = new Python(fake, "3.11.7", 3, 11, true, "--python");
        CPythonCell.Result r = primeCheck().run(py, dir.resolve("driver.py"), dir.resolve("x.json"), Duration.ofMillis(1500));
        assertEquals(CPythonCell.Status.TIMEOUT, r.status());
        assertTrue(r.message().startsWith("no result within 1 s"), r.message());
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void anInterruptKillsTheInterpreterAndItsChildrenAndIsPassedOn() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path fake = InterpretersTest.script(dir, "python3", "sleep 300 & echo $! > " + pidFile + "; wait");
        Python py = new Python(fake, "3.11.7", 3, 11, true, "--python");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                primeCheck().run(py, dir.resolve("driver.py"), dir.resolve("x.json"), Duration.ofMinutes(5));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        runner.start();
        while (Files.notExists(pidFile) || Files.readString(pidFile).isBlank()) {
            Thread.sleep(20);   // the fake has started its child
        }
        runner.interrupt();
        runner.join(30_000);
        assertFalse(runner.isAlive());
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    /** The process ends within 10 s (it was killed; a survivor would be an orphan). */
    static void assertGone(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("process " + pid + " outlived its interpreter", e);
            }
        });
    }

    @Test
    void theDriverIsFoundInTheCheckout() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();   // surefire runs in benchmarks/
        assertTrue(Files.isRegularFile(CPythonCell.driver(root)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CPythonCell.driver(dir));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }
}

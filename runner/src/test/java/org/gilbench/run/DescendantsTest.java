package org.gilbench.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cell past its limit, or Ctrl-C: every process below this JVM is stopped, grandchildren included. */
class DescendantsTest {

    @Test
    void stopsChildrenAndGrandchildren() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
        // A shell that starts a grandchild sleeping and itself ignores SIGTERM: the forcible stop must follow.
        Process shell = new ProcessBuilder("/bin/sh", "-c", "trap '' TERM; sleep 300 & sleep 300").start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shell.descendants().count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        var all = shell.descendants().toList();
        assertTrue(Descendants.stop(300) >= 1);
        assertTrue(shell.waitFor(5, TimeUnit.SECONDS), "the child is gone");
        for (ProcessHandle p : all) {
            p.onExit().get(5, TimeUnit.SECONDS);
            assertFalse(p.isAlive(), "grandchild " + p.pid() + " is gone");
        }
    }
}

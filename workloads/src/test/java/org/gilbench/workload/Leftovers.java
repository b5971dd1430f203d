package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/**
 * What the tests of the thread and I/O experiments check after each of them: no thread named
 * {@code gilbench-*} (models, servers, watchers, readers) and no child process of this JVM is left.
 */
final class Leftovers {

    private Leftovers() {
    }

    /** Waits up to 5 s for every gilbench thread and every child process to end, then fails naming them. */
    static void assertNone() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> threads;
        List<String> children;
        do {
            threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith(ThreadNames.PREFIX))
                    .toList();
            children = ProcessHandle.current().children()
                    .filter(ProcessHandle::isAlive)
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .toList();
            if (threads.isEmpty() && children.isEmpty()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.nanoTime() < deadline);
        fail("left behind: threads " + threads + ", child processes " + children);
    }
}

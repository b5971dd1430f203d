package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Checks that nothing a model started outlives it: processes by pid, threads by their gilbench- name. */
final class Leftovers {

    private Leftovers() {
    }

    /** Waits up to 15 s for every pid to be gone, then kills the survivors and fails naming them. */
    static void assertGone(List<Long> pids, String when) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<Long> alive;
        do {
            alive = pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (alive.isEmpty()) {
                return;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        alive.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
        fail("processes alive " + when + ": " + alive);
    }

    /** Waits up to 5 s for every thread named gilbench-* to end, and for this JVM to have no child process. */
    static void assertNoThreads() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("gilbench-"))
                    .toList();
            alive = new java.util.ArrayList<>(alive);
            ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                    .map(p -> "child process " + p.pid() + " " + p.info().commandLine().orElse("?"))
                    .forEach(alive::add);
            if (alive.isEmpty()) {
                return;
            }
            sleep(20);
        } while (System.nanoTime() < deadline);
        fail("alive after close: " + alive);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.gilbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/** Thread naming and pool warm-up shared by the thread-based models. */
final class Threads {

    /** Every thread a model starts has a name beginning with this, so tests can find leftovers. */
    static final String PREFIX = "gilbench-";

    private Threads() {
    }

    /**
     * Daemon platform threads named {@code <name>-<n>}. Daemon so that a model someone forgot to close
     * cannot keep the JVM alive; {@code close()} still stops them.
     */
    static ThreadFactory platform(String name) {
        return Thread.ofPlatform().name(name + "-", 1).daemon(true).factory();
    }

    /** Starts all {@code n} threads of a fixed pool now, so thread creation is not measured later. */
    static void prestart(ExecutorService executor, int n) {
        List<Future<?>> warm = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            warm.add(executor.submit(() -> { }));
        }
        for (Future<?> f : warm) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not start pool threads", e.getCause());
            }
        }
    }
}

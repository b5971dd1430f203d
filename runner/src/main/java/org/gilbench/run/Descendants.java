package org.gilbench.run;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops every process below this JVM (JMH forks, their child JVMs, interpreters): politely first, then
 * forcibly after a grace period. Used when a cell passes its limit and on Ctrl-C, so that no fork is left
 * behind.
 */
final class Descendants {

    private Descendants() {
    }

    /** @return how many processes were still alive at the start */
    static int stop(long graceMillis) {
        List<ProcessHandle> all = ProcessHandle.current().descendants().toList();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception e) {
                    // still alive: forced below
                }
            }
        }
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        return all.size();
    }
}

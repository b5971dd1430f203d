package org.gilbench.report.lesson;

import java.nio.file.Path;

/** A complete fixture folder for tests outside this package: Java cells, CPython cells, timelines, the sweep. */
public final class JmhJsonAccess {

    private JmhJsonAccess() {
    }

    public static Path withEverything(Path dir) {
        GilFixtures f = new GilFixtures()
                .cpythonPrime("cpython-serial", 1, JmhJson.quiet(1800)).cpythonPrime("cpython-threads", 2, JmhJson.quiet(1820))
                .cpythonPrime("cpython-processes", 2, JmhJson.quiet(973))
                .cpythonSleep(16, 100, JmhJson.quiet(706))
                .cpythonConvoy(0, JmhJson.quiet(1.12)).cpythonConvoy(1, JmhJson.quiet(6.4))
                .alternating("cpu-cpu-interval", 5000, 5.3, 40).alternating("cpu-io-interval", 5000, 5.1, 30);
        for (long us : new long[] {200, 1000, 5000}) {
            f.sweepCpu(us, 1, JmhJson.quiet(70)).sweepCpu(us, 2, JmhJson.quiet(72)).sweepWake(us, JmhJson.quiet(1.2 + us / 1000.0));
        }
        return f.addTo(GilFixtures.healthyJava(dir));
    }
}

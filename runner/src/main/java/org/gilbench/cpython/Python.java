package org.gilbench.cpython;

import java.nio.file.Path;
import java.util.List;

/**
 * One CPython interpreter found on this machine, as it describes itself when run (not as its file
 * name claims: a {@code python3} may be 3.6 or free-threaded, a pyenv shim may not run at all).
 *
 * @param executable   the path the driver is started with
 * @param version      {@code platform.python_version()}, e.g. {@code 3.11.7}
 * @param major        {@code sys.version_info[0]}
 * @param minor        {@code sys.version_info[1]}
 * @param gilEnabled   {@code sys._is_gil_enabled()}, true where that function does not exist (every
 *                     build before 3.13 and every default build)
 * @param origin       how it was found: {@code PATH}, {@code pyenv}, {@code --python}
 */
public record Python(Path executable, String version, int major, int minor, boolean gilEnabled, String origin) {

    /** {@code default} or {@code free-threaded}: the {@code build} param of its results. */
    public String build() {
        return gilEnabled ? "default" : "free-threaded";
    }

    /** The Python 2 line: the old GIL (a tick count, no forced switching). */
    public boolean isPython2() {
        return major == 2;
    }

    /**
     * The driver's models this interpreter runs: each its own serial baseline (a free-threaded build
     * pays 5-10% on one thread, 2.7 is another interpreter), then 2.7's threads, a free-threaded build's
     * threads, or a default 3.x build's threads and processes.
     */
    public List<String> models() {
        if (isPython2()) {
            return List.of("cpython-serial", "cpython2-threads");
        }
        if (!gilEnabled) {
            return List.of("cpython-serial", "cpython-free-threaded");
        }
        return List.of("cpython-serial", "cpython-threads", "cpython-processes");
    }

    /** For legends and logs, e.g. {@code CPython 3.11.7} or {@code CPython 3.13.0 free-threaded}. */
    public String label() {
        return "CPython " + version + (gilEnabled ? "" : " free-threaded");
    }

    @Override
    public String toString() {
        return label() + " (" + executable + ", " + origin + ")";
    }
}

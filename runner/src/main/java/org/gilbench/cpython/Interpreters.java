package org.gilbench.cpython;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the CPython interpreters a run measures beside the emulation.
 *
 * <p>Without explicit paths ({@link #discover()}): {@code python3} on the PATH when it is 3.8 or newer;
 * in addition a free-threaded build ({@code python3.14t}, {@code python3.13t}) when it really runs
 * without its GIL, and Python 2.7 (the old GIL) — on the PATH as {@code python2.7}, or pyenv's newest
 * 2.7 ({@code pyenv versions --bare}, {@code pyenv prefix}); pyenv's free-threaded versions
 * ({@code 3.13.0t}) likewise. Every candidate is run once ({@link #probe}) and judged by what it says
 * about itself: a pyenv shim for a version that is not selected fails and is skipped with a note.
 *
 * <p>With explicit paths ({@link #chosen}, the runner's repeatable {@code --python PATH}): exactly those,
 * and a path that is not a usable CPython is an {@link IllegalArgumentException} with one clear line.
 */
public final class Interpreters {

    /** What the runner prints when nothing is found; the run goes on with the emulation alone. */
    public static final String NONE_FOUND = "no CPython found: the charts show the emulation only";

    /** Names looked for on the PATH, in this order. */
    static final List<String> ON_PATH = List.of("python3", "python3.14t", "python3.13t", "python2.7");

    /** A probe starts an interpreter and prints one line: seconds at most, 10 means it hangs. */
    static final long PROBE_TIMEOUT_SECONDS = 10;

    /** Runs on 2.7 and 3.x alike: implementation, version, GIL state, the real executable. */
    static final String PROBE = "import sys, platform; g = getattr(sys, '_is_gil_enabled', None); "
            + "print('gilbench-python|%s|%d|%d|%s|%d|%s' % (platform.python_implementation(), "
            + "sys.version_info[0], sys.version_info[1], platform.python_version(), "
            + "1 if g is None or g() else 0, sys.executable))";

    private static final Pattern PROBE_LINE =
            Pattern.compile("gilbench-python\\|([^|]*)\\|(\\d+)\\|(\\d+)\\|([^|]+)\\|([01])\\|(.*)");

    private final List<Path> searchPath;

    /** Searches the given PATH directories (tests pass a temporary one). */
    public Interpreters(List<Path> searchPath) {
        this.searchPath = List.copyOf(searchPath);
    }

    /** Searches this process's PATH. */
    public static Interpreters onThisMachine() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return new Interpreters(dirs);
    }

    /**
     * The interpreters found and what was skipped, one note per candidate that did not qualify.
     *
     * @param pythons in the order python3, free-threaded, 2.7; empty when none was found
     * @param notes   e.g. {@code python2.7 (/root/.pyenv/shims/python2.7): exit 127: pyenv: python2.7: command not found}
     */
    public record Found(List<Python> pythons, List<String> notes) {

        public boolean isEmpty() {
            return pythons.isEmpty();
        }

        /** One line for the run's log: the interpreters, or {@link #NONE_FOUND}. */
        public String summary() {
            if (pythons.isEmpty()) {
                return NONE_FOUND;
            }
            List<String> labels = new ArrayList<>();
            for (Python p : pythons) {
                labels.add(p.label() + " (" + p.executable() + ")");
            }
            return "CPython beside the emulation: " + String.join(", ", labels);
        }
    }

    /** Looks on the PATH and in pyenv; never throws for a bad candidate, notes it instead. */
    public Found discover() {
        List<Python> found = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : ON_PATH) {
            Optional<Path> exe = onPath(name);
            if (exe.isEmpty()) {
                continue;
            }
            try {
                Python p = probe(exe.get(), "PATH");
                String why = unsupported(p);
                if (why != null) {
                    notes.add(name + " (" + exe.get() + "): " + why);
                } else if (name.endsWith("t") && p.gilEnabled()) {
                    notes.add(name + " (" + exe.get() + "): runs with its GIL on (PYTHON_GIL=1?), not free-threaded");
                } else if (!name.equals("python2.7") || p.isPython2()) {
                    add(found, seen, p);
                }
            } catch (IllegalArgumentException e) {
                notes.add(name + " (" + exe.get() + "): " + e.getMessage());
            }
        }
        fromPyenv(found, notes, seen);
        return new Found(List.copyOf(found), List.copyOf(notes));
    }

    /**
     * Exactly the given interpreters ({@code --python PATH}, repeatable), each probed.
     *
     * @throws IllegalArgumentException naming the path and why it is not usable
     */
    public Found chosen(List<Path> paths) {
        List<Python> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path path : new LinkedHashSet<>(paths)) {
            Python p;
            try {
                p = probe(path, "--python");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--python " + path + ": " + e.getMessage(), e);
            }
            String why = unsupported(p);
            if (why != null) {
                throw new IllegalArgumentException("--python " + path + ": " + why);
            }
            add(found, seen, p);
        }
        return new Found(List.copyOf(found), List.of());
    }

    /** Both entry points in one: explicit paths when given, else discovery. */
    public Found find(List<Path> explicitPaths) {
        return explicitPaths.isEmpty() ? discover() : chosen(explicitPaths);
    }

    /** Null when the driver can run on it, else why not. */
    static String unsupported(Python p) {
        if (p.major() == 2 && p.minor() == 7 || p.major() == 3 && p.minor() >= 8 || p.major() > 3) {
            return null;
        }
        return "Python " + p.version() + " is not supported (need 2.7 or 3.8+)";
    }

    private static void add(List<Python> found, Set<String> seen, Python p) {
        // python3 and a pyenv version may be one interpreter under two names.
        if (seen.add(p.version() + "|" + p.build())) {
            found.add(p);
        }
    }

    private Optional<Path> onPath(String name) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** pyenv's newest 2.7 and newest free-threaded 3.x, when pyenv is on the PATH and they are missing. */
    private void fromPyenv(List<Python> found, List<String> notes, Set<String> seen) {
        Optional<Path> pyenv = onPath("pyenv");
        if (pyenv.isEmpty()) {
            return;
        }
        boolean have2 = found.stream().anyMatch(Python::isPython2);
        boolean haveFreeThreaded = found.stream().anyMatch(p -> !p.gilEnabled());
        List<String> versions;
        try {
            versions = run(pyenv.get(), "versions", "--bare").lines().map(String::strip).toList();
        } catch (IllegalArgumentException e) {
            notes.add("pyenv (" + pyenv.get() + "): " + e.getMessage());
            return;
        }
        Comparator<String> byVersion = Comparator.comparing(Interpreters::versionKey);
        Optional<String> newest2 = versions.stream().filter(v -> v.matches("2\\.7\\.\\d+")).max(byVersion);
        Optional<String> newestFree = versions.stream().filter(v -> v.matches("3\\.\\d+\\.\\d+t")).max(byVersion);
        if (!have2 && newest2.isPresent()) {
            addPyenv(pyenv.get(), newest2.get(), "python", found, notes, seen);
        }
        if (!haveFreeThreaded && newestFree.isPresent()) {
            addPyenv(pyenv.get(), newestFree.get(), "python3", found, notes, seen);
        }
    }

    private void addPyenv(Path pyenv, String version, String binary, List<Python> found, List<String> notes,
            Set<String> seen) {
        try {
            Path exe = Path.of(run(pyenv, "prefix", version).strip()).resolve("bin").resolve(binary);
            Python p = probe(exe, "pyenv");
            String why = unsupported(p);
            if (why != null) {
                notes.add("pyenv " + version + ": " + why);
            } else if (p.isPython2() || !p.gilEnabled()) {
                add(found, seen, p);
            } else {
                notes.add("pyenv " + version + ": runs with its GIL on, not free-threaded");
            }
        } catch (IllegalArgumentException e) {
            notes.add("pyenv " + version + ": " + e.getMessage());
        }
    }

    private static String versionKey(String v) {
        // "2.7.18" -> "00002.00007.00018": compares as numbers, not as text.
        StringBuilder key = new StringBuilder();
        Matcher m = Pattern.compile("\\d+").matcher(v);
        while (m.find()) {
            key.append(String.format("%05d.", Integer.parseInt(m.group())));
        }
        return key.toString();
    }

    /**
     * Runs {@code exe} with the probe and reads what it says about itself.
     *
     * @throws IllegalArgumentException no such file, not executable, did not run, or not CPython
     */
    public static Python probe(Path exe, String origin) {
        if (!Files.exists(exe)) {
            throw new IllegalArgumentException("no such file");
        }
        if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
            throw new IllegalArgumentException("not an executable file");
        }
        String output = run(exe, "-c", PROBE);
        Matcher m = output.lines().map(PROBE_LINE::matcher).filter(Matcher::matches).findFirst().orElse(null);
        if (m == null) {
            throw new IllegalArgumentException("did not answer as a Python interpreter (said: " + firstLine(output) + ")");
        }
        if (!m.group(1).equals("CPython")) {
            throw new IllegalArgumentException("is " + m.group(1) + " " + m.group(4) + ", not CPython");
        }
        // What was found is started from then on as the interpreter names itself (sys.executable): a
        // pyenv shim costs a bash start per run and follows whatever version is selected at the time.
        // A path the user chose (--python) stays as given.
        Path real = m.group(6).isBlank() ? exe : Path.of(m.group(6).strip());
        Path start = !origin.equals("--python") && Files.isRegularFile(real) && Files.isExecutable(real) ? real : exe;
        return new Python(start, m.group(4), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(5).equals("1"), origin);
    }

    /** Runs a short command, stdout and stderr together; a non-zero exit or a hang is an error. */
    static String run(Path exe, String... args) {
        List<String> command = new ArrayList<>();
        command.add(exe.toString());
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                Processes.destroyTree(process);
                throw new IllegalArgumentException("no answer within " + PROBE_TIMEOUT_SECONDS + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalArgumentException("exit " + process.exitValue() + ": " + firstLine(output));
            }
            return output;
        } catch (InterruptedException e) {
            Processes.destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while probing", e);
        } catch (IOException e) {
            Processes.destroyTree(process);
            throw new IllegalArgumentException("cannot read its output: " + e.getMessage(), e);
        }
    }

    private static String firstLine(String output) {
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("nothing");
    }
}

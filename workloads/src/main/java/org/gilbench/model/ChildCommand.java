package org.gilbench.model;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.jar.JarFile;
import org.gilbench.workload.CountLoop;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.RangeSum;
import org.gilbench.workload.SleepIo;
import org.gilbench.workload.Task;

/**
 * The command line of a child JVM: this JVM's own {@code java.home} and {@code java.class.path} (Java
 * cannot fork(), so a "process" is a fresh JVM on the same code), the child's flags, and an AOT cache
 * when one can be made.
 *
 * <p>Flags, measured with {@code ProcessStartBenchmark} (see docs/forked-process.md):
 * <ul>
 *   <li>always: {@code -XX:+DisplayVMOutputToStderr} and {@code -Xlog} to stderr, because HotSpot
 *       prints its own warnings on <em>stdout</em>, which is the protocol stream;</li>
 *   <li>{@code jvm=lean} (default): {@code -XX:+UseSerialGC -XX:-UsePerfData} — fewer GC threads and
 *       no perf-data file to map at start-up. {@code -XX:TieredStopAtLevel=1} starts a little faster but
 *       leaves CPU-bound tasks on C1 code, so it is not used;</li>
 *   <li>{@code cache=auto} (default): on JDK 25+, when the class path is plain jars (a benchmark jar,
 *       not surefire's class directories), one training child runs with {@code -XX:AOTCacheOutput}
 *       the first time, and every child afterwards starts with {@code -XX:AOTCache}: classes come
 *       loaded and linked from the cache. The file is kept under {@code java.io.tmpdir/gilbench-aot}
 *       keyed by the jars, the JDK and the flags, so later runs reuse it. Anything else (older JDK,
 *       directories, training failed) falls back to the JDK's default CDS archive and says why.</li>
 * </ul>
 */
final class ChildCommand {

    /** Keep HotSpot's own output off stdout: it would be read as a protocol frame. */
    static final List<String> PROTOCOL_SAFE = List.of(
            "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr");
    /** Lean start-up flags that do not slow CPU-bound code down. */
    static final List<String> LEAN = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");
    /** How long a training child may take, cache assembly at its exit included. */
    static final Duration TRAINING_WAIT = Duration.ofSeconds(120);

    /** The first JDK with the one-step {@code -XX:AOTCacheOutput} (JEP 514). */
    static final int AOT_JDK = 25;

    private final List<String> command;
    private final String cacheNote;

    private ChildCommand(List<String> command, String cacheNote) {
        this.command = List.copyOf(command);
        this.cacheNote = cacheNote;
    }

    /** The full command, ready for ProcessBuilder. */
    List<String> command() {
        return command;
    }

    /** What the cache setting turned into, for describe(): e.g. {@code aot}, {@code none (…)}. */
    String cacheNote() {
        return cacheNote;
    }

    /**
     * Builds the command; with {@code cache} it may run one training child first (seconds, once per jar
     * and JDK), which is why models open outside measured regions.
     */
    static ChildCommand prepare(String childModel, boolean lean, boolean cache,
            ScheduledExecutorService watchdog) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> flags = new ArrayList<>(PROTOCOL_SAFE);
        if (Boolean.getBoolean(Child.CpuClock.NO_PROC_PROPERTY)) {
            flags.add("-D" + Child.CpuClock.NO_PROC_PROPERTY + "=true"); // the child pretends too (its CPU clock)
        }
        if (lean) {
            flags.addAll(LEAN);
        }
        List<String> tail = List.of("-cp", classPath, Child.class.getName(), "--model", childModel);
        if (!cache) {
            return new ChildCommand(join(java, flags, List.of(), tail), "off");
        }
        String unsupported = whyNoCache(classPath);
        if (unsupported != null) {
            return new ChildCommand(join(java, flags, List.of(), tail), "none (" + unsupported + ")");
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "gilbench-aot");
        // <where>-<what>: the class path's location, then its contents, the JDK and the flags.
        String where = hash(java + '\n' + flags + '\n' + absolute(classPath));
        Path file = dir.resolve("child-" + where + "-" + key(java, flags, classPath) + ".aot");
        if (!Files.isRegularFile(file)) {
            String failure = train(java, flags, tail, dir, file, watchdog);
            if (failure != null) {
                return new ChildCommand(join(java, flags, List.of(), tail), "none (training failed: " + failure + ")");
            }
            removeStale(dir, "child-" + where + "-", file);
        }
        return new ChildCommand(join(java, flags, List.of("-XX:AOTCache=" + file), tail), "aot");
    }

    /** Null when an AOT cache can be made here, else the reason. */
    static String whyNoCache(String classPath) {
        int feature = Runtime.version().feature();
        if (feature < AOT_JDK) {
            return "JDK " + feature + " has no -XX:AOTCacheOutput, needs " + AOT_JDK;
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                return "class path entry " + entry + " is not a jar";
            }
            try (JarFile jar = new JarFile(p.toFile())) {
                if (jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Class-Path") != null) {
                    return "jar " + p.getFileName() + " extends the class path in its manifest";
                }
            } catch (IOException e) {
                return "cannot read jar " + entry + ": " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * One training child with {@code -XX:AOTCacheOutput}: it answers one task of each kind, then exits
     * and the JVM writes the cache. Written to a private name and moved into place, so JVMs training
     * at the same time never see half a file. Returns null on success, else what went wrong.
     */
    private static String train(String java, List<String> flags, List<String> tail, Path dir, Path file,
            ScheduledExecutorService watchdog) {
        Path partial = dir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(partial);
            ChildJvm child = ChildJvm.start(0, join(java, flags, List.of("-XX:AOTCacheOutput=" + partial), tail),
                    new ChildJvm.Counters(), watchdog, TRAINING_WAIT);
            for (Task task : trainingTasks()) {
                if (child.run(task, TRAINING_WAIT) != task.expected()) {
                    child.kill();
                    return "wrong answer from the training child for " + task.describe();
                }
            }
            child.endInput();
            int code = child.awaitExit(TRAINING_WAIT);
            if (code != 0 || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                return "exit code " + code + ", no cache written; stderr: " + String.join(" | ", child.stderrTail());
            }
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a stray partial file in the temp dir: harmless, ignored by later runs
            }
        }
    }

    /** Small tasks of every kind the protocol knows, so the cache holds their classes. */
    private static List<Task> trainingTasks() {
        List<Task> tasks = new ArrayList<>();
        tasks.addAll(new PrimeCheck(PrimeCheck.Variant.SEED).tasks().subList(0, 7));
        tasks.add(new PrimeCheck(PrimeCheck.Variant.ODD_ONLY).tasks().get(5));
        tasks.addAll(RangeSum.streamed(100_000, 2).tasks());
        tasks.addAll(RangeSum.materialised(100_000, 2).tasks());
        tasks.addAll(SleepIo.fixed(1, 1).tasks());
        tasks.addAll(new CountLoop(1, 100_000).tasks());
        return tasks;
    }

    /** The cache's key: the jars' paths, sizes and times, the JDK build, the flags, the protocol. */
    private static String key(String java, List<String> flags, String classPath) {
        StringBuilder text = new StringBuilder(java).append('\n').append(System.getProperty("java.vm.version"))
                .append('\n').append(flags).append('\n').append(Protocol.VERSION).append('\n');
        try {
            for (String entry : classPath.split(File.pathSeparator)) {
                Path p = Path.of(entry).toAbsolutePath();
                text.append(p).append(' ').append(Files.size(p)).append(' ').append(Files.getLastModifiedTime(p)).append('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot key the AOT cache: " + e.getMessage(), e);
        }
        return hash(text.toString());
    }

    private static String absolute(String classPath) {
        StringBuilder text = new StringBuilder();
        for (String entry : classPath.split(File.pathSeparator)) {
            text.append(Path.of(entry).toAbsolutePath()).append('\n');
        }
        return text.toString();
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /**
     * Deletes older caches of the same jars at the same place (a rebuilt benchmarks.jar gets a new key),
     * so the cache folder holds one ~12 MB file per jar location, not one per build. A JVM still using a
     * deleted file keeps its mapping (Linux), so deleting under a running run is safe.
     */
    private static void removeStale(Path dir, String prefix, Path keep) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".aot") && !f.equals(keep)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // an old cache left behind costs disk space only
        }
    }

    private static List<String> join(String java, List<String> flags, List<String> cacheFlags, List<String> tail) {
        List<String> all = new ArrayList<>();
        all.add(java);
        all.addAll(flags);
        all.addAll(cacheFlags);
        all.addAll(tail);
        return all;
    }
}

package org.gilbench.run;

import java.io.File;
import org.gilbench.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A JDK 25 AOT cache for the benchmark JVMs (JMH's forks), as {@code forked-process} has for its children
 * (workloads' ChildCommand): one unmeasured training fork with {@code -XX:AOTCacheOutput} writes it once per
 * jar and JDK, and every fork afterwards starts with {@code -XX:AOTCache}, its JDK and JMH classes loaded
 * and linked from the cache instead of from the jar (see the attempt-time table in the closing note of
 * issue 19). It changes what happens before the first operation only: the measured code is compiled by
 * the same JIT from the same profile-free start (the cache holds classes, not compiled code).
 *
 * <p>No cache, silently, on a JDK before 25, or when the runner does not run from one jar (the tests' class
 * directories), or when the training fails; {@link #note()} says which, for machine.json. The file lives in
 * {@code java.io.tmpdir/gilbench-aot/}, keyed by the jar's path, size and time and the JDK build: a new
 * build makes a new cache, and the stale ones of this jar are removed.
 */
final class ForkCache {

    /** The first JDK with the one-step {@code -XX:AOTCacheOutput} (JEP 514). */
    static final int AOT_JDK = 25;

    /**
     * The training fork: range-sum's streamed kernel at 2 threads, ~0.1 s a run; it loads JMH's fork side,
     * the thread pool, the profiler and the JSON path every benchmark shares. The benchmark-specific classes
     * it leaves out are a few dozen, loaded from the jar as before.
     */
    static final String TRAINING_BENCHMARK = "org.gilbench.bench.RangeSumBenchmark.streamed";
    static final List<String> TRAINING_PARAMS = List.of("model", Model.THREAD_POOL_NAME, "workers", "2");

    /** -Dgilbench.noForkCache=true: no cache (to measure what it saves, or to rule it out). */
    static final String OFF_PROPERTY = "gilbench.noForkCache";

    private final Path file;
    private final String note;

    private ForkCache(Path file, String note) {
        this.file = file;
        this.note = note;
    }

    /** A cache that is not used, and why. */
    static ForkCache none(String why) {
        return new ForkCache(null, "none (" + why + ")");
    }

    /**
     * The JVM flags that use the cache: empty when there is none, or when the jar was rebuilt during the
     * run (the cache would be refused by every fork, with an error line each).
     */
    List<String> flags() {
        if (file == null || !Files.isRegularFile(file)) {
            return List.of();
        }
        String[] why = new String[1];
        return file.equals(fileFor(System.getProperty("java.class.path"), why)) ? List.of("-XX:AOTCache=" + file) : List.of();
    }

    /** For machine.json: {@code aot (...)} or {@code none (why)}. */
    String note() {
        return note;
    }

    /** The cache file for this class path and JDK, or null (with the reason in {@code why[0]}). */
    static Path fileFor(String classPath, String[] why) {
        if (Runtime.version().feature() < AOT_JDK) {
            why[0] = "JDK " + Runtime.version().feature() + " has no -XX:AOTCacheOutput, needs " + AOT_JDK;
            return null;
        }
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(Path.of(classPath))) {
            why[0] = "the runner does not run from one jar";
            return null;
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        try {
            String where = hash(jar.toString());
            String what = hash(jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar) + " "
                    + System.getProperty("java.vm.version") + " " + System.getProperty("java.home"));
            return Path.of(System.getProperty("java.io.tmpdir"), "gilbench-aot", "jmh-" + where + "-" + what + ".aot");
        } catch (IOException e) {
            why[0] = "cannot read " + jar + ": " + e.getMessage();
            return null;
        }
    }

    /**
     * The cache of this run: kept from an earlier run, or trained now by {@code trainer} (one JMH fork with
     * the given flags, unmeasured); a training that fails means no cache.
     */
    static ForkCache prepare(String classPath, Trainer trainer, PrintStream log) {
        String[] why = new String[1];
        Path file = fileFor(classPath, why);
        if (file == null) {
            return none(why[0]);
        }
        if (Files.isRegularFile(file)) {
            return new ForkCache(file, "aot (" + file.getFileName() + ", kept from an earlier run)");
        }
        Path partial = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(file.getParent());
            trainer.train(List.of("-XX:AOTCacheOutput=" + partial), log);
            if (!Files.isRegularFile(partial) || Files.size(partial) == 0) {
                return none("the training fork wrote no cache; see run.log");
            }
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
            removeStale(file);
            return new ForkCache(file, String.format("aot (%s, trained in %.1f s)", file.getFileName(),
                    (System.nanoTime() - t0) / 1e9));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return none("training failed: " + RunSession.oneLine(e));
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // a stray partial file in the temp dir: harmless, never read
            }
        }
    }

    /** One unmeasured fork with extra JVM flags. */
    interface Trainer {
        void train(List<String> jvmFlags, PrintStream log) throws Exception;
    }

    /** Older caches of the same jar (an earlier build): useless now. */
    private static void removeStale(Path keep) {
        String name = keep.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        try (var files = Files.list(keep.getParent())) {
            for (Path p : files.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(".aot") && !p.equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // another run may be listing or removing the same files: nothing to do
        }
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }
}

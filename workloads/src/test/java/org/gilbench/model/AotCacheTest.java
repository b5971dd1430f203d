package org.gilbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache path, which surefire's class directories never take: the model's classes are packed in
 * a jar, a parent JVM on that jar opens {@code forked-process} with {@code cache=auto} twice. The first
 * run trains a cache in its temp dir, the second finds and uses it; both verify their answers.
 */
class AotCacheTest {

    @TempDir
    Path tmp;

    @Test
    void theCacheIsTrainedOnceThenUsed() throws Exception {
        assumeTrue(Runtime.version().feature() >= ChildCommand.AOT_JDK, "the one-step AOT cache needs JDK 25");
        Path jar = tmp.resolve("gilbench-probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            add(out, classesOf(ForkedProcess.class)); // target/classes: the workloads and models
            add(out, classesOf(AotProbe.class));      // target/test-classes: the probe (and other tests)
        }
        Path cacheTmp = Files.createDirectory(tmp.resolve("java-tmp"));

        List<String> first = probe(jar, cacheTmp);
        assertEquals("forked-process(workers=1, start=pool, child-model=serial, jvm=lean, cache=aot)", first.get(0));
        assertEquals("ok", first.get(1));
        List<Path> caches = caches(cacheTmp);
        assertEquals(1, caches.size(), "one cache file: " + caches);
        FileTime trained = Files.getLastModifiedTime(caches.get(0));

        List<String> second = probe(jar, cacheTmp);
        assertEquals(first, second);
        assertEquals(caches, caches(cacheTmp), "no second cache");
        assertEquals(trained, Files.getLastModifiedTime(caches.get(0)), "the cache is reused, not retrained");
    }

    private static Path classesOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void add(JarOutputStream out, Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(f).toString().replace('\\', '/');
                if (name.startsWith("META-INF/MANIFEST")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }

    private static List<Path> caches(Path javaTmp) throws IOException {
        Path dir = javaTmp.resolve("gilbench-aot");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".aot")).sorted().toList();
        }
    }

    /** Runs the probe on the jar; returns its stdout lines, after checking it exited 0 within 2 min. */
    private static List<String> probe(Path jar, Path javaTmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + javaTmp, "-cp", jar.toString(),
                AotProbe.class.getName()).redirectErrorStream(true).start();
        try (OutputStream ignored = p.getOutputStream()) {
            // the probe reads nothing
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe still running");
        assertEquals(0, p.exitValue(), "probe failed:\n" + out);
        return out.lines().toList();
    }
}

package org.gilbench.launch;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar runner/target/gilbench.jar [options]}: starts the runner ({@code org.gilbench.run.RunBench})
 * without bash, on Linux, macOS or Windows.
 *
 * <p>On a JDK 21+ that already has the runner's flags it calls the runner in this JVM. Otherwise it starts one
 * child JVM: the newest JDK >= 21 it finds (JAVA_HOME, the running java, java on PATH, then the usual install
 * folders — the same places as run-bench.sh, plus Windows' Program Files), with
 * {@code --sun-misc-unsafe-memory-access=allow} on JDK 23+ (JMH 1.37's Unsafe warning; JMH's forks inherit it)
 * and {@code -Dgilbench.root} set to the checkout. It waits for the child, passes its exit code on, and kills
 * it if this JVM is stopped (Ctrl-C), so nothing outlives the run. Without a JDK 21+: one line, exit 1.
 *
 * <p>Compiled for Java 8 on purpose (see the module's pom): it must run, and explain, on an old default java.
 */
public final class Launcher {

    static final int MIN_MAJOR = 21;
    /** From this major on, the flag below exists (and JMH 1.37 needs it to stay quiet); it is an error before. */
    static final int UNSAFE_FLAG_MAJOR = 23;
    static final String UNSAFE_FLAG = "--sun-misc-unsafe-memory-access=allow";
    static final String RUNNER = "org.gilbench.run.RunBench";

    private Launcher() {
    }

    public static void main(String[] args) {
        int running = major(System.getProperty("java.specification.version"));
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean flagsOk = running < UNSAFE_FLAG_MAJOR || jvmArgs.contains(UNSAFE_FLAG);
        Path jar = ownJar();
        if (running >= MIN_MAJOR && flagsOk && System.getProperty("gilbench.root") != null) {
            runHere(args);
            return;
        }
        Path java = running >= MIN_MAJOR ? currentJava() : findJdk(candidates());
        if (java == null) {
            System.err.println("gilbench: no JDK " + MIN_MAJOR + " or newer found (this java is "
                    + System.getProperty("java.version") + "); looked at JAVA_HOME, java on PATH and " + String.join(", ", installFolders())
                    + ". Install a JDK 21+ (e.g. Temurin) or point JAVA_HOME at one.");
            System.exit(1);
        }
        System.exit(relaunch(java, jar, args));
    }

    private static void runHere(String[] args) {
        try {
            Class.forName(RUNNER).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            System.err.println("gilbench: " + RUNNER + " is missing from " + ownJar() + " (rebuild: ./mvnw -DskipTests package)");
            System.exit(1);
        }
    }

    private static int relaunch(Path java, Path jar, String[] args) {
        List<String> cmd = command(java, major(javaVersion(java)), jar, rootOf(jar), args);
        final Process p;
        try {
            p = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            System.err.println("gilbench: cannot start " + java + ": " + e.getMessage());
            return 1;
        }
        Thread stop = new Thread(() -> {
            p.destroy();
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gilbench-launcher-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            int code = p.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            return 130;
        }
    }

    /** The child JVM's command line: the runner on {@code java}, from this jar, with its flags and root. */
    static List<String> command(Path java, int major, Path jar, Path root, String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        if (major >= UNSAFE_FLAG_MAJOR) {
            cmd.add(UNSAFE_FLAG);
        }
        cmd.add("-Dgilbench.root=" + root);
        // The runner's hints (e.g. how to resume) repeat the command the user typed.
        cmd.add("-Dgilbench.command=java -jar " + jar);
        cmd.add("-cp");
        cmd.add(jar.toString());
        cmd.add(RUNNER);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** The checkout a jar at {@code <root>/runner/target/gilbench.jar} belongs to; its folder otherwise. */
    static Path rootOf(Path jar) {
        Path target = jar.toAbsolutePath().getParent();
        Path module = target == null ? null : target.getParent();
        Path root = module == null ? null : module.getParent();
        return root != null && Files.isRegularFile(root.resolve("pom.xml")) ? root : target;
    }

    /** The newest JDK >= 21 among {@code homes} (folders holding bin/java and a {@code release} file). */
    static Path findJdk(List<Path> homes) {
        Path best = null;
        int bestMajor = 0;
        for (Path home : homes) {
            Path java = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
            if (!Files.isRegularFile(java)) {
                continue;
            }
            int m = major(releaseVersion(home));
            if (m >= MIN_MAJOR && m > bestMajor) {
                best = java;
                bestMajor = m;
            }
        }
        return best;
    }

    /** JAVA_VERSION from a JDK's {@code release} file, e.g. "25.0.3"; "" when unreadable. */
    static String releaseVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                Matcher m = Pattern.compile("^JAVA_VERSION=\"?([^\"]+)\"?").matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /** 8 for "1.8.0_402", 25 for "25.0.3" or "25"; 0 when unreadable. */
    static int major(String version) {
        if (version == null) {
            return 0;
        }
        String v = version.startsWith("1.") ? version.substring(2) : version;
        Matcher m = Pattern.compile("^(\\d+)").matcher(v);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** JAVA_HOME first (the user's choice wins when new enough), then the install folders' JDKs. */
    static List<Path> candidates() {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            Path h = Paths.get(javaHome);
            if (major(releaseVersion(h)) >= MIN_MAJOR) {
                homes.add(h);
                return homes;
            }
        }
        for (String folder : installFolders()) {
            File[] children = new File(folder).listFiles();
            if (children == null) {
                continue;
            }
            for (File c : children) {
                Path home = c.toPath();
                homes.add(Files.isDirectory(home.resolve("Contents/Home")) ? home.resolve("Contents/Home") : home);
            }
        }
        return homes;
    }

    static List<String> installFolders() {
        List<String> f = new ArrayList<>(Arrays.asList("/usr/lib/jvm", "/Library/Java/JavaVirtualMachines",
                System.getProperty("user.home") + "/.sdkman/candidates/java"));
        for (String env : new String[] {"ProgramFiles", "ProgramW6432"}) {
            String pf = System.getenv(env);
            if (pf != null) {
                f.add(pf + "\\Java");
                f.add(pf + "\\Eclipse Adoptium");
                f.add(pf + "\\Microsoft");
            }
        }
        return f;
    }

    private static String javaVersion(Path java) {
        Path home = java.getParent() == null ? null : java.getParent().getParent();
        String v = home == null ? "" : releaseVersion(home);
        return v.isEmpty() ? System.getProperty("java.specification.version") : v;
    }

    private static Path currentJava() {
        return Paths.get(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    private static Path ownJar() {
        try {
            return Paths.get(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException e) {
            return Paths.get("gilbench.jar");
        }
    }
}

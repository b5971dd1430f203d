package org.gilbench.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code machine.json}: the conditions of the run (docs/results-contract.md). Warns, never changes settings: governor,
 * turbo, load and steal are recorded so that the results say under which conditions they were taken.
 * The run-wide fields (rounds, disturbed cells, wall time) are updated after every round.
 */
final class MachineInfo {

    static final String NAME = "machine.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final Map<String, Object> fields;

    private MachineInfo(Map<String, Object> fields) {
        this.fields = fields;
    }

    @SuppressWarnings("unchecked")
    List<String> warnings() {
        return (List<String>) fields.computeIfAbsent("warnings", k -> new ArrayList<String>());
    }

    static MachineInfo read(Path dir) throws IOException {
        return new MachineInfo(JSON.readValue(dir.resolve(NAME).toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
        }));
    }

    void write(Path dir) {
        try {
            Path tmp = dir.resolve(NAME + ".part");
            JSON.writeValue(tmp.toFile(), fields);
            Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    /** The machine now; {@code loadAtStart} is the load average before the build (null: read it now). */
    static MachineInfo collect(Double loadAtStart) {
        Map<String, Object> f = new LinkedHashMap<>();
        int threads = Runtime.getRuntime().availableProcessors();
        f.put("host", host());
        f.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        f.put("cpuModel", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
        f.put("cores", physicalCores(threads));
        f.put("threads", threads);
        long mem = memoryBytes();
        f.put("memoryBytes", mem > 0 ? mem : null);
        f.put("os", osName());
        f.put("kernel", System.getProperty("os.version"));
        String vendor = System.getProperty("java.vendor.version", System.getProperty("java.vendor"));
        f.put("jdk", System.getProperty("java.version") + " " + (vendor == null ? "" : vendor.split("-")[0]));
        String governor = read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").orElse("unknown");
        f.put("governor", governor);
        String turbo = read("/sys/devices/system/cpu/intel_pstate/no_turbo").map(v -> v.equals("0") ? "on" : "off")
                .or(() -> read("/sys/devices/system/cpu/cpufreq/boost").map(v -> v.equals("1") ? "on" : "off"))
                .orElse("unknown");
        f.put("turbo", turbo);
        Double load = loadAtStart != null ? loadAtStart : loadAverage();
        f.put("loadAverage", load);
        Double steal = stealPercent();
        f.put("stealPercent", steal);
        List<String> warnings = new ArrayList<>();
        if (load != null && load > threads / 4.0) {
            warnings.add("load average " + load + " on " + threads + " CPUs: other work is running; expect noisy,"
                    + " slower results");
        }
        if (steal != null && steal > 1) {
            warnings.add("CPU steal " + steal + "%: a virtual machine sharing its host; expect noise");
        }
        if (!governor.equals("performance") && !governor.equals("unknown")) {
            warnings.add("CPU governor '" + governor + "', not 'performance': clock speed varies with load");
        }
        if (turbo.equals("on")) {
            warnings.add("turbo boost is on: clock speed varies with temperature and load");
        }
        if (mem > 0 && mem < 4L << 30) {
            warnings.add((mem >> 20) + " MB of memory: range-sum needs ~2 GB of heap and sleep-io up to 4 GB");
        }
        f.put("warnings", warnings);
        return new MachineInfo(f);
    }

    String summary() {
        Object mem = fields.get("memoryBytes");
        long gb = mem instanceof Number n ? n.longValue() >> 30 : 0;
        return "machine: " + fields.get("cpuModel") + ", " + fields.get("cores") + " cores / " + fields.get("threads")
                + " threads, " + gb + " GB, " + fields.get("os") + ", JDK " + fields.get("jdk") + ", governor "
                + fields.get("governor") + ", turbo " + fields.get("turbo") + ", load " + fields.get("loadAverage")
                + ", steal " + fields.get("stealPercent") + "%";
    }

    static String host() {
        String h = read("/proc/sys/kernel/hostname").orElse(null);
        if (h == null) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        int dot = h.indexOf('.');
        return dot > 0 ? h.substring(0, dot) : h;
    }

    static Double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? null : Math.round(l * 100) / 100.0;
    }

    /** Steal % over one second, from /proc/stat; null elsewhere. */
    static Double stealPercent() {
        try {
            long[] a = cpuLine();
            Thread.sleep(1000);
            long[] b = cpuLine();
            long total = 0;
            for (int i = 0; i < Math.min(a.length, 8); i++) {
                total += b[i] - a[i];
            }
            return total > 0 && a.length > 7 ? Math.round(1000.0 * (b[7] - a[7]) / total) / 10.0 : 0.0;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long[] cpuLine() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long[] v = new long[f.length - 1];
        for (int i = 1; i < f.length; i++) {
            v[i - 1] = Long.parseLong(f[i]);
        }
        return v;
    }

    private static long memoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static int physicalCores(int threads) {
        try {
            Set<String> cores = new HashSet<>();
            String physical = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("physical id")) {
                    physical = line.substring(line.indexOf(':') + 1).trim();
                } else if (line.startsWith("core id")) {
                    cores.add(physical + ":" + line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return cores.isEmpty() ? threads : cores.size();
        } catch (IOException e) {
            return threads;
        }
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not Linux: the JVM's name below
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private static java.util.Optional<String> read(String file) {
        try {
            return java.util.Optional.of(Files.readString(Path.of(file)).trim());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}

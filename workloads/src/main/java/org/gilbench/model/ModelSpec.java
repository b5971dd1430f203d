package org.gilbench.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How to open a model: the number of workers and the model-specific options (e.g. {@code
 * interval-us=5000} for the GIL, {@code start=per-task} for child processes).
 *
 * <p>Options are strings because they come from the command line and JMH params; each model reads
 * the ones it knows through the typed getters below and rejects the rest with
 * {@link #requireOnly}, so a misspelt option is an error, not a silent default.
 *
 * @param workers the concurrency: pool size, concurrent virtual threads, child JVMs (serial: 1)
 * @param options model-specific settings, by name
 */
public record ModelSpec(int workers, Map<String, String> options) {

    /** Upper bound on workers: enough for a million parked virtual threads. */
    public static final int MAX_WORKERS = 10_000_000;

    public ModelSpec {
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be in 1.." + MAX_WORKERS + ", got " + workers);
        }
        options = Map.copyOf(options);
    }

    public static ModelSpec of(int workers) {
        return new ModelSpec(workers, Map.of());
    }

    /**
     * Parses {@code "key=value;key=value"} (blank means no options). Commas separate entries too, but
     * JMH's {@code -p} splits its values at commas, so on a JMH command line use semicolons.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    public static ModelSpec parse(int workers, String options) {
        Map<String, String> map = new TreeMap<>();
        if (options != null && !options.isBlank()) {
            for (String entry : options.split("[;,]")) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.length() - 1) {
                    throw new IllegalArgumentException("bad model option '" + entry.trim()
                            + "' (expected key=value, e.g. interval-us=5000)");
                }
                map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        }
        return new ModelSpec(workers, map);
    }

    /** A copy with one more option. */
    public ModelSpec with(String key, String value) {
        Map<String, String> map = new TreeMap<>(options);
        map.put(key, value);
        return new ModelSpec(workers, map);
    }

    /** @throws IllegalArgumentException if an option is not one of {@code known} */
    public void requireOnly(String model, Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' for model " + model
                        + " (known: " + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))) + ")");
            }
        }
    }

    /** A string option that must be one of {@code allowed}. */
    public String choice(String key, String fallback, Set<String> allowed) {
        String value = options.getOrDefault(key, fallback);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("bad value for option " + key + ": '" + value
                    + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        return value;
    }

    /** A long option in {@code [min, max]}. */
    public long number(String key, long fallback, long min, long max) {
        String raw = options.get(key);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value for option " + key + ": '" + raw
                    + "' (expected a whole number in " + min + ".." + max + ")", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("bad value for option " + key + ": " + value
                    + " (expected " + min + ".." + max + ")");
        }
        return value;
    }

    /** A boolean option: {@code true} or {@code false}. */
    public boolean flag(String key, boolean fallback) {
        return Boolean.parseBoolean(choice(key, Boolean.toString(fallback), Set.of("true", "false")));
    }
}

package org.gilbench.contract;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The key of a cell, the one name the runner and the report share for a measured configuration:
 * {@code <benchmark>{name=value,...}} with every param (defaults included, as JMH writes them into its JSON),
 * sorted by name. Example: {@code org.gilbench.bench.PrimeCheckBenchmark.primeCheck{model=serial,workers=1}}.
 */
public final class CellKey {

    private CellKey() {
    }

    public static String of(String benchmark, Map<String, String> params) {
        return benchmark + new TreeMap<>(params).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}

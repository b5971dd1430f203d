package org.gilbench.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cells.json}: the runner's record of every attempt of every cell (CONTRACT.md), rewritten after
 * each attempt (atomically: an interrupt never leaves half a file). {@code --resume} reads it to know what
 * is done; the report reads it for rounds, disturbed attempts and timeouts.
 */
final class CellsFile {

    static final String NAME = "cells.json";

    enum Status {
        OK, DISTURBED, TIMEOUT, FAILED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One fork of one cell.
     *
     * @param round      1..rounds for the planned rounds; rounds + k for the k-th extra fork ({@code extra} = k)
     * @param attempt    1 for the round's measurement, 2-3 for a disturbed one measured again
     * @param file       the JMH JSON, relative to the results folder (absent for a timeout or failure)
     * @param outsideCpuCores mean cores used outside the run during the attempt (null: not watched)
     * @param score      JMH's primary score of the fork; {@code operations}: its measured iterations' scores
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Attempt(int round, int attempt, Integer extra, String file, String status, double wallSeconds,
                   Double outsideCpuCores, String message, Double score, String unit, List<Double> operations) {

        boolean is(Status s) {
            return s.label().equals(status);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String key, String id, String benchmark, Map<String, String> params, double estimateSeconds,
                 double limitSeconds, List<Attempt> attempts) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Document(List<Entry> cells) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Cell id -> its entry, in plan order. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    CellsFile(List<Cell> cells) {
        for (Cell c : cells) {
            entries.put(c.id(), new Entry(c.key(), c.id(), c.benchmark(), c.params(), round1(c.estimateSeconds()),
                    round1(c.limitSeconds()), new ArrayList<>()));
        }
    }

    /** The planned cells with the attempts a previous (interrupted) run recorded for them. */
    static CellsFile resume(List<Cell> cells, Path dir) throws IOException {
        CellsFile file = new CellsFile(cells);
        Path path = dir.resolve(NAME);
        if (Files.exists(path)) {
            for (Entry old : JSON.readValue(path.toFile(), Document.class).cells()) {
                Entry now = file.entries.get(old.id());
                if (now != null && old.attempts() != null) {
                    now.attempts().addAll(old.attempts());
                }
            }
        }
        return file;
    }

    List<Attempt> attempts(String id) {
        return entries.get(id).attempts();
    }

    synchronized void add(String id, Attempt attempt) {
        entries.get(id).attempts().add(attempt);
    }

    /** Whether round r has its measurement of the cell (a disturbed one still wants another attempt). */
    boolean doneInRound(String id, int round, int maxAttempts) {
        List<Attempt> inRound = attempts(id).stream().filter(a -> a.round() == round && a.extra() == null).toList();
        return inRound.size() >= maxAttempts || inRound.stream().anyMatch(a -> !a.is(Status.DISTURBED));
    }

    /** Keys of cells with at least one disturbed attempt. */
    List<String> disturbedKeys() {
        return entries.values().stream()
                .filter(e -> e.attempts().stream().anyMatch(a -> a.is(Status.DISTURBED)))
                .map(Entry::key).toList();
    }

    synchronized void write(Path dir) {
        try {
            Path tmp = dir.resolve(NAME + ".part");
            JSON.writeValue(tmp.toFile(), new Document(List.copyOf(entries.values())));
            Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}

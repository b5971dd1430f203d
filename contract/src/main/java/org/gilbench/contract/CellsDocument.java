package org.gilbench.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code cells.json}: the runner's record of every planned cell and every attempt at it, rewritten after each
 * attempt; the report reads it for statuses, failures, timeouts, disturbed and unsure cells. The format is
 * described in {@code docs/results-contract.md}.
 *
 * <p>Versions: 2 added {@code format} and a cell's {@code unsure}, {@value #FORMAT} a cell's {@code entry}; a
 * file without {@code format} is version 1 (the same cells and attempts); older versions read unchanged. A file of a newer version
 * is refused with one line, never half-read.
 *
 * @param format the version this file was written in
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CellsDocument(int format, List<CellRecord> cells) {

    /** The version this code writes and the newest it reads. */
    public static final int FORMAT = 3;
    public static final String FILE_NAME = "cells.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public CellsDocument {
        format = format == 0 ? 1 : format;
        cells = cells == null ? List.of() : cells;
    }

    public static CellsDocument of(List<CellRecord> cells) {
        return new CellsDocument(FORMAT, cells);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException naming the file when it is not JSON of this shape, or of a newer format
     */
    public static CellsDocument read(Path file) throws IOException {
        CellsDocument doc;
        try {
            doc = JSON.readValue(file.toFile(), CellsDocument.class);
        } catch (JacksonException e) {
            throw new IOException(file + " is not a cells.json this version reads: "
                    + e.getOriginalMessage().lines().findFirst().orElse("unreadable"), e);
        }
        if (doc.format() > FORMAT) {
            throw new IOException(file + " has format " + doc.format() + "; this gilbench reads formats 1-" + FORMAT
                    + " (a newer gilbench wrote it)");
        }
        return doc;
    }

    /** Writes {@code dir/cells.json} atomically: an interrupt never leaves half a file. */
    public void write(Path dir) throws IOException {
        Path tmp = dir.resolve(FILE_NAME + ".part");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

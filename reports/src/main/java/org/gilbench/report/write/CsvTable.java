package org.gilbench.report.write;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a table as CSV with a header row through jackson-dataformat-csv: quoting of commas, quotes and
 * line breaks in labels is the library's job. Missing or non-finite numbers are written as empty cells.
 */
public final class CsvTable {

    private static final CsvMapper CSV = new CsvMapper();

    private CsvTable() {
    }

    public static void write(Path file, List<String> columns, List<Map<String, Object>> rows) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        for (Map<String, Object> row : rows) {
            row.replaceAll((k, v) -> v instanceof Double d && !Double.isFinite(d) ? null : v);
        }
        CSV.writer(schema.build()).writeValue(file.toFile(), rows);
    }
}

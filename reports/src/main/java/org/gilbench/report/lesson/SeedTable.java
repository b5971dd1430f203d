package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gilbench.contract.Estimate;
import org.gilbench.report.write.Fmt;

/**
 * The seed chapters on one map: one row per experiment ({@link SeedIds#ALL}), the report section that shows
 * it, its status, and the chapter's published number beside this run's. Opens the report's lessons and is
 * summary.json's {@code "seeds"}.
 */
public final class SeedTable {

    /** A row with the report section that added it ("" when no section did). */
    public record Placed(SeedRow row, String section) {
    }

    private final List<Placed> rows;

    private SeedTable(List<Placed> rows) {
        this.rows = rows;
    }

    /**
     * Every seed id once, in {@link SeedIds#ALL}'s order: a measured row wins over an unmeasured one, the first
     * section's over a later one's; an id no section added is "not measured: no experiment in this run shows it".
     */
    public static SeedTable of(List<Placed> added) {
        Map<String, Placed> byId = new LinkedHashMap<>();
        for (Placed p : added) {
            Placed old = byId.get(p.row().id());
            if (old == null || (!old.row().measured() && p.row().measured())
                    || (old.row().here() == null && p.row().here() != null && p.row().measured())) {
                byId.put(p.row().id(), p);
            }
        }
        List<Placed> rows = new ArrayList<>();
        for (String id : SeedIds.ALL) {
            rows.add(byId.getOrDefault(id, new Placed(new SeedRow(id, "", "", false,
                    "no experiment in this run shows it", null, null, ""), "")));
        }
        return new SeedTable(List.copyOf(rows));
    }

    public List<Placed> rows() {
        return rows;
    }

    /** The Markdown section. */
    public String markdown() {
        StringBuilder md = new StringBuilder("## The seed chapters on one map\n\n")
                .append("Every experiment of the five chapters, the section of this report that shows it, and where a"
                        + " chapter publishes a number, the author's beside this machine's (scaled as the last column"
                        + " says: the chapters ran other sizes on other machines, so compare shapes and ratios, not"
                        + " seconds).\n\n")
                .append("| id | seed | what | status | section | published (their machine) | here [95% CI] | how they compare |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Placed p : rows) {
            SeedRow r = p.row();
            md.append("| `").append(r.id()).append("` | ").append(Fmt.cell(r.seeds())).append(" | ")
                    .append(Fmt.cell(r.description())).append(" | ")
                    .append(r.measured() ? "measured" : "not measured: " + Fmt.cell(r.reason())).append(" | ")
                    .append(Fmt.cell(p.section())).append(" | ")
                    .append(r.published() == null ? "" : Fmt.cell(num(r.published().value()) + " " + r.published().unit()
                            + " (" + r.published().machine() + ")"))
                    .append(" | ")
                    .append(r.here() == null ? "" : Fmt.cell(interval(r.here().value()) + " " + r.here().unit()))
                    .append(" | ").append(Fmt.cell(r.scaling())).append(" |\n");
        }
        return md.append('\n').toString();
    }

    /** summary.json's {@code "seeds"}: one object per id. */
    public List<Map<String, Object>> json() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Placed p : rows) {
            SeedRow r = p.row();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("seeds", r.seeds());
            m.put("description", r.description());
            m.put("status", r.measured() ? "measured" : "not-measured");
            if (!r.measured()) {
                m.put("reason", r.reason());
            }
            m.put("section", p.section());
            if (r.published() != null) {
                m.put("published", Map.of("value", r.published().value(), "unit", r.published().unit(),
                        "machine", r.published().machine()));
            }
            if (r.here() != null) {
                Estimate e = r.here().value();
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("value", finite(e.value()));
                h.put("low", finite(e.low()));
                h.put("high", finite(e.high()));
                h.put("unit", r.here().unit());
                h.put("basis", e.basis());
                m.put("here", h);
            }
            if (!r.scaling().isEmpty()) {
                m.put("scaling", r.scaling());
            }
            list.add(m);
        }
        return list;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String num(double v) {
        return Fmt.num(v, v >= 100 ? 0 : v >= 10 ? 1 : 3);
    }

    private static String interval(Estimate e) {
        return e.hasError() ? num(e.value()) + " [" + num(e.low()) + ", " + num(e.high()) + "]" : num(e.value());
    }
}

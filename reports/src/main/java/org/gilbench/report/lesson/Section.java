package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What one lesson contributes to the report: blocks of Markdown and charts in reading order, its
 * verdict with the reason, and the numbers behind it (written to summary.json).
 *
 * <p>Charts are suppliers: the report builds and draws each one inside its own try, so a chart that
 * fails is named in the report and the rest is still written.
 */
public final class Section {

    /** A chart to draw: file name (no extension), alt text, and the panels side by side. */
    public record ChartSpec(String name, String alt, Supplier<List<? extends Chart<?, ?>>> panels) {
    }

    /** One block: Markdown text or a chart. */
    public sealed interface Block permits Text, Figure {
    }

    public record Text(String markdown) implements Block {
    }

    public record Figure(ChartSpec chart) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, Object> numbers = new LinkedHashMap<>();
    private final List<Fidelity> fidelity = new ArrayList<>();
    private final List<SeedRow> seeds = new ArrayList<>();
    private Verdict verdict = Verdict.NOT_MEASURED;
    private String reason = "";

    public Section text(String markdown) {
        blocks.add(new Text(markdown));
        return this;
    }

    public Section chart(String name, String alt, Supplier<List<? extends Chart<?, ?>>> panels) {
        blocks.add(new Figure(new ChartSpec(name, alt, panels)));
        return this;
    }

    public Section verdict(Verdict v, String why) {
        this.verdict = v;
        this.reason = why;
        return this;
    }

    /** A number (or string) behind the verdict, for summary.json; NaN is written as null. */
    public Section number(String key, Object value) {
        numbers.put(key, value);
        return this;
    }

    /** A row of the seeds table: an experiment of the seed chapters this lesson shows. */
    public Section seed(SeedRow row) {
        seeds.add(row);
        return this;
    }

    public List<SeedRow> seeds() {
        return seeds;
    }

    /** One emulation-vs-CPython comparison, for the lesson's table and summary.json's "fidelity". */
    public Section fidelity(Fidelity row) {
        fidelity.add(row);
        return this;
    }

    public List<Fidelity> fidelity() {
        return fidelity;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Verdict verdict() {
        return verdict;
    }

    public String reason() {
        return reason;
    }

    public Map<String, Object> numbers() {
        return numbers;
    }
}

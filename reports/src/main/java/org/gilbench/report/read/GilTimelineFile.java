package org.gilbench.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One GIL timeline scenario, {@code <results>/gil-timeline/<scenario>.json}, written by
 * {@code org.gilbench.bench.GilTimeline} (docs/gil.md, "The GIL timeline"): per thread the spans it spent
 * running (holding the GIL), waiting for it, or blocked (released it to sleep), and the drop requests.
 * Times are ms from the first event.
 *
 * @param trace the Chrome trace-event file beside it ({@code <scenario>.trace.json}), or null
 */
public record GilTimelineFile(String scenario, String mode, long intervalUs, long ticks, double durationMs,
                              List<Lane> threads, List<DropRequest> dropRequests, long switches, long forcedDrops,
                              String summary, Path file, Path trace) {

    /** The folder under the results folder. */
    public static final String DIR = "gil-timeline";

    /** One thread's lane. */
    public record Lane(String name, List<Span> spans) {
    }

    /** {@code state}: running, waiting or blocked. */
    public record Span(double startMs, double endMs, String state) {
        public double length() {
            return endMs - startMs;
        }
    }

    /** A waiter asked the holder to drop the GIL. */
    public record DropRequest(String thread, double ms) {
    }

    /**
     * Every scenario of {@code dir/gil-timeline/}, in name order; files that cannot be read are named in
     * {@code warnings} and skipped. No folder: an empty list.
     */
    public static List<GilTimelineFile> readAll(Path dir, List<String> warnings) {
        Path folder = dir.resolve(DIR);
        List<GilTimelineFile> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().endsWith(".trace.json")).sorted().toList();
        } catch (IOException e) {
            warnings.add(folder + ": cannot list it: " + e.getMessage());
            return out;
        }
        for (Path f : files) {
            try {
                out.add(read(f));
            } catch (IOException | IllegalArgumentException e) {
                warnings.add(f + ": not a GIL timeline (" + e.getMessage().lines().findFirst().orElse("") + "); left out");
            }
        }
        return out;
    }

    static GilTimelineFile read(Path f) throws IOException {
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        if (root == null || !root.isObject() || !root.path("threads").isArray()) {
            throw new IllegalArgumentException("expected an object with 'threads'");
        }
        List<Lane> lanes = new ArrayList<>();
        for (JsonNode t : root.path("threads")) {
            List<Span> spans = new ArrayList<>();
            for (JsonNode s : t.path("spans")) {
                if (s.size() < 3 || !s.get(0).isNumber() || !s.get(1).isNumber()) {
                    throw new IllegalArgumentException("a span is not [startMs, endMs, state]");
                }
                spans.add(new Span(s.get(0).asDouble(), s.get(1).asDouble(), s.get(2).asText()));
            }
            lanes.add(new Lane(t.path("name").asText("thread"), List.copyOf(spans)));
        }
        List<DropRequest> drops = new ArrayList<>();
        for (JsonNode d : root.path("dropRequests")) {
            drops.add(new DropRequest(d.path("thread").asText(""), d.path("ms").asDouble()));
        }
        String name = f.getFileName().toString().replaceFirst("\\.json$", "");
        Path trace = f.resolveSibling(name + ".trace.json");
        return new GilTimelineFile(root.path("scenario").asText(name), root.path("mode").asText("interval"),
                root.path("intervalUs").asLong(5000), root.path("ticks").asLong(100),
                root.path("durationMs").asDouble(), List.copyOf(lanes), List.copyOf(drops),
                root.path("switches").asLong(), root.path("forcedDrops").asLong(), root.path("summary").asText(""),
                f, Files.isRegularFile(trace) ? trace : null);
    }
}

package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.chart.GilTimelineChart;
import org.gilbench.report.read.GilTimelineFile;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 4, made visible: the GIL timeline (Beazley's picture) from the emulator's own events,
 * {@code <results>/gil-timeline/<scenario>.json} written by {@code org.gilbench.bench.GilTimeline}. One
 * chart per scenario (2 CPU-bound threads; 1 CPU-bound + 1 I/O-bound thread; each in interval and ticks
 * mode) over its first {@link #WINDOW_MS} ms, with a link to the Chrome trace for zooming in Perfetto.
 *
 * <p>Verdict, on {@code cpu-cpu-interval} (one run: the spread of its slices stands in for an interval):
 * the two threads take turns, and the middle half of their running slices (the quartiles) lies within
 * [{@link #SHORT_SLICE}, {@link #LONG_SLICE}] switch intervals: confirms. A thread that never runs after
 * the other started, or a median slice below {@link #SHORT_SLICE} intervals (switching faster than the
 * interval allows): contradicts. Slices longer than {@link #LONG_SLICE} intervals, or fewer than
 * {@link #MIN_SLICES}: too noisy (a busy machine delays the waiter's time-out and the holder's check).
 */
public final class GilTimelineLesson implements Lesson {

    /** The time shown: 100 ms hold ~20 slices of 5 ms, each still a few pixels wide at 800 px. */
    static final double WINDOW_MS = 100;

    /** The scenario the verdict reads. */
    static final String CPU_CPU = "cpu-cpu-interval";
    static final String CPU_IO = "cpu-io-interval";

    /**
     * A slice shorter than half an interval cannot come from the interval GIL: a waiter asks only after
     * a whole interval without a switch.
     */
    static final double SHORT_SLICE = 0.5;

    /**
     * Up to 4 intervals: the waiter's time-out and the holder's next check point are late by the
     * scheduler's latency, several ms on a busy 2-core machine (docs/gil.md saw 10–30 ms slices there).
     */
    static final double LONG_SLICE = 4;

    /**
     * The mechanism: at least half the slices end with a waiter's drop request (in interval mode every forced
     * turn is one: the fixture of a healthy run has one per slice). Half leaves room for turns a holder ends by
     * blocking; a GIL that hands over on its own clock shows none.
     */
    static final double MIN_DROPS_PER_SLICE = 0.5;

    /** Fewer slices than this say nothing about their length. */
    static final int MIN_SLICES = 4;

    @Override
    public int number() {
        return 4;
    }

    @Override
    public String id() {
        return "gil-timeline";
    }

    @Override
    public String title() {
        return "The GIL timeline: who holds it, who waits";
    }

    @Override
    public List<String> evidence() {
        return List.of(PlanEntries.GIL_TIMELINE);
    }

    @Override
    public String rule() {
        return "*The GIL timeline* (lesson 4): the whole running slices of `" + CPU_CPU + "` (one run; their spread stands"
                + " in for an interval): quartiles within " + Fmt.num(SHORT_SLICE, 1) + "–" + Fmt.num(LONG_SLICE, 0)
                + " switch intervals confirms, with at least " + Fmt.num(MIN_DROPS_PER_SLICE, 1) + " drop requests per"
                + " slice (fewer: contradicts, the turns are not the interval GIL's hand-off); a thread that never runs,"
                + " or a median slice under " + Fmt.num(SHORT_SLICE, 1) + " intervals, contradicts; else (or fewer than "
                + MIN_SLICES + " slices) too-noisy. One recorded run, not JMH forks: the runner records the timeline"
                + " once, so more forks cannot decide it (it names no cells to re-measure).";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<GilTimelineFile> timelines = GilTimelineFile.readAll(e.folder().dir(), e.warnings());
        if (timelines.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "no gil-timeline/*.json (java -cp benchmarks.jar"
                    + " org.gilbench.bench.GilTimeline DIR writes them)");
            s.text("**Verdict: not-measured** — " + s.reason() + ".\n\n");
            return s;
        }
        decide(s, timelines);
        s.text("David Beazley drew the GIL as lanes: which thread holds it, which waits. These are the emulated"
                + " GIL's own events (`GilTimeline`), one lane per thread: **dark bar** = running (holds the GIL),"
                + " **light bar** = waiting for it, **thin grey** = blocked (sleeping, GIL released), **▼** = a"
                + " waiter's drop request. Each chart shows the first " + Fmt.num(WINDOW_MS, 0) + " ms of its"
                + " scenario; open the `.trace.json` in https://ui.perfetto.dev to zoom into the whole run.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        for (GilTimelineFile t : timelines) {
            double window = Math.min(WINDOW_MS, t.durationMs() > 0 ? t.durationMs() : WINDOW_MS);
            String mode = t.mode().equals("ticks") ? "ticks mode (" + t.ticks() + " ticks, the old GIL)"
                    : "interval mode (" + Fmt.num(t.intervalUs() / 1000.0, 1) + " ms, CPython 3.2+)";
            s.text("### " + t.scenario() + " — " + mode + "\n\n");
            s.chart("gil-timeline-" + t.scenario(), "GIL timeline " + t.scenario(), () -> List.of(
                    GilTimelineChart.create(t.scenario() + (window < WINDOW_MS ? ": all " : ": the first ")
                            + Fmt.num(window, 0) + " ms", t, window)));
            s.text(what(t) + " Recorded: " + t.summary() + "; " + t.switches() + " switches, " + t.forcedDrops()
                    + " forced drops."
                    + (t.trace() != null ? " Zoom: open [`" + t.trace().getFileName() + "`](../" + GilTimelineFile.DIR
                    + "/" + t.trace().getFileName() + ") in https://ui.perfetto.dev." : "") + "\n\n");
        }
        return s;
    }

    /** What to see in each scenario, in words. */
    static String what(GilTimelineFile t) {
        boolean ticks = t.mode().equals("ticks");
        if (t.scenario().startsWith("cpu-cpu")) {
            return ticks ? "Two CPU-bound threads under the old GIL: the holder releases every " + t.ticks()
                    + " ticks (about a µs) and at once re-takes it, so the woken waiter mostly loses the race and"
                    + " keeps waiting; turns come when it happens to win, at no fixed rhythm (no drop requests in this"
                    + " mode). The thousands of lost races, each a wasted wake-up, are the \"GIL battle\" that made"
                    + " Python 2 threads slower than serial on several cores; they are too short to draw (spans under"
                    + " 2 µs are folded into their neighbours; Perfetto shows the rest)."
                    : "Two CPU-bound threads under the new GIL take turns in slices of about one switch interval: each"
                    + " slice ends when the waiter, after one interval without a switch, sets a drop request (▼).";
        }
        return ticks ? "A CPU-bound and an I/O-bound thread under the old GIL: the I/O thread, back from its sleep,"
                + " gets the GIL within the holder's next " + t.ticks() + " ticks (µs): the old GIL's good side."
                : "A CPU-bound and an I/O-bound thread: each time the I/O thread wakes from its 1 ms sleep it waits"
                + " about one switch interval for the GIL (light bar), then asks for it (▼): the convoy of section 4.";
    }

    /** The verdict (see the class comment). */
    static void decide(Section s, List<GilTimelineFile> timelines) {
        Optional<GilTimelineFile> cpu = timelines.stream().filter(t -> t.scenario().equals(CPU_CPU)).findFirst();
        if (cpu.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "no " + CPU_CPU + " scenario in gil-timeline/");
            return;
        }
        GilTimelineFile t = cpu.get();
        double interval = t.intervalUs() / 1000.0;
        List<Double> slices = new ArrayList<>();
        int threadsThatRan = 0;
        for (GilTimelineFile.Lane lane : t.threads()) {
            List<GilTimelineFile.Span> running = lane.spans().stream().filter(x -> x.state().equals("running")).toList();
            threadsThatRan += running.isEmpty() ? 0 : 1;
            // The last slice of a lane is cut by the end of the recording: not a whole slice.
            for (int i = 0; i < running.size(); i++) {
                if (running.get(i).endMs() < t.durationMs() - 1e-6) {
                    slices.add(running.get(i).length());
                }
            }
        }
        double[] v = slices.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        s.number("scenario", CPU_CPU).number("intervalMs", interval).number("slices", v.length);
        if (t.threads().size() >= 2 && threadsThatRan < 2) {
            s.verdict(Verdict.CONTRADICTS, CPU_CPU + ": only one of " + t.threads().size()
                    + " CPU-bound threads ever held the GIL: the other starved");
            return;
        }
        if (v.length < MIN_SLICES) {
            s.verdict(Verdict.TOO_NOISY, CPU_CPU + ": " + v.length + " whole slices, fewer than " + MIN_SLICES);
            return;
        }
        double q1 = quantile(v, 0.25);
        double med = Estimate.median(v);
        double q3 = quantile(v, 0.75);
        s.number("sliceMedianMs", med).number("sliceQ1Ms", q1).number("sliceQ3Ms", q3);
        String shown = CPU_CPU + ": " + v.length + " slices, median " + Fmt.num(med, 2) + " ms (quartiles "
                + Fmt.num(q1, 2) + "–" + Fmt.num(q3, 2) + " ms) against the " + Fmt.num(interval, 1)
                + " ms switch interval";
        if (med < SHORT_SLICE * interval) {
            s.verdict(Verdict.CONTRADICTS, shown + ": the threads switch faster than half an interval, which the"
                    + " interval GIL never does");
        } else if (q1 >= SHORT_SLICE * interval && q3 <= LONG_SLICE * interval
                && t.dropRequests().size() < MIN_DROPS_PER_SLICE * v.length) {
            s.verdict(Verdict.CONTRADICTS, shown + ", but only " + t.dropRequests().size() + " drop requests for "
                    + v.length + " slices (fewer than " + Fmt.num(MIN_DROPS_PER_SLICE, 1) + " per slice): the turns are"
                    + " not ended by a waiter's request, so this is not the interval GIL's hand-off");
        } else if (q1 >= SHORT_SLICE * interval && q3 <= LONG_SLICE * interval) {
            s.verdict(Verdict.CONFIRMS, shown + " (median " + Fmt.num(med / interval, 1) + "×): the threads take turns"
                    + " in slices of " + Fmt.num(SHORT_SLICE, 1) + "–" + Fmt.num(LONG_SLICE, 0) + " intervals, each ended by"
                    + " the waiter's drop request" + (med > 1.5 * interval ? " (longer than one interval: the waiter's"
                    + " time-out and the holder's check point come late on a busy machine)" : ""));
        } else {
            s.verdict(Verdict.TOO_NOISY, shown + ": the middle half of the slices is not within "
                    + Fmt.num(SHORT_SLICE, 1) + "–" + Fmt.num(LONG_SLICE, 0) + " intervals (a busy machine delays"
                    + " the waiter's time-out and the holder's check point)");
        }
    }

    /** The p-quantile of sorted values (linear between order statistics). */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}

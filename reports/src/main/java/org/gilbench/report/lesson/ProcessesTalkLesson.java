package org.gilbench.report.lesson;

import org.gilbench.report.analysis.Workloads;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.gilbench.contract.Estimate;
import org.gilbench.report.analysis.ScalingAnalysis;
import org.gilbench.report.chart.ChartStyle;
import org.gilbench.report.chart.RoundTripChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.contract.Metric;
import org.gilbench.report.write.Fmt;

/**
 * Seed lesson 5, second part: processes share nothing, so they must talk (Queue, Pipe), and every
 * message costs. PingPongBenchmark.roundTrip: a counter sent to the other party and back, each adding
 * one — threads over a queue, a child JVM over a pipe, two child JVMs relayed through the parent.
 * The chart: one round trip per channel (median with its interval, p50 and p99); the table: round
 * trips per second, and how many round trips fit in one task of the CPU-bound workloads.
 *
 * <p>Verdict: process-pipe's typical round trip / thread-queue's (each the median of every measurement
 * iteration's round trips, interval over iterations), with its log-space interval. The seed's claim is
 * that processes must talk and every message costs; a message between processes can cost no less than
 * one between threads, since it makes the same two hand-offs and adds a pipe. So: wholly above
 * {@link #NO_CHEAPER} confirms; wholly below it contradicts (the processes talked clearly faster);
 * otherwise, or wider than {@link Rules#TOO_WIDE}, too noisy; a cell resting on disturbed attempts only
 * never confirms; without both cells, not measured.
 */
public final class ProcessesTalkLesson implements Lesson {

    static final String BENCHMARK = Workloads.PING_PONG_BENCH;
    static final String THREADS = "thread-queue";
    static final String PIPE = "process-pipe";
    static final String RELAY = "process-relay";

    /**
     * The pipe may not cost less than the queue, beyond the interval and a 20 % band: both pay two
     * wake-ups of the other party (~25 µs a round trip on the reference machine), which dwarf the
     * pipe's system calls, so a JVM's pipe and queue come out about equal (0.92–0.98 in three runs,
     * docs/report.md); CPython's queue and pipe differ more, by their pickling. The band keeps a round
     * trip a few per cent faster over the pipe, which those runs measured, from reading as a
     * contradiction; a pipe 20 % cheaper than a queue would mean the pipe was not crossed.
     */
    public static final double NO_CHEAPER = 0.8;

    /** CPython's round trip to an echo process, measured on this machine (../shared/notes/gil.md). */
    static final double CPYTHON_ROUND_TRIP_US = 320;

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String id() {
        return "processes-talk";
    }

    @Override
    public String title() {
        return "Processes must talk, and every message costs";
    }

    @Override
    public List<String> evidence() {
        return List.of(PlanEntries.PING_PONG, PlanEntries.PRIME_CHECK, Workloads.CPYTHON_PING_PONG);
    }

    @Override
    public String rule() {
        return "*Lesson 5, processes talk* (ping-pong): " + PIPE + "'s round trip / " + THREADS + "'s, log-space"
                + " interval: wholly above " + Fmt.num(NO_CHEAPER, 1) + " confirms (no cheaper than the queue),"
                + " wholly below contradicts, straddling or wider than " + Fmt.num(Rules.TOO_WIDE, 0) + "× too-noisy."
                + " Round trips/s = 1e6 / µs; p50/p99 are JMH's percentiles over every timed round trip.";
    }

    /**
     * One channel's numbers (µs): the typical round trip (the median of each measurement iteration's round
     * trips, with the interval over iterations or forks), the mean (for round trips per second), and
     * the percentiles of every timed round trip.
     */
    record Channel(String name, Measurement cell, Estimate micros, double mean, double p50, double p90, double p99) {
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Channel> channels = channels(e);
        decide(s, channels);
        s.text("The seed: processes share nothing, so they must send each other what they need — a counter"
                + " passed through a `multiprocessing.Queue` makes two processes stop together, a global variable"
                + " does not. Every message is copied (pickled) and crosses a pipe. Here a counter makes a round"
                + " trip between two parties, each adding one.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (channels.isEmpty()) {
            return s;
        }
        s.chart("round-trips", "one round trip per channel: median with interval, p50 and p99",
                () -> List.of(RoundTripChart.create("Ping-pong: one round trip", channels.stream()
                        .map(c -> new RoundTripChart.Channel(c.name(), c.micros(), c.p50(), c.p99())).toList())));
        double taskMs = primeTaskMs(e);
        StringBuilder t = new StringBuilder("| channel | typical round trip (µs) [95% CI] | mean (µs) | round trips / s | p50 (µs)"
                + " | p90 (µs) | p99 (µs) | round trips in one prime-check task | irregular |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Channel c : channels) {
            t.append("| ").append(c.name()).append(" | ").append(Fmt.pm(c.micros())).append(" | ")
                    .append(Fmt.sig(c.mean())).append(" | ").append(Fmt.num(1e6 / c.mean(), 0)).append(" | ").append(Fmt.sig(c.p50())).append(" | ")
                    .append(Fmt.sig(c.p90())).append(" | ").append(Fmt.sig(c.p99())).append(" | ")
                    .append(Double.isFinite(taskMs) ? Fmt.num(taskMs * 1000 / c.mean(), 0) : Fmt.NONE)
                    .append(" | ").append(Fmt.irregular(c.micros())).append(" |\n");
        }
        t.append("\nTypical round trip: the median of each measurement iteration's round trips, interval over"
                + " iterations (a few slow round trips, a descheduled party, move an iteration's mean several-fold,"
                + " not its median). Round trips per second = 1e6 / the mean in µs. CPython to an echo process, on this"
                + " machine: ~").append(Fmt.num(CPYTHON_ROUND_TRIP_US, 0)).append(" µs (~")
                .append(Fmt.num(1e6 / CPYTHON_ROUND_TRIP_US, 0)).append(" round trips/s).");
        if (Double.isFinite(taskMs)) {
            t.append(" One prime-check task (the serial run / its ").append(primeTasks(e)).append(" tasks) takes ")
                    .append(ChartStyle.millis(taskMs)).append(": a message per task costs little there; a message per"
                            + " number of a range-sum slice would cost far more than adding it.");
        }
        s.text(t.append("\n\n").toString());
        s.text("A message between threads is two hand-offs in one address space; between processes it is also"
                + " two system calls, a copy through the kernel and the wake-up of another process — and through a"
                + " relay (the seed's master and workers) twice that. The p99 column shows the tail: a process that"
                + " was descheduled answers late. Send few, large messages (a slice, a partial sum), not one per"
                + " item.\n\n");
        return s;
    }

    static List<Channel> channels(Evidence e) {
        List<Channel> out = new ArrayList<>();
        List<Measurement> all = e.measurements();
        for (Measurement m : e.benchmark(BENCHMARK)) {
            String name = m.params().getOrDefault("channel", "?");
            Estimate means = Estimate.of(m.time()).times(1000);
            double mean = m.time().score() * 1000;
            double[] pct = {Double.NaN, Double.NaN, Double.NaN};
            Estimate typical = means;
            int i = all.indexOf(m);
            if (i >= 0 && i < e.folder().elements().size()) {
                List<JsonNode> elements = e.folder().elements().get(i);
                pct = percentiles(elements);
                Metric medians = iterationMedians(elements, m.time().disturbed());
                if (medians != null) {
                    typical = Estimate.of(medians);
                }
            }
            out.add(new Channel(name, m, typical, mean, pct[0], pct[1], pct[2]));
        }
        List<String> order = List.of(THREADS, PIPE, RELAY);
        out.sort(Comparator.comparingInt(c -> order.contains(c.name()) ? order.indexOf(c.name()) : order.size()));
        return out;
    }

    /**
     * Each measurement iteration's median round trip (µs), per fork, from JMH's histogram: a spike of a
     * few slow round trips (a descheduled party) moves an iteration's mean several-fold but not its
     * median. Null when the JSON has no histogram (not sample mode).
     */
    static Metric iterationMedians(List<JsonNode> elements, boolean disturbed) {
        List<double[]> forks = new ArrayList<>();
        long samples = 0;
        for (JsonNode el : elements) {
            JsonNode pm = el.path("primaryMetric");
            double toMicros = toMicros(pm.path("scoreUnit").asText(""));
            if (!pm.path("rawDataHistogram").isArray() || !Double.isFinite(toMicros)) {
                continue;
            }
            for (JsonNode fork : pm.get("rawDataHistogram")) {
                List<Double> meds = new ArrayList<>();
                for (JsonNode iteration : fork) {
                    List<double[]> bins = new ArrayList<>();
                    long n = 0;
                    for (JsonNode bin : iteration) {
                        long c = bin.path(1).asLong();
                        bins.add(new double[] {org.gilbench.report.read.JmhReader.number(bin.path(0)), c});
                        n += c;
                    }
                    if (n == 0) {
                        continue;
                    }
                    bins.sort(Comparator.comparingDouble(b -> b[0]));
                    long seen = 0;
                    for (double[] b : bins) {
                        seen += (long) b[1];
                        if (seen * 2 >= n) {
                            meds.add(b[0] * toMicros);
                            break;
                        }
                    }
                    samples++;
                }
                forks.add(meds.stream().mapToDouble(Double::doubleValue).toArray());
            }
        }
        if (forks.isEmpty()) {
            return null;
        }
        double[] all = forks.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        return new Metric(Estimate.median(all), Double.NaN, "us/op", forks.toArray(new double[0][]), samples, disturbed);
    }

    /** p50, p90, p99 in µs: the median over the cell's JMH elements of each (rounds, attempts). */
    static double[] percentiles(List<JsonNode> elements) {
        String[] keys = {"50.0", "90.0", "99.0"};
        double[] out = new double[keys.length];
        for (int k = 0; k < keys.length; k++) {
            List<Double> v = new ArrayList<>();
            for (JsonNode el : elements) {
                JsonNode pm = el.path("primaryMetric");
                double x = org.gilbench.report.read.JmhReader.number(pm.path("scorePercentiles").path(keys[k]));
                double toMicros = toMicros(pm.path("scoreUnit").asText(""));
                if (Double.isFinite(x) && Double.isFinite(toMicros)) {
                    v.add(x * toMicros);
                }
            }
            out[k] = v.isEmpty() ? Double.NaN : Estimate.median(v.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return out;
    }

    /** The factor from a JMH time unit ("us/op") to µs; NaN for units that are not time per operation. */
    static double toMicros(String unit) {
        return switch (unit) {
            case "ns/op" -> 1e-3;
            case "us/op" -> 1;
            case "ms/op" -> 1e3;
            case "s/op" -> 1e6;
            default -> Double.NaN;
        };
    }

    /** The mean prime-check task: the serial run's time / its number of tasks; NaN when not measured. */
    static double primeTaskMs(Evidence e) {
        List<ScalingAnalysis.Curve> prime = e.scaling().curves(Workloads.PRIME_CHECK);
        if (prime.isEmpty() || prime.get(0).balance().costs() == null || prime.get(0).balance().costs().length == 0) {
            return Double.NaN;
        }
        return prime.get(0).baselineTime().value() / prime.get(0).balance().costs().length;
    }

    private static int primeTasks(Evidence e) {
        return e.scaling().curves(Workloads.PRIME_CHECK).get(0).balance().costs().length;
    }

    static void decide(Section s, List<Channel> channels) {
        Channel threads = channels.stream().filter(c -> c.name().equals(THREADS)).findFirst().orElse(null);
        Channel pipe = channels.stream().filter(c -> c.name().equals(PIPE)).findFirst().orElse(null);
        if (threads == null || pipe == null) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + BENCHMARK + " with channel=" + THREADS + " and channel=" + PIPE);
            return;
        }
        Estimate ratio = pipe.micros().dividedBy(threads.micros());
        s.number("threadQueueUs", threads.micros().value()).number("processPipeUs", pipe.micros().value())
                .number("pipeOverQueue", ratio.value()).number("pipeOverQueueLow", ratio.low())
                .number("pipeOverQueueHigh", ratio.high());
        channels.stream().filter(c -> c.name().equals(RELAY)).findFirst()
                .ifPresent(r -> s.number("processRelayUs", r.micros().value()));
        String shown = "a round trip over a process pipe / over a thread queue = " + Fmt.ci(ratio) + " (" + ratio.basis()
                + "; " + Fmt.sig(pipe.micros().value()) + " vs " + Fmt.sig(threads.micros().value()) + " µs)";
        if (!ratio.hasError() || ratio.widthRatio() > Rules.TOO_WIDE) {
            s.verdict(Verdict.TOO_NOISY, shown + ": the interval is missing or wider than " + Fmt.num(Rules.TOO_WIDE, 0) + "×");
        } else if (ratio.low() > NO_CHEAPER) {
            s.verdict(ratio.fallback() ? Verdict.TOO_NOISY : Verdict.CONFIRMS, shown + (ratio.fallback()
                    ? ": would confirm, but rests on disturbed attempts only"
                    : ": wholly above " + Fmt.num(NO_CHEAPER, 1) + ", a message between processes costs at least"
                    + " as much as one between threads (the wake-up of the other party dominates both)"));
        } else if (ratio.high() < NO_CHEAPER) {
            s.verdict(Verdict.CONTRADICTS, shown + ": wholly below " + Fmt.num(NO_CHEAPER, 1)
                    + ", the processes talked clearly faster than the threads");
        } else {
            s.verdict(Verdict.TOO_NOISY, shown + ": the interval straddles " + Fmt.num(NO_CHEAPER, 1));
        }
    }
}

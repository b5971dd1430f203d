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
import org.gilbench.report.read.ModelNames;
import org.gilbench.contract.Metric;
import org.gilbench.report.write.Fmt;
import org.gilbench.report.chart.CpuUtilisationChart;

/**
 * Seed lesson 5, second part: processes share nothing, so they must talk (Queue, Pipe), and every
 * message costs. PingPongBenchmark.roundTrip: a counter sent to the other party and back, each adding
 * one — threads over a queue, a child JVM over a pipe, two child JVMs relayed through the parent.
 * The chart: one round trip per channel (median with its interval, p50 and p99); the table: round
 * trips per second, and how many round trips fit in one task of the CPU-bound workloads.
 *
 * <p>Verdict (issue 18: on what an un-crossed pipe cannot produce): the parent JVM's {@code cpu.util} over the
 * pipe / over the thread queue wholly below {@link #CROSSED_CPU_SHARE} (the other party's half ran in the child)
 * and the pipe's typical round trip wholly above {@link #MIN_ROUND_TRIP_US} (two wake-ups: every message costs):
 * both confirm; either wholly on the other side contradicts; else, or on fewer than 2 forks or disturbed attempts
 * only, too noisy; a failed cell or no {@code cpu.util}, not measured. The pipe / queue time ratio is shown, not
 * judged: where the wake-ups land moves it several-fold between runs.
 */
public final class ProcessesTalkLesson implements Lesson {

    static final String BENCHMARK = Workloads.PING_PONG_BENCH;
    static final String THREADS = "thread-queue";
    static final String PIPE = "process-pipe";
    static final String RELAY = "process-relay";

    /**
     * The mechanism (issue 18: judge on what an un-crossed pipe cannot produce): the parent JVM's CPU while it
     * talks over the pipe, as a share of its CPU while it talks over the thread queue, must lie wholly below
     * sqrt(1/2) ≈ 0.71. Over the queue both parties run in this JVM and its {@code cpu.util} counts both; over
     * a crossed pipe the other party's half runs in the child, which this JVM's CPU time does not include, so
     * the share is about 1/2 (0.55 in the quick-run fixture: 44 % against 81 %). A "pipe" answered inside the
     * parent counts both halves again: about 1. The threshold is the geometric midpoint of 1/2 and 1, the
     * same split as lesson 1's sqrt(ideal). (Before issue 18 the verdict was the pipe's time / the queue's
     * wholly above 0.8, loosened from 1.0 after runs measured 0.92–0.98; it confirmed a pipe never crossed.)
     */
    public static final double CROSSED_CPU_SHARE = Math.sqrt(0.5);

    /**
     * Every message costs: the pipe's typical round trip wholly above 2 µs, two wake-ups of a parked party
     * (futex wake and schedule, about a µs each on Linux; the fastest round trips in the quick-run fixture
     * were 4.7 µs over the queue and 5.9 µs over the pipe). A reply computed in the caller's own thread costs
     * well under a µs.
     */
    public static final double MIN_ROUND_TRIP_US = 2;

    /** CPython's round trip to an echo process, measured on this machine (../shared/notes/gil.md). */
    static final double CPYTHON_ROUND_TRIP_US = 320;

    /**
     * CPython's own round trips in this run ({@code cpython.ping-pong} without competitors: a Pipe to an echo
     * process, a Queue to an echo thread), or the reference figure, labelled as such, when the run has none.
     */
    static String cpythonRoundTrips(Evidence e) {
        List<String> live = e.benchmark(Workloads.CPYTHON_PING_PONG).stream()
                .filter(m -> m.intParam("competitors", -1) == 0)
                .sorted(Comparator.comparing(Measurement::model))
                .map(m -> m.model() + " " + m.params().getOrDefault("python", "") + " "
                        + Fmt.ci(Estimate.of(m.time()).times(1000)) + " µs")
                .toList();
        if (!live.isEmpty()) {
            return "CPython in this run (`" + Workloads.CPYTHON_PING_PONG + "`, a fresh interpreter per cell; processes"
                    + " over a Pipe to an echo process, threads over a Queue to an echo thread): "
                    + String.join("; ", live) + " per round trip.";
        }
        return "CPython to an echo process: ~" + Fmt.num(CPYTHON_ROUND_TRIP_US, 0) + " µs (~"
                + Fmt.num(1e6 / CPYTHON_ROUND_TRIP_US, 0) + " round trips/s; " + CPython.REFERENCE + ").";
    }

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

    /** Prime-check only for one serial task's length; the ping-pong cells have no model; CPython's two. */
    @Override
    public List<String> models() {
        return List.of(ModelNames.SERIAL, ModelNames.CPYTHON_PROCESSES, ModelNames.CPYTHON_THREADS);
    }

    @Override
    public String rule() {
        return "*Lesson 5, processes talk* (ping-pong): the parent JVM's " + CpuUtilisationChart.METRIC + " over " + PIPE
                + " / over " + THREADS + " wholly below " + Fmt.num(CROSSED_CPU_SHARE, 2) + " (the other party's half"
                + " ran in the child: the pipe was crossed; wholly above: contradicts, answered in the parent), and "
                + PIPE + "'s typical round trip wholly above " + Fmt.num(MIN_ROUND_TRIP_US, 0) + " µs (two wake-ups:"
                + " every message costs; wholly below: contradicts): both confirm; straddling, wider than "
                + Fmt.num(Rules.TOO_WIDE, 0) + "×, on fewer than " + Rules.MIN_FORKS + " forks or disturbed-only ="
                + " too-noisy; a failed or timed-out ping-pong cell: not-measured. The pipe / queue time ratio is shown,"
                + " not judged: both pay two wake-ups, and where they land (the same core or the other) moves either"
                + " several-fold between runs. Round trips/s = 1e6 / µs; p50/p99 are JMH's percentiles over every timed"
                + " round trip.";
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
        decide(s, channels, e);
        CoreSeeds.pingPong(s, channels.stream().filter(c -> c.name().equals(PIPE)).findFirst().map(Channel::micros)
                .orElse(null));
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
                + " not its median). Round trips per second = 1e6 / the mean in µs. ").append(cpythonRoundTrips(e));
        if (Double.isFinite(taskMs)) {
            t.append(" One prime-check task (the serial run / its ").append(primeTasks(e)).append(" tasks) takes ")
                    .append(ChartStyle.millis(taskMs)).append(": a message per task costs little there; a message per"
                            + " number of a range-sum slice would cost far more than adding it.");
        }
        s.text(t.append("\n\n").toString());
        s.text("Why the round trip moves between runs (7.7, 13.1, 24 µs over the queue in three quick runs, issue 18):"
                + " the time is two wake-ups, and a wake-up costs what the woken party's core is doing. Pinned here"
                + " with `taskset` on a loaded machine (load 11–13 on 2 cores), both parties on one core took 5.6–6.1 µs"
                + " over the queue and 7.3–8.3 µs over the pipe, on two cores 5.5–6.9 and 6.8–9.1 µs: no same-core vs"
                + " cross-core difference while both cores are busy. The slower runs came from a quiet machine, where"
                + " the other party's core is idle and must first be woken (an inter-processor interrupt to a halted"
                + " virtual CPU); that case could not be measured on the shared machine. So the pipe / queue ratio is"
                + " shown, not judged.\n\n");
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

    static void decide(Section s, List<Channel> channels, Evidence e) {
        Rules.Outcome failed = Rules.unfinished(e.unfinished(BENCHMARK,
                p -> List.of(THREADS, PIPE).contains(p.getOrDefault("channel", ""))));
        if (failed != null) {
            s.verdict(failed.verdict(), failed.reason());
            return;
        }
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
        Metric pipeCpu = pipe.cell().secondary().get(CpuUtilisationChart.METRIC);
        Metric queueCpu = threads.cell().secondary().get(CpuUtilisationChart.METRIC);
        if (pipeCpu == null || queueCpu == null) {
            s.verdict(Verdict.NOT_MEASURED, "the ping-pong cells have no " + CpuUtilisationChart.METRIC
                    + " (run with the ModelProfiler), so nothing shows the pipe's other party ran in another process");
            return;
        }
        Estimate share = Estimate.of(pipeCpu).dividedBy(Estimate.of(queueCpu));
        s.number("cpuShare", share.value()).number("cpuShareLow", share.low()).number("cpuShareHigh", share.high());
        Rules.Outcome crossed = Rules.bound(share, CROSSED_CPU_SHARE, false, "the parent's CPU over the pipe / over the"
                + " queue = " + Fmt.ci(share) + " (" + share.basis() + ")", "the other party's half ran in the child: the"
                + " pipe was crossed", "the other party ran in this JVM: the pipe was never crossed");
        Rules.Outcome costs = Rules.bound(pipe.micros(), MIN_ROUND_TRIP_US, true, "a round trip over the pipe = "
                + Fmt.ci(pipe.micros()) + " µs (" + pipe.micros().basis() + ")", "every message costs two wake-ups",
                "too cheap for two wake-ups of another party");
        String both = crossed.reason() + "; " + costs.reason() + " (pipe / queue " + Fmt.ci(ratio) + ", shown, not"
                + " judged)";
        if (crossed.verdict() == Verdict.CONTRADICTS || costs.verdict() == Verdict.CONTRADICTS) {
            s.verdict(Verdict.CONTRADICTS, both);
        } else if (crossed.confirms() && costs.confirms()) {
            s.verdict(Verdict.CONFIRMS, both);
        } else {
            s.verdict(Verdict.TOO_NOISY, both);
        }
    }

    /** Undecided: the pipe's and the queue's cells (the CPU share and the round trip rest on them). */
    @Override
    public List<String> deciding(Evidence e) {
        Section s = new Section();
        List<Channel> channels = channels(e);
        decide(s, channels, e);
        if (s.verdict() != Verdict.TOO_NOISY) {
            return List.of();
        }
        return Deciding.order(e, channels.stream().filter(c -> c.name().equals(PIPE) || c.name().equals(THREADS))
                .map(Channel::cell).toList());
    }
}

package org.gilbench.report.lesson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;
import org.gilbench.contract.Estimate;
import org.gilbench.report.chart.ProcessCellsChart;
import org.gilbench.report.read.Measurement;
import org.gilbench.report.write.Fmt;
import org.gilbench.workload.QueueWriterReader;

/**
 * Seed lesson 5, processes talk through a Queue or a Pipe (seed 002:248-313, 004:291-424, 004:426-489):
 * QueueWriterReaderBenchmark.batch, one writer's batch of messages checked one by one by the reader
 * (writer, sequence, stamp, CRC-32C) — between two threads over a queue, between child JVMs over a FIFO
 * with a lock word per write (Queue.put's lock), and round trips through a duplex pipe to an echo.
 *
 * <p>Verdict: process-queue's batch time / thread-queue's at {@link ProcessLessons#VERDICT_PAYLOAD} bytes
 * (the same batch, so the ratio per message), Welch's interval over forks. The process queue does all
 * the thread queue does (the writer's copy, the two CRC passes, the checks) plus a lock in shared memory,
 * two system calls and two copies through the kernel, so it cannot be cheaper: wholly above
 * {@link #NO_CHEAPER} confirms, wholly below contradicts, straddling is too-noisy. The interval's width
 * is not capped (as the speedups' is by {@link Rules#TOO_WIDE}): the claim is a side of 1, and phase 1
 * measured ~10x, so a wide interval that still clears 1 has decided it. It also needs the counter a
 * fake could not produce: the messages the reader received and checked, writers x batch in every
 * operation; and both cells over >= {@link ProcessCells#MIN_FORKS} forks, not disturbed-only.
 */
public final class ProcessMessagesLesson implements Lesson {

    static final String BENCH = ProcessLessons.QWR_BENCH;

    /** A message between processes is the threads' work plus system calls and kernel copies: never cheaper. */
    public static final double NO_CHEAPER = 1.0;

    /** The seeds table's id of seed 004's Pipe (as {@link SeedIds#ALL} lists it). */
    static final String PIPE_SEED = "pipe";

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String id() {
        return "process-messages";
    }

    @Override
    public String title() {
        return "A message between processes costs more than between threads";
    }

    @Override
    public List<String> evidence() {
        return List.of(ProcessLessons.QUEUE_WRITER_READER, ProcessLessons.QUEUE_WRITER_READER_SIZES, ProcessLessons.CPY_QUEUES);
    }

    @Override
    public String rule() {
        return "*Lesson 5, messages* (" + QueueWriterReader.NAME + "): " + QueueWriterReader.PROCESS_QUEUE + "'s batch / "
                + QueueWriterReader.THREAD_QUEUE + "'s at " + ProcessLessons.VERDICT_PAYLOAD + " B, Welch interval over"
                + " forks: wholly above " + Fmt.num(NO_CHEAPER, 1) + " confirms, wholly below contradicts, else too-noisy;"
                + " only when the reader counted writers × batch messages in every operation and both cells have >= "
                + ProcessCells.MIN_FORKS + " forks (not disturbed-only).";
    }

    /** One channel cell: its label, the cell, the messages per batch (received), and µs per message. */
    record Row(String label, Measurement cell, double perBatch, Estimate micros, boolean process) {
    }

    static List<Row> rows(Evidence e) {
        List<Row> out = new ArrayList<>();
        for (Measurement m : e.benchmark(BENCH)) {
            String channel = m.params().getOrDefault("channel", "?");
            double[] received = ProcessCells.values(m, "messages");
            double perBatch = received.length == 0 ? Double.NaN : Estimate.median(received);
            String label = channel + " " + size(m.intParam("payload", 0)) + (m.intParam("writers", 1) > 1
                    ? " x" + m.intParam("writers", 1) : "");
            out.add(new Row(label, m, perBatch, ProcessCells.time(m).times(1000 / perBatch), channel.startsWith("process")));
        }
        out.sort(Comparator.comparingInt((Row r) -> r.cell().params().getOrDefault("channel", "").contains("pipe") ? 1 : 0)
                .thenComparingInt(r -> r.cell().intParam("payload", 0)).thenComparingInt(r -> r.cell().intParam("writers", 1))
                .thenComparing(r -> r.process() ? 1 : 0));
        return out;
    }

    private static String size(int bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes >= 1024 ? (bytes >> 10) + " KiB" : bytes + " B";
    }

    @Override
    public Section build(Evidence e) {
        Section s = new Section();
        List<Row> rows = rows(e);
        decide(s, e);
        s.text("The seeds: processes share nothing, so a writer puts messages on a `multiprocessing.Queue` and a reader"
                + " gets them (one writer in seed 002, two in seed 004), or two processes talk over a `Pipe()`. Every"
                + " message is pickled, written to a pipe and read back in another process. Here one batch of messages"
                + " goes from a writer to a reader that checks each one.\n\n");
        s.text("**Verdict: " + s.verdict().label() + "** — " + s.reason() + ".\n\n");
        if (rows.isEmpty()) {
            s.text(cpython(e));
            seeds(s, rows, e);
            return s;
        }
        s.chart("process-messages", "µs per message per channel and size, median with 95% interval",
                () -> List.of(ProcessCellsChart.intervals("One message (or pipe round trip)", "channel and payload",
                        "µs per message", rows.stream().map(r -> new ProcessCellsChart.Point(r.label(), r.micros(), r.process()))
                                .toList())));
        StringBuilder t = new StringBuilder("| channel | payload | writers | forks | messages per batch (received, checked)"
                + " | µs per message [95% CI] | messages / s | MB / s |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Measurement m = r.cell();
            double perSecond = 1e6 / r.micros().value();
            t.append("| ").append(m.params().get("channel")).append(" | ").append(size(m.intParam("payload", 0)))
                    .append(" | ").append(m.intParam("writers", 1)).append(" | ").append(ProcessCells.forks(m))
                    .append(" | ").append(ProcessCells.distinct(m, "messages")).append(" | ").append(Fmt.pm(r.micros()))
                    .append(" | ").append(Fmt.num(perSecond, 0)).append(" | ")
                    .append(Fmt.sig(perSecond * m.intParam("payload", 0) / 1e6)).append(" |\n");
        }
        s.text(t.append("\nµs per message = the batch's time / the messages the reader received (for a pipe: one round trip"
                + " through the echo, both ways). Intervals over forks (rounds) where the cell has two or more, else within"
                + " its one fork.\n\n").toString());
        s.text("Up to a few KiB a message between processes pays a fixed cost — the lock, two system calls, waking the"
                + " reader in another process — that a hand-over between threads does not; from about 64 KiB on, the copies"
                + " into and out of the kernel dominate. Send few, large messages (a slice, a partial sum), not one per"
                + " item. Not imitated: pickling (the payload is bytes already) and the feeder thread of CPython's Queue.\n\n");
        s.text(cpython(e));
        seeds(s, rows, e);
        return s;
    }

    /** The two queue cells of the verdict, most decisive first, while it is too-noisy. */
    @Override
    public List<String> deciding(Evidence e) {
        String payload = String.valueOf(ProcessLessons.VERDICT_PAYLOAD);
        return Deciding.whileTooNoisy(e, s -> decide(s, e), () -> Stream.of(QueueWriterReader.THREAD_QUEUE,
                QueueWriterReader.PROCESS_QUEUE).flatMap(c -> ProcessCells.cell(e, BENCH, "channel", c, "payload", payload,
                "writers", "1").stream()).toList());
    }

    static void decide(Section s, Evidence e) {
        String payload = String.valueOf(ProcessLessons.VERDICT_PAYLOAD);
        List<String> failed = new ArrayList<>();
        for (String c : List.of(QueueWriterReader.THREAD_QUEUE, QueueWriterReader.PROCESS_QUEUE)) {
            failed.addAll(ProcessCells.failed(e, BENCH, "channel", c, "payload", payload, "writers", "1"));
        }
        if (!failed.isEmpty()) {
            s.verdict(Verdict.TOO_NOISY, "undecided: " + String.join("; ", failed) + " (a failed judged cell never confirms)");
            return;
        }
        Optional<Measurement> threads = ProcessCells.cell(e, BENCH, "channel", QueueWriterReader.THREAD_QUEUE,
                "payload", payload, "writers", "1");
        Optional<Measurement> processes = ProcessCells.cell(e, BENCH, "channel", QueueWriterReader.PROCESS_QUEUE,
                "payload", payload, "writers", "1");
        if (threads.isEmpty() || processes.isEmpty()) {
            s.verdict(Verdict.NOT_MEASURED, "needs " + BENCH + " with channel=" + QueueWriterReader.THREAD_QUEUE + " and "
                    + QueueWriterReader.PROCESS_QUEUE + " at payload=" + payload + ", writers=1");
            return;
        }
        Estimate ratio = ProcessCells.time(processes.get()).dividedBy(ProcessCells.time(threads.get()));
        s.number("processOverThreadQueue", ratio.value()).number("processOverThreadQueueLow", ratio.low())
                .number("processOverThreadQueueHigh", ratio.high());
        String shown = "a " + ProcessLessons.VERDICT_PAYLOAD + " B message over a queue between child JVMs / between threads = "
                + Fmt.ci(ratio) + " (" + ratio.basis() + ")";
        for (Measurement m : List.of(threads.get(), processes.get())) {
            int batch = m.intParam("messages", 0) > 0 ? m.intParam("messages", 0)
                    : QueueWriterReader.batchFor(m.intParam("payload", 1));
            double expected = (double) batch * m.intParam("writers", 1);
            if (!ProcessCells.every(m, "messages", expected)) {
                s.verdict(Verdict.TOO_NOISY, shown + ": but " + m.params().get("channel") + "'s reader counted "
                        + ProcessCells.distinct(m, "messages") + " messages per batch, not " + Fmt.sig(expected));
                return;
            }
        }
        if (!ratio.hasError()) {
            s.verdict(Verdict.TOO_NOISY, shown + ": no interval");
        } else if (ratio.high() < NO_CHEAPER) {
            s.verdict(Verdict.CONTRADICTS, shown + ": wholly below " + Fmt.num(NO_CHEAPER, 1)
                    + ", the processes' messages were cheaper than the threads'");
        } else if (ratio.low() > NO_CHEAPER) {
            Optional<String> weak = ProcessCells.cannotConfirm(List.of(threads.get(), processes.get()));
            s.verdict(weak.isPresent() ? Verdict.TOO_NOISY : Verdict.CONFIRMS, shown + weak.map(w -> ": would confirm, but " + w)
                    .orElse(": wholly above " + Fmt.num(NO_CHEAPER, 1) + ", every message counted and checked by the reader"));
        } else {
            s.verdict(Verdict.TOO_NOISY, shown + ": the interval straddles " + Fmt.num(NO_CHEAPER, 1));
        }
    }

    /** The same channels in CPython (cpython/queue_writer_reader.py): shown beside, not judged. */
    static String cpython(Evidence e) {
        return ProcessCPython.table(e.benchmark(ProcessLessons.CPY_QUEUES), "The same batches in CPython"
                        + " (`cpython/queue_writer_reader.py`: `multiprocessing.Queue` between processes, `queue.Queue` between"
                        + " threads, a duplex `Pipe()` to an echo process; every message's sequence and CRC checked where it"
                        + " arrives):", "channel, payload", m -> m.params().get("channel") + ", " + size(m.intParam("payload", 0)),
                "ms per batch", List.of(ProcessCPython.estimate("µs per message [95% CI]", "nsPerMessage", 1e-3),
                        ProcessCPython.counts("messages per batch", "messages")));
    }

    private static void seeds(Section s, List<Row> rows, Evidence e) {
        String kib = String.valueOf(ProcessLessons.VERDICT_PAYLOAD);
        String q = "seed 002:248-313, 004:291-424";
        String qWhat = "a writer (or two) and a reader over a Queue: messages per batch checked, µs per message vs threads";
        Optional<Row> queue = rows.stream().filter(r -> QueueWriterReader.PROCESS_QUEUE.equals(r.cell().params().get("channel"))
                && kib.equals(r.cell().params().get("payload"))).findFirst();
        s.seed(queue.isEmpty() ? SeedRow.notMeasured(QueueWriterReader.NAME, q, qWhat, "not selected (--workloads "
                + QueueWriterReader.NAME + ")") : new SeedRow(QueueWriterReader.NAME, q, qWhat, true, "", null,
                new SeedRow.Here(queue.get().micros(), "µs per 1 KiB message, queue between child JVMs"),
                "the seeds print 'A', 'B', 'C' and publish no time" + cpythonFigure(e, QueueWriterReader.PROCESS_QUEUE, kib)));
        String p = "seed 004:426-489";
        String pWhat = "Pipe() send/recv: round trips through a duplex pipe to an echo child JVM vs threads (losses at terminate() not measured)";
        Optional<Row> pipe = rows.stream().filter(r -> QueueWriterReader.PROCESS_PIPE.equals(r.cell().params().get("channel")))
                .findFirst();
        s.seed(pipe.isEmpty() ? SeedRow.notMeasured(PIPE_SEED, p, pWhat, "not selected, or quick round 1 only cells missing")
                : new SeedRow(PIPE_SEED, p, pWhat, true, "", null, new SeedRow.Here(pipe.get().micros(),
                "µs per " + size(pipe.get().cell().intParam("payload", 0)) + " round trip to an echo child JVM"),
                "the seed prints its messages and publishes no time" + cpythonFigure(e, QueueWriterReader.PROCESS_PIPE, kib)));
    }

    /** "; CPython 3.11.7 here: 7.7 µs" for the seeds table, or "". */
    private static String cpythonFigure(Evidence e, String channel, String payload) {
        return ProcessCells.cell(e, ProcessLessons.CPY_QUEUES, "channel", channel, "payload", payload)
                .flatMap(m -> ProcessCPython.secondary(m, "nsPerMessage", 1e-3).map(x -> "; " + ProcessCPython.python(m)
                        + " here, the same channel: " + Fmt.sig(x.value()) + " µs")).orElse("");
    }
}

package org.gilbench.bench;

import java.util.concurrent.TimeUnit;
import org.gilbench.workload.QueueWriterReader;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code queue-writer-reader} (seeds 002:248-313, 004:361-489): what a message costs between processes
 * and between threads, against its size ({@link QueueWriterReader}). One operation is one batch: every
 * writer sends {@code batchFor(payload)} messages (8 B and 1 KiB: 2000; 64 KiB: 256; 1 MiB: 16) and the
 * reader has checked every one (writer, sequence number, stamp, CRC-32C) — or, for the pipes, that many
 * round trips through an echo. The children and threads start in trial setup and end in teardown (the
 * writers joined, the reader terminated, as the seeds do), outside the measurement.
 *
 * <p>The score is ms per batch; the secondary metrics say it per message: {@code nsPerMessage}, the
 * batch's time over the messages received (all writers together: with two writers, the reader's
 * throughput; for a pipe, one round trip), and {@code messages} and {@code payloadBytes} per batch, so
 * messages per second = 1e9 / {@code nsPerMessage}. Measured on the 2-core VM under a load of ~9
 * (µs per message, median of 5 batches; 8 B / 1 KiB / 64 KiB / 1 MiB): thread-queue 2.9 / 1.4 / 22 / 362,
 * process-queue 11 / 15 / 47 / 582; two writers: threads 1.8 / 3.1 / 30 / 205, processes 6.0 / 7.9 / 58 /
 * 714; round trips: thread-pipe 7.8 / 9.3 / 21 / 127, process-pipe 20 / 26 / 64 / 974. Up to a few KiB
 * a process pays a fixed ~10–20 µs per message (system calls, waking the reader); from 64 KiB on, the
 * copies into and out of the kernel dominate (~0.5 ms per MiB one way), while the threads' cost is the
 * writer's copy of its template and the two CRC passes (the same in both) with nothing for the hand-over.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar QueueWriterReaderBenchmark \
 *     -p channel=thread-queue,process-queue -p writers=1,2 -p payload=8,1024,65536,1048576
 * java -jar benchmarks/target/benchmarks.jar QueueWriterReaderBenchmark \
 *     -p channel=thread-pipe,process-pipe -p writers=1 -p payload=8,1024,65536,1048576
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class QueueWriterReaderBenchmark {

    /** {@code thread-queue}, {@code process-queue}, {@code thread-pipe} or {@code process-pipe}. */
    @Param({QueueWriterReader.THREAD_QUEUE})
    public String channel;

    /** Writers into the one reader: 1 (seed 002) or 2 (seed 004); pipes take 1. */
    @Param({"1"})
    public int writers;

    /** Bytes of payload per message, 8..16 MiB. */
    @Param({"8"})
    public int payload;

    /** Messages per writer per batch; 0 = {@code QueueWriterReader.batchFor(payload)}. */
    @Param({"0"})
    public int messages;

    private QueueWriterReader.Channel open;
    private int batch;

    /**
     * What one batch moved, as secondary metrics.
     * One value per operation lands in the JSON's rawData (SingleShotTime: one operation per iteration);
     * the score JMH prints for such a counter is their sum over the iterations.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long messages;
        public long payloadBytes;
        public double nsPerMessage;

        @Setup(Level.Iteration)
        public void clear() {
            messages = 0;
            payloadBytes = 0;
            nsPerMessage = 0;
        }
    }

    @Setup(Level.Trial)
    public void openChannel() {
        if (messages < 0) {
            throw new IllegalArgumentException("bad value for messages: " + messages + " (allowed: 0 = by payload, or >= 1)");
        }
        batch = messages > 0 ? messages : QueueWriterReader.batchFor(payload);
        open = QueueWriterReader.open(channel, writers, payload);
    }

    @TearDown(Level.Trial)
    public void closeChannel() {
        if (open != null) {
            open.close();
        }
    }

    /** One batch, every message checked where it arrived; returns the messages received. */
    @Benchmark
    public long batch(Outcome outcome) throws InterruptedException {
        long start = System.nanoTime();
        long received = open.batch(batch);
        long elapsed = System.nanoTime() - start;
        outcome.messages = received;
        outcome.payloadBytes = received * payload;
        outcome.nsPerMessage = (double) elapsed / received;
        return received;
    }
}

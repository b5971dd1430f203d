package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueueWriterReaderTest {

    /** Child JVMs of this one running one of the channel's mains. */
    static List<ProcessHandle> queueChildren() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(QueueWriterReader.class.getName() + "$"))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    static boolean partyThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && (t.getName().startsWith("gilbench-queue-")
                        || t.getName().startsWith("gilbench-pipe-")));
    }

    @Test
    void everyChannelDeliversEveryMessageOnceAcrossBatches() throws Exception {
        // Two batches each, so sequence numbers carry over; a small and a multi-chunk payload (> 64 KiB pipe).
        for (String name : QueueWriterReader.CHANNELS) {
            boolean pipe = name.endsWith("pipe");
            for (int writers : pipe ? List.of(1) : List.of(1, 2)) {
                for (int payload : List.of(8, 200_000)) {
                    try (QueueWriterReader.Channel channel = QueueWriterReader.open(name, writers, payload)) {
                        assertEquals(7L * writers, channel.batch(7), name + " x" + writers + " " + payload + " B");
                        assertEquals(3L * writers, channel.batch(3), name + " x" + writers + " " + payload + " B");
                        assertEquals(writers, channel.writers());
                    }
                }
            }
        }
        assertTrue(queueChildren().isEmpty(), "children alive after close: " + queueChildren());
        assertTrue(!partyThreadsAlive(), "party threads alive after close");
    }

    @Test
    void closeJoinsTheWritersAndTerminatesTheReader() throws Exception {
        QueueWriterReader.Channel channel = QueueWriterReader.open(QueueWriterReader.PROCESS_QUEUE, 2, 64);
        channel.batch(QueueWriterReader.SEED_MESSAGES);
        assertEquals(3, queueChildren().size(), "2 writers and a reader: " + queueChildren());
        channel.close();
        channel.close();
        assertTrue(queueChildren().isEmpty(), "children alive after close: " + queueChildren());
    }

    @Test
    void theChecksCatchLostRepeatedAndCorruptedMessages() {
        int payload = 64;
        ByteBuffer buffer = ByteBuffer.allocate(payload);
        int crc = QueueWriterReader.Frame.produce(buffer, 0, QueueWriterReader.Frame.template(1, payload), 5);
        QueueWriterReader.Frame.check(1, 5, payload, crc, buffer, 0, 5, payload); // the good one passes
        assertTrue(assertThrows(IllegalStateException.class,
                () -> QueueWriterReader.Frame.check(1, 5, payload, crc, buffer, 0, 4, payload)).getMessage().contains("lost 1"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> QueueWriterReader.Frame.check(1, 5, payload, crc, buffer, 0, 6, payload)).getMessage().contains("repeated"));
        buffer.put(40, (byte) (buffer.get(40) + 1));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> QueueWriterReader.Frame.check(1, 5, payload, crc, buffer, 0, 5, payload)).getMessage().contains("CRC"));
    }

    @Test
    void theTallyAcknowledgesWhenEveryWriterSentItsLast() {
        QueueWriterReader.Tally tally = new QueueWriterReader.Tally(2, 16);
        ByteBuffer[] messages = new ByteBuffer[4];
        int[] crcs = new int[4];
        for (int i = 0; i < 4; i++) {
            messages[i] = ByteBuffer.allocate(16);
            crcs[i] = QueueWriterReader.Frame.produce(messages[i], 0, QueueWriterReader.Frame.template(i % 2, 16), i / 2);
        }
        // writer 0: 0, 1 (last); writer 1: 0, 1 (last), interleaved as two writers' puts are.
        assertTrue(!tally.accept(0, false, 0, 16, crcs[0], messages[0], 0));
        assertTrue(!tally.accept(1, false, 0, 16, crcs[1], messages[1], 0));
        assertTrue(!tally.accept(0, true, 1, 16, crcs[2], messages[2], 0));
        assertThrows(IllegalStateException.class, () -> tally.accept(0, false, 2, 16, crcs[2], messages[2], 0),
                "a message after the writer's last");
        assertTrue(tally.accept(1, true, 1, 16, crcs[3], messages[3], 0));
        QueueWriterReader.Ack ack = tally.close();
        assertEquals(4, ack.received());
        assertEquals(4, QueueWriterReader.checkAck("test", ack, 2, new long[] {2, 2}));
        assertThrows(IllegalStateException.class, () -> QueueWriterReader.checkAck("test", ack, 3, new long[] {3, 3}));
    }

    @Test
    void badParametersNameTheAllowedValues() {
        assertEquals("unknown queue-writer-reader channel 'socket' (known: thread-queue, process-queue, thread-pipe, process-pipe)",
                assertThrows(IllegalArgumentException.class, () -> QueueWriterReader.open("socket", 1, 8)).getMessage());
        assertEquals("bad value for writers: 2 (allowed: 1 for a pipe, which has two ends)",
                assertThrows(IllegalArgumentException.class, () -> QueueWriterReader.open("process-pipe", 2, 8)).getMessage());
        assertEquals("bad value for payload: 4 (allowed: 8..16777216 bytes)",
                assertThrows(IllegalArgumentException.class, () -> QueueWriterReader.open("thread-queue", 1, 4)).getMessage());
        assertEquals(2000, QueueWriterReader.batchFor(8));
        assertEquals(256, QueueWriterReader.batchFor(64 * 1024));
        assertEquals(16, QueueWriterReader.batchFor(1024 * 1024));
    }
}

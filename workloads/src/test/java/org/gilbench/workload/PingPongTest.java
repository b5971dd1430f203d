package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PingPongTest {

    /** Child JVMs of this one running the pong main. */
    private static List<ProcessHandle> pongChildren() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(PingPong.Pong.class.getName()))
                .filter(ProcessHandle::isAlive)
                .toList();
    }

    @Test
    void bothSidesStopTogetherAtTheLimitOnEveryChannel() throws Exception {
        for (String name : PingPong.NAMES) {
            try (PingPong.Channel channel = PingPong.open(name)) {
                // Each round trip adds one per party: 2 with one other party, 3 through the relay.
                long trips = PingPong.play(channel, 1000);
                int perTrip = channel.increment() + 1;
                assertEquals((1000 + perTrip - 1) / perTrip, trips, name);
            }
        }
    }

    @Test
    void closeLeavesNoThreadOrProcess() throws Exception {
        PingPong.Channel relay = PingPong.open(PingPong.PROCESS_RELAY);
        PingPong.Channel threads = PingPong.open(PingPong.THREAD_QUEUE);
        PingPong.play(relay, 10);
        PingPong.play(threads, 10);
        assertEquals(2, pongChildren().size());
        relay.close();
        threads.close();
        relay.close();
        assertTrue(pongChildren().isEmpty(), "pong children alive after close: " + pongChildren());
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("gilbench-pong")), "pong thread alive after close");
    }

    @Test
    void unknownChannelNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PingPong.open("socket"));
        assertEquals("unknown ping-pong channel 'socket' (known: thread-queue, process-pipe, process-relay)",
                e.getMessage());
    }
}

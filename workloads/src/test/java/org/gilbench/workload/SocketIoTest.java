package org.gilbench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.gilbench.model.ExecutionModel;
import org.gilbench.model.Model;
import org.gilbench.model.ModelSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** socket-io: every download's reply checked, under every model; the server overlaps them; nothing is left. */
class SocketIoTest {

    @AfterEach
    void nothingLeft() {
        Leftovers.assertNone();
    }

    private static ExecutionModel open(Model model, int workers) {
        // Two child JVMs are enough to show forked-process downloading: each costs a JVM start.
        int w = model == Model.SERIAL ? 1 : model == Model.FORKED_PROCESS ? Math.min(2, workers) : workers;
        return model.open(ModelSpec.of(w));
    }

    @Test
    void everyModelGetsEveryReplyFromTheServerInAChildJvm() throws Exception {
        try (DelayServer.Remote server = DelayServer.inChildJvm()) {
            SocketIo downloads = SocketIo.fixed(server.port(), 12, 5);
            for (Model model : java.util.Arrays.stream(Model.values()).filter(Model::onClassPath).toList()) { // distributed: its own module's tests
                try (ExecutionModel m = open(model, 4)) {
                    long[] results = m.run(downloads.tasks());
                    downloads.verify(results);
                    assertEquals(DelayServer.answer(11), results[11], m.describe());
                }
            }
        }
    }

    @Test
    void concurrentModelsOverlapTheirDownloadsAtTheServer() throws Exception {
        // Behaviour, not timing: how many requests were waiting for their reply at the same moment. A model
        // that blocked on the socket (an event loop that did not await) would keep it at 1.
        for (Model model : new Model[] {Model.THREAD_POOL, Model.VIRTUAL_THREAD, Model.GIL_EMULATED, Model.EVENT_LOOP}) {
            try (DelayServer server = DelayServer.inThisJvm(); ExecutionModel m = open(model, 40)) {
                SocketIo downloads = SocketIo.fixed(server.port(), 40, 400);
                downloads.verify(m.run(downloads.tasks()));
                assertEquals(40, server.served(), m.describe());
                assertTrue(server.mostWaiting() >= 10, m.describe() + ": at most " + server.mostWaiting()
                        + " of 40 downloads overlapped");
            }
        }
        try (DelayServer server = DelayServer.inThisJvm(); ExecutionModel m = open(Model.SERIAL, 1)) {
            SocketIo downloads = SocketIo.fixed(server.port(), 5, 1);
            downloads.verify(m.run(downloads.tasks()));
            assertEquals(1, server.mostWaiting(), "serial downloads one at a time");
        }
    }

    @Test
    void theServerAnswersAfterTheDelayAndRejectsBadRequests() throws Exception {
        try (DelayServer server = DelayServer.inThisJvm()) {
            assertEquals("7 " + DelayServer.answer(7), exchange(server.port(), "7 30\n"));
            assertTrue(exchange(server.port(), "seven\n").startsWith("error: bad request 'seven'"));
            assertTrue(exchange(server.port(), "1 999999999\n").startsWith("error: bad request"));
            assertEquals(1, server.served());
            assertEquals(2, server.rejected());
        }
    }

    private static String exchange(int port, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aDownloadFromNoServerFailsNamingIt() throws Exception {
        int port;
        try (DelayServer server = DelayServer.inThisJvm()) {
            port = server.port();
        }
        SocketIo downloads = SocketIo.fixed(port, 1, 1);
        try (ExecutionModel m = open(Model.SERIAL, 1)) {
            Exception e = assertThrows(Exception.class, () -> m.run(downloads.tasks()));
            assertTrue(e.getMessage().contains("socket-io #0"), e.getMessage());
        }
    }

    @Test
    void theKernelsAcceptQueueOverflowsAreReadableOnLinux() {
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/net/netstat"))) {
            assertTrue(DelayServer.listenOverflows() >= 0, "TcpExt ListenOverflows not found in /proc/net/netstat");
        } else {
            assertEquals(-1, DelayServer.listenOverflows());
        }
    }

    @Test
    void badParametersNameThemselves() {
        assertEquals("socket-io: tasks must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> SocketIo.fixed(80, 0, 1)).getMessage());
        assertEquals("socket-io: port must be in 1..65535, got 0",
                assertThrows(IllegalArgumentException.class, () -> SocketIo.fixed(0, 1, 1)).getMessage());
    }
}

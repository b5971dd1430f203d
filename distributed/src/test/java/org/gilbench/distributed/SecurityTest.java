package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gilbench.distributed.wire.Challenge;
import org.gilbench.distributed.wire.Hello;
import org.gilbench.distributed.wire.MasterMessage;
import org.gilbench.distributed.wire.Result;
import org.gilbench.distributed.wire.Welcome;
import org.gilbench.distributed.wire.WorkerMessage;
import org.gilbench.model.ModelSpec;
import org.gilbench.workload.PrimeCheck;
import org.gilbench.workload.Workload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every security rule of the distributed model, each against a running master with a real local worker:
 * whatever an intruder sends, it is refused (logged, counted in {@code distributed.rejected}) and the
 * model still answers every task correctly afterwards.
 */
class SecurityTest {

    private static Distributed model;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        model = new Distributed(ModelSpec.of(1));
    }

    @AfterAll
    static void close() {
        List<Long> pids = model.localPids();
        model.close();
        Leftovers.assertGone(pids, "after close");
        Leftovers.assertNoThreads();
    }

    /** The run still works, on the worker that proved the key. */
    private static void stillWorks(Distributed m) throws Exception {
        Workload w = new PrimeCheck(PrimeCheck.Variant.ODD_ONLY);
        w.verify(m.run(w.tasks()));
        assertEquals(1, m.connectedWorkers(), "the genuine worker is still connected");
    }

    private static long rejected() {
        return model.counters().get("distributed.rejected");
    }

    /** The master counts a stream gRPC itself closed when it notices: wait for it, up to 10 s. */
    private static void awaitRejected(long atLeast) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rejected() < atLeast && System.nanoTime() < deadline) {
            Leftovers.sleep(20);
        }
        assertEquals(atLeast, rejected(), "distributed.rejected");
    }

    private static WorkerMessage hello(byte[] proof) {
        return WorkerMessage.newBuilder().setHello(Hello.newBuilder().setVersion(DistributedService.VERSION)
                .setProof(ByteString.copyFrom(proof)).setNonce(ByteString.copyFrom(RunKey.nonce()))
                .setName("intruder")).build();
    }

    @Test
    void aWrongKeyIsRefused() throws Exception {
        long before = rejected();
        try (var c = RawClient.plaintext(model.port())) {
            Challenge challenge = c.next().getChallenge();
            assertEquals(RunKey.NONCE_BYTES, challenge.getNonce().size());
            c.send(hello(RunKey.generate().proof(RunKey.WORKER_LABEL, challenge.getNonce().toByteArray())));
            Status s = c.awaitClose(10);
            assertNotNull(s, "the master kept a stream with a wrong proof open");
            assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), s::toString);
            assertEquals("wrong key proof", s.getDescription());
            assertTrue(c.received.isEmpty(), "nothing after the Challenge: " + c.received);
        }
        assertEquals(before + 1, rejected());
        stillWorks(model);
    }

    @Test
    void noKeyIsRefused() throws Exception {
        long before = rejected();
        // A stream that never says anything is closed after AUTH_WAIT; opened first, checked last.
        try (var silent = RawClient.plaintext(model.port());
                var empty = RawClient.plaintext(model.port());
                var early = RawClient.plaintext(model.port())) {
            empty.next();
            empty.send(hello(new byte[0]));
            Status s = empty.awaitClose(10);
            assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), s::toString);

            early.next();
            early.send(WorkerMessage.newBuilder().setResult(Result.newBuilder().setLease(1).setValue(1)).build());
            s = early.awaitClose(10);
            assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), s::toString);
            assertEquals("sent a Result before proving the key", s.getDescription());

            silent.next();
            s = silent.awaitClose(Master.AUTH_WAIT.toSeconds() + 10);
            assertNotNull(s, "a silent stream is still open " + (Master.AUTH_WAIT.toSeconds() + 10) + " s later");
            assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), s::toString);
            assertTrue(s.getDescription().startsWith("did not prove the key within"), s::toString);
        }
        assertEquals(before + 3, rejected());
        stillWorks(model);
    }

    @Test
    void aWorkerWithTheWrongKeyEndsRefused() throws Exception {
        try (Worker w = new Worker(new InetSocketAddress(InetAddress.getLoopbackAddress(), model.port()),
                InsecureChannelCredentials.create(), null, RunKey.generate(), "serial", 1 << 20, "intruder")) {
            assertEquals(Worker.End.REFUSED, w.await());
            assertTrue(w.endReason().contains("wrong key proof"), w::endReason);
        }
        stillWorks(model);
    }

    /** Mutual proof: a listener that does not know the key cannot hand a worker any task. */
    @Test
    void aMasterThatCannotProveTheKeyGetsNoWork() throws Exception {
        RunKey key = RunKey.generate();
        EventLoopGroup loops = Net.eventLoops("test-fake-master", 1);
        Server fake = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        InsecureServerCredentials.create())
                .channelType(NioServerSocketChannel.class).bossEventLoopGroup(loops).workerEventLoopGroup(loops)
                .directExecutor()
                .addService(DistributedService.bind((ServerCall<WorkerMessage, MasterMessage> call, Metadata h) -> {
                    call.sendHeaders(new Metadata());
                    call.sendMessage(MasterMessage.newBuilder().setChallenge(Challenge.newBuilder()
                            .setVersion(DistributedService.VERSION).setNonce(ByteString.copyFrom(RunKey.nonce()))).build());
                    call.request(1);
                    return new ServerCall.Listener<>() {
                        @Override
                        public void onMessage(WorkerMessage m) {
                            // It accepts any Hello, but can only guess the proof of the worker's nonce.
                            call.sendMessage(MasterMessage.newBuilder().setWelcome(Welcome.newBuilder()
                                    .setProof(ByteString.copyFrom(new byte[32])).setHeartbeatMs(100)).build());
                        }
                    };
                })).build().start();
        try (Worker w = new Worker(new InetSocketAddress(InetAddress.getLoopbackAddress(), fake.getPort()),
                InsecureChannelCredentials.create(), null, key, "serial", 1 << 20, "victim")) {
            assertEquals(Worker.End.REFUSED, w.await());
            assertTrue(w.endReason().contains("could not prove the run key"), w::endReason);
        } finally {
            fake.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            Net.shutdown(loops);
        }
    }

    @Test
    void anOversizedMessageIsRejected() throws Exception {
        long before = rejected();
        try (var c = RawClient.plaintext(model.port())) {
            Challenge challenge = c.next().getChallenge();
            WorkerMessage big = WorkerMessage.newBuilder().setHello(Hello.newBuilder().setVersion(DistributedService.VERSION)
                    .setProof(ByteString.copyFrom(model.key().proof(RunKey.WORKER_LABEL, challenge.getNonce().toByteArray())))
                    .setNonce(ByteString.copyFrom(RunKey.nonce()))
                    .setName("x".repeat(Master.MAX_WORKER_MESSAGE + 1))).build();
            c.send(big); // even with the right key: the size is checked before the message is read
            Status s = c.awaitClose(10);
            assertNotNull(s, "an oversized message did not close the stream");
            // The master fails the stream with RESOURCE_EXHAUSTED; the client may see only the reset.
            assertTrue(s.getCode() == Status.Code.RESOURCE_EXHAUSTED || s.getCode() == Status.Code.CANCELLED, s::toString);
        }
        awaitRejected(before + 1);
        stillWorks(model);
    }

    @Test
    void malformedBytesAreRejected() throws Exception {
        try (var c = new RawClient<>(model.port(), InsecureChannelCredentials.create(), null, RawClient.RAW_WORK)) {
            assertTrue(MasterMessage.parseFrom(c.next()).hasChallenge());
            // Field 1 (Hello) as a length-delimited value claiming 2^28 bytes: not a protobuf message.
            c.send(new byte[] {0x0a, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0x01});
            Status s = c.awaitClose(10);
            assertNotNull(s, "malformed bytes did not close the stream");
            assertEquals(Status.Code.UNAUTHENTICATED, s.getCode(), s::toString);
            assertEquals("sent bytes that are not a WorkerMessage", s.getDescription());
        }
        stillWorks(model);
    }

    @Test
    void randomBytesOnThePortAreDropped() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(20).nextBytes(junk);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), model.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            try {
                out.write(junk);
                out.flush();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                    // an HTTP/2 GOAWAY may come first; the master must then close the connection
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the master kept a connection of random bytes open for 15 s", e);
            } catch (IOException e) {
                // reset by the master: closed, as it should be
            }
        }
        stillWorks(model);
    }

    @Test
    void plaintextAgainstATlsMasterFailsAndTlsWorks() throws Exception {
        Distributed tls = new Distributed(ModelSpec.parse(1, "tls=self-signed"));
        try {
            assertTrue(tls.describe().contains("tls=on"), tls.describe());
            stillWorks(tls); // its local worker joined over TLS, trusting the generated certificate
            try (var c = RawClient.plaintext(tls.port())) {
                Status s = c.awaitClose(15);
                assertNotNull(s, "a plaintext client got a stream from a TLS master");
                assertEquals(Status.Code.UNAVAILABLE, s.getCode(), s::toString);
                assertTrue(c.received.isEmpty(), "a plaintext client received " + c.received);
            }
            Path ca = tls.runDir().resolve("master-ca.pem");
            try (var c = new RawClient<>(tls.port(), TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build(),
                    "localhost", DistributedService.WORK)) {
                assertTrue(c.next().hasChallenge(), "a TLS client trusting the certificate reaches the master");
            }
            stillWorks(tls);
            usersOwnPemPair(tls.runDir());
        } finally {
            Path dir = tls.runDir();
            List<Long> pids = tls.localPids();
            tls.close();
            Leftovers.assertGone(pids, "after close");
            assertFalse(Files.exists(dir), "the run folder (with the private key) is deleted at close: " + dir);
        }
    }

    /** cert=FILE;key=FILE: the user's PEM pair (here a copy of the generated one) serves TLS as well. */
    private void usersOwnPemPair(Path runDir) throws Exception {
        Path cert = Files.copy(runDir.resolve("master-ca.pem"), tmp.resolve("cert.pem"));
        Path key = Files.copy(runDir.resolve("master-key.pem"), tmp.resolve("key.pem"));
        Tls tls = Tls.files(cert, key);
        Master master = new Master(RunKey.generate(), new Master.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                tls.credentials(), java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(60), 3,
                java.time.Duration.ofSeconds(5), false), new Master.Events() {
                    @Override
                    public void joined(int workerId, long pid, String name) {
                    }

                    @Override
                    public void lost(int workerId, long pid, String reason) {
                    }

                    @Override
                    public boolean starting() {
                        return false;
                    }

                    @Override
                    public String hint() {
                        return null;
                    }
                });
        try (var c = new RawClient<>(master.port(), TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build(),
                "localhost", DistributedService.WORK)) {
            assertTrue(c.next().hasChallenge(), "TLS with the user's own pair");
        } finally {
            master.close();
        }
        Files.writeString(tmp.resolve("junk.pem"), "not a certificate");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tls.files(tmp.resolve("junk.pem"), key));
        assertTrue(e.getMessage().startsWith("options cert/key: cannot use "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tls.files(tmp.resolve("missing.pem"), key));
        assertTrue(e.getMessage().startsWith("bad value for option cert: "), e.getMessage());
    }

    @Test
    void aNonLoopbackBindWithoutTlsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Distributed(ModelSpec.parse(1, "bind=0.0.0.0")));
        assertEquals("bad value for option bind: 0.0.0.0 is not loopback, so the master needs TLS (tls=self-signed,"
                + " or cert=FILE;key=FILE) and will not start without it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Distributed(ModelSpec.parse(1, "cert=/x.pem")));
        assertEquals("options cert and key go together: give both PEM files, or neither", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Distributed(ModelSpec.parse(1, "tls=on")));
        assertEquals("bad value for option tls: 'on' (allowed: off, self-signed)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Distributed(ModelSpec.parse(1, "remote=2")));
        assertEquals("bad value for option remote: 2 (expected 0..1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Distributed(ModelSpec.parse(1, "authkey=abc")));
        assertTrue(e.getMessage().startsWith("unknown option 'authkey' for model distributed (known: "), e.getMessage());
    }

    @Test
    void theKeyIsNeverOnACommandLine() throws Exception {
        String hex = model.key().hex();
        for (long pid : model.localPids()) {
            String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            assertTrue(cmdline.contains(WorkerMain.class.getName()), cmdline);
            assertFalse(cmdline.contains(hex), "the run key is on worker " + pid + "'s command line");
        }
    }

    @Test
    void theWorkerCommandRefusesKeysItMustNotTake() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerMain.Options.parse(
                new String[] {"--master", "127.0.0.1:5000", "--key", "00112233445566778899aabbccddeeff"}, Map.of()));
        assertTrue(e.getMessage().startsWith("--key: the key is never taken on the command line"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> WorkerMain.Options.parse(new String[] {"--master", "127.0.0.1:5000"}, Map.of()));
        assertTrue(e.getMessage().startsWith("no run key: give --key-file FILE"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WorkerMain.Options.parse(
                new String[] {"--master", "127.0.0.1:5000"}, Map.of(RunKey.ENV, "abc")));
        assertEquals("bad run key in environment variable " + RunKey.ENV + ": expected an even number (at least 32)"
                + " of hex digits, got 3 characters", e.getMessage());
        Path keyFile = tmp.resolve("run.key");
        RunKey.generate().writeNew(keyFile);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        // 192.0.2.1 is TEST-NET-1: never dialled, only parsed.
        e = assertThrows(IllegalArgumentException.class, () -> WorkerMain.Options.parse(
                new String[] {"--master", "192.0.2.1:5000", "--key-file", keyFile.toString()}, Map.of()));
        assertTrue(e.getMessage().contains("is not on loopback: the connection must use TLS"), e.getMessage());
        WorkerMain.Options ok = WorkerMain.Options.parse(
                new String[] {"--master", "127.0.0.1:5000", "--key-file", keyFile.toString()}, Map.of());
        assertEquals(5000, ok.master().getPort());
        List<String> bad = new ArrayList<>(List.of("--master", "127.0.0.1:5000", "--key-file", keyFile.toString(), "--mdoel", "serial"));
        e = assertThrows(IllegalArgumentException.class, () -> WorkerMain.Options.parse(bad.toArray(String[]::new), Map.of()));
        assertTrue(e.getMessage().startsWith("unknown option '--mdoel'"), e.getMessage());
    }
}

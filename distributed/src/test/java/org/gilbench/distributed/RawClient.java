package org.gilbench.distributed;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven client of the master's Work stream, for the security tests: it sends exactly what a
 * test says (wrong proofs, oversized or malformed messages) and records what comes back.
 *
 * @param <Q> what it sends (WorkerMessage, or raw bytes)
 * @param <R> what it receives
 */
final class RawClient<Q, R> implements AutoCloseable {

    /** A marshaller that sends and receives bytes as they are: for messages no protobuf parser made. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** The Work method with bytes both ways (same name, so the master routes it as a worker's stream). */
    static final MethodDescriptor<byte[], byte[]> RAW_WORK = DistributedService.WORK.toBuilder(BYTES, BYTES).build();

    private final EventLoopGroup loops = Net.eventLoops("test-client", 1);
    private final ManagedChannel channel;
    private final ClientCall<Q, R> call;
    final BlockingQueue<R> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<Status> closed = new LinkedBlockingQueue<>();

    RawClient(int port, ChannelCredentials credentials, String authority, MethodDescriptor<Q, R> method) {
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
                .eventLoopGroup(loops).channelType(NioSocketChannel.class).directExecutor();
        if (authority != null) {
            b.overrideAuthority(authority);
        }
        channel = b.build();
        call = channel.newCall(method, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(R message) {
                received.add(message);
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.add(status);
            }
        }, new Metadata());
        call.request(1);
    }

    static RawClient<org.gilbench.distributed.wire.WorkerMessage, org.gilbench.distributed.wire.MasterMessage> plaintext(int port) {
        return new RawClient<>(port, InsecureChannelCredentials.create(), null, DistributedService.WORK);
    }

    synchronized void send(Q message) {
        call.sendMessage(message);
    }

    /** The next message from the master, waiting up to 10 s. */
    R next() throws InterruptedException {
        R m = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no message from the master within 10 s");
        return m;
    }

    /** How the master ended the stream, waiting up to {@code seconds}; null if it is still open. */
    Status awaitClose(long seconds) throws InterruptedException {
        return closed.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        call.cancel("test over", null);
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Net.shutdown(loops);
    }
}

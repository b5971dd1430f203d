package org.gilbench.distributed;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;
import org.gilbench.distributed.wire.MasterMessage;
import org.gilbench.distributed.wire.WorkerMessage;

/**
 * The gRPC service {@code gilbench.distributed.Master}, written by hand: the grpc-java code generator
 * ({@code protoc-gen-grpc-java}) is not served as a Maven artifact here, and one method needs no
 * generator. The messages are protoc's, from {@code src/main/protobuf/distributed.proto}, which also
 * describes the conversation.
 */
final class DistributedService {

    static final String SERVICE = "gilbench.distributed.Master";

    /** The wire version in Challenge and Hello: a worker of another version is refused, in one line. */
    static final int VERSION = 1;

    /**
     * What the master's parser returns for bytes that are not a WorkerMessage: compared by identity, so
     * the master refuses the stream in its own one line instead of gRPC failing the call with a logged
     * stack trace.
     */
    static final WorkerMessage MALFORMED = WorkerMessage.newBuilder().build();

    /** One bidirectional stream per worker: it sends Hello, Results and Beats, the master the rest. */
    static final MethodDescriptor<WorkerMessage, MasterMessage> WORK = MethodDescriptor
            .<WorkerMessage, MasterMessage>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Work"))
            .setRequestMarshaller(tolerant(ProtoUtils.marshaller(WorkerMessage.getDefaultInstance())))
            .setResponseMarshaller(ProtoUtils.marshaller(MasterMessage.getDefaultInstance()))
            .build();

    /** The protobuf marshaller, with a parse failure turned into {@link #MALFORMED}. */
    private static MethodDescriptor.Marshaller<WorkerMessage> tolerant(MethodDescriptor.Marshaller<WorkerMessage> proto) {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(WorkerMessage value) {
                return proto.stream(value);
            }

            @Override
            public WorkerMessage parse(InputStream stream) {
                try {
                    return proto.parse(stream);
                } catch (StatusRuntimeException e) {
                    return MALFORMED; // ProtoUtils reports InvalidProtocolBufferException as INTERNAL
                }
            }
        };
    }

    private static final ServiceDescriptor DESCRIPTOR = ServiceDescriptor.newBuilder(SERVICE).addMethod(WORK).build();

    private DistributedService() {
    }

    /** The service with {@code handler} answering Work. */
    static ServerServiceDefinition bind(ServerCallHandler<WorkerMessage, MasterMessage> handler) {
        return ServerServiceDefinition.builder(DESCRIPTOR).addMethod(WORK, handler).build();
    }
}

package dev.upskill.inference.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every call a request id: the caller's {@code x-request-id} header when it is well formed, else a new
 * one. The id goes into the call's {@link CallContext}, into the SLF4J MDC (key {@code requestId}) while any
 * of the call's callbacks run, so every log line about the call carries it, and back to the caller as a
 * response header.
 */
public final class RequestIdInterceptor implements ServerInterceptor {

    public static final Metadata.Key<String> REQUEST_ID_HEADER =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7e]{1,128}");

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        long received = System.nanoTime();
        String given = headers.get(REQUEST_ID_HEADER);
        String requestId = given != null && WELL_FORMED.matcher(given).matches() ? given : UUID.randomUUID().toString();
        Context context = Context.current()
                .withValue(CallContext.REQUEST_ID, requestId)
                .withValue(CallContext.RECEIVED_NANOS, received);
        ServerCall<Q, R> tagged = new SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                responseHeaders.put(REQUEST_ID_HEADER, requestId);
                super.sendHeaders(responseHeaders);
            }
        };
        ServerCall.Listener<Q> listener;
        try (CallContext.MdcScope ignored = CallContext.MdcScope.requestId(requestId)) {
            listener = Contexts.interceptCall(context, tagged, headers, next);
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try (CallContext.MdcScope ignored = CallContext.MdcScope.requestId(requestId)) {
                    super.onMessage(message);
                }
            }

            @Override
            public void onHalfClose() {
                try (CallContext.MdcScope ignored = CallContext.MdcScope.requestId(requestId)) {
                    super.onHalfClose();
                }
            }

            @Override
            public void onCancel() {
                try (CallContext.MdcScope ignored = CallContext.MdcScope.requestId(requestId)) {
                    super.onCancel();
                }
            }

            @Override
            public void onComplete() {
                try (CallContext.MdcScope ignored = CallContext.MdcScope.requestId(requestId)) {
                    super.onComplete();
                }
            }

            @Override
            public void onReady() {
                try (CallContext.MdcScope ignored = CallContext.MdcScope.requestId(requestId)) {
                    super.onReady();
                }
            }
        };
    }
}

package dev.upskill.inference.rpc;

import dev.upskill.proto.v1.ModelVersion;
import dev.upskill.proto.v1.ResponseMeta;
import dev.upskill.proto.v1.Timing;

/** Builds the {@link ResponseMeta} every response carries. */
public final class ResponseMetas {

    private ResponseMetas() {
    }

    /**
     * @param model the model or index that produced the response
     * @param queueNanos time the work waited after admission
     * @param computeNanos time spent computing
     */
    public static ResponseMeta of(ModelVersion model, long queueNanos, long computeNanos) {
        long totalNanos = System.nanoTime() - CallContext.receivedNanos();
        return ResponseMeta.newBuilder()
                .setModel(model)
                .setTiming(Timing.newBuilder()
                        .setQueueMicros(queueNanos / 1000)
                        .setComputeMicros(computeNanos / 1000)
                        .setTotalMicros(Math.max(totalNanos, queueNanos + computeNanos) / 1000))
                .setRequestId(CallContext.requestId())
                .build();
    }
}

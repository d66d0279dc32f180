package dev.upskill.journey.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Calls count into the tally open on the thread that started them, from their start to their close. */
class InferenceCallTimeTest {

    private final AtomicLong now = new AtomicLong();
    private final InferenceCallTime callTime = new InferenceCallTime(now::get);
    private final AtomicReference<ClientCall.Listener<?>> listener = new AtomicReference<>();

    /** A channel whose calls close when the test says so. */
    private final Channel channel = new Channel() {
        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            return new ClientCall<>() {
                @Override
                public void start(Listener<R> responses, Metadata headers) {
                    listener.set(responses);
                }

                @Override
                public void request(int messages) {
                }

                @Override
                public void cancel(String message, Throwable cause) {
                }

                @Override
                public void halfClose() {
                }

                @Override
                public void sendMessage(Q message) {
                }
            };
        }

        @Override
        public String authority() {
            return "test";
        }
    };

    private void call(long nanos) {
        ClientCall<RecommendForGapsRequest, RecommendForGapsResponse> call = callTime.interceptCall(
                RankingServiceGrpc.getRecommendForGapsMethod(), CallOptions.DEFAULT, channel);
        call.start(new ClientCall.Listener<>() { }, new Metadata());
        now.addAndGet(nanos);
        listener.get().onClose(Status.OK, new Metadata());
    }

    @Test
    void addsUpTheCallsMadeWhileATallyIsOpen() {
        try (InferenceCallTime.Tally tally = callTime.open()) {
            call(3_000_000);
            call(4_000_000);
            assertThat(tally.calls()).isEqualTo(2);
            assertThat(tally.nanos()).isEqualTo(7_000_000);
        }
    }

    @Test
    void callsOutsideATallyAreNotCounted() {
        InferenceCallTime.Tally closed;
        try (InferenceCallTime.Tally tally = callTime.open()) {
            closed = tally;
        }
        call(5_000_000);
        assertThat(closed.calls()).isZero();
        assertThat(closed.nanos()).isZero();
    }
}

package dev.upskill.client.inference;

import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ranking service for client tests: it counts the attempts that reach it, answers with the scripted errors
 * first (one per attempt) and then with an empty success, or never answers when told to hang.
 */
class ScriptedRankingService extends RankingServiceGrpc.RankingServiceImplBase {

    /** Attempts received, over both methods. */
    final AtomicInteger attempts = new AtomicInteger();
    /** Errors to answer with, one per attempt, before answering OK. */
    final Queue<Status> errors = new ConcurrentLinkedQueue<>();
    /** Milliseconds left of the deadline of the last attempt, when it arrived. */
    final AtomicLong lastDeadlineMillis = new AtomicLong(-1);
    /** Never answer (the client's deadline has to end the call). */
    volatile boolean hang;

    @Override
    public void recommendForGaps(RecommendForGapsRequest request,
            StreamObserver<RecommendForGapsResponse> responses) {
        answer(responses, RecommendForGapsResponse.getDefaultInstance());
    }

    @Override
    public void recordOutcome(RecordOutcomeRequest request, StreamObserver<RecordOutcomeResponse> responses) {
        answer(responses, RecordOutcomeResponse.getDefaultInstance());
    }

    private <T> void answer(StreamObserver<T> responses, T ok) {
        attempts.incrementAndGet();
        if (Context.current().getDeadline() != null) {
            lastDeadlineMillis.set(Context.current().getDeadline().timeRemaining(TimeUnit.MILLISECONDS));
        }
        if (hang) {
            return;
        }
        Status error = errors.poll();
        if (error != null) {
            responses.onError(error.asRuntimeException());
            return;
        }
        responses.onNext(ok);
        responses.onCompleted();
    }
}

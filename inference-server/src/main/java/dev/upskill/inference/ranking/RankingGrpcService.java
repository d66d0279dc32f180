package dev.upskill.inference.ranking;

import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.ResponseMetas;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankingServiceGrpc;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import io.grpc.stub.StreamObserver;


/**
 * {@code upskill.v1.RankingService}: the gRPC face of {@link Recommender}. The work runs on the catalog's
 * threads ({@link BoundedWorkers}: bounded queue, deadlines checked before queueing and before running), since
 * ranking reads the catalog index and may embed the learner's role.
 */
public final class RankingGrpcService extends RankingServiceGrpc.RankingServiceImplBase {

    private final Recommender recommender;
    private final BoundedWorkers workers;

    public RankingGrpcService(Recommender recommender, BoundedWorkers workers) {
        this.recommender = recommender;
        this.workers = workers;
    }

    @Override
    public void rankCourses(RankCoursesRequest request, StreamObserver<RankCoursesResponse> observer) {
        long admitted = System.nanoTime();
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            RankCoursesResponse response = recommender.rank(request, CallerBudget.ofCurrentCall());
            return response.toBuilder().setMeta(ResponseMetas.of(
                    response.getMeta().getModel(), started - admitted,
                    System.nanoTime() - started)).build();
        });
    }

    @Override
    public void recommendForGaps(RecommendForGapsRequest request,
                                 StreamObserver<RecommendForGapsResponse> observer) {
        long admitted = System.nanoTime();
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            RecommendForGapsResponse response = recommender.recommend(request, CallerBudget.ofCurrentCall());
            return response.toBuilder().setMeta(ResponseMetas.of(
                    response.getMeta().getModel(), started - admitted,
                    System.nanoTime() - started)).build();
        });
    }

    @Override
    public void recordOutcome(RecordOutcomeRequest request, StreamObserver<RecordOutcomeResponse> observer) {
        long admitted = System.nanoTime();
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            RecordOutcomeResponse response = recommender.record(request);
            return response.toBuilder().setMeta(ResponseMetas.of(
                    response.getMeta().getModel(), started - admitted,
                    System.nanoTime() - started)).build();
        });
    }

}

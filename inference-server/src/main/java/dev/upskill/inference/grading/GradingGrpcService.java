package dev.upskill.inference.grading;

import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.ResponseMetas;
import dev.upskill.inference.rpc.Statuses;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradeBatchResponse;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradingServiceGrpc;
import io.grpc.stub.StreamObserver;

import java.util.List;

/**
 * {@code upskill.v1.GradingService}: the gRPC face of {@link Grader}. Handlers check the request on the call's
 * thread (cheap, and a bad request never takes a queue slot), then grade on grading's {@link BoundedWorkers}.
 * GradeAnswer is a GradeBatch of one, so both grade an answer the same way.
 */
public final class GradingGrpcService extends GradingServiceGrpc.GradingServiceImplBase {

    private final GradingRuntime runtime;
    private final GradingValidator validator;
    private final BoundedWorkers workers;

    public GradingGrpcService(GradingRuntime runtime) {
        this.runtime = runtime;
        this.validator = new GradingValidator(runtime.settings().limits());
        this.workers = runtime.workers();
    }

    @Override
    public void gradeAnswer(GradeAnswerRequest request, StreamObserver<GradeAnswerResponse> observer) {
        long admitted = System.nanoTime();
        try {
            validator.check(request);
        } catch (RuntimeException e) {
            observer.onError(Statuses.toStatus(e));
            return;
        }
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            GradingRuntime.Ready ready = runtime.ready();
            Grade grade = ready.grader().grade(request.getQuestion(), List.of(request.getAnswer())).getFirst();
            return GradeAnswerResponse.newBuilder()
                    .setGrade(grade)
                    .setEmbeddingModel(ready.embeddingModel())
                    .setMeta(ResponseMetas.of(ready.calibration(), started - admitted, System.nanoTime() - started))
                    .build();
        });
    }

    @Override
    public void gradeBatch(GradeBatchRequest request, StreamObserver<GradeBatchResponse> observer) {
        long admitted = System.nanoTime();
        try {
            validator.check(request);
        } catch (RuntimeException e) {
            observer.onError(Statuses.toStatus(e));
            return;
        }
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            GradingRuntime.Ready ready = runtime.ready();
            List<Grade> grades = ready.grader().grade(request.getQuestion(), request.getAnswersList());
            return GradeBatchResponse.newBuilder()
                    .addAllGrades(grades)
                    .setEmbeddingModel(ready.embeddingModel())
                    .setMeta(ResponseMetas.of(ready.calibration(), started - admitted, System.nanoTime() - started))
                    .build();
        });
    }
}

package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.BoundedWorkers;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.ResponseMetas;
import dev.upskill.inference.rpc.Statuses;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.GetModelInfoResponse;
import dev.upskill.proto.v1.PredictSuccessBatchRequest;
import dev.upskill.proto.v1.PredictSuccessBatchResponse;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import dev.upskill.proto.v1.SuccessPrediction;
import dev.upskill.proto.v1.TrainModelRequest;
import dev.upskill.proto.v1.TrainModelResponse;
import dev.upskill.proto.v1.TrainingRow;
import dev.upskill.proto.v1.TrainingSpec;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code upskill.v1.AssignmentService}: the gRPC face of {@link AssignmentRuntime}. Handlers check the
 * request (INVALID_ARGUMENT naming the field) and hand the work to the bounded {@link BoundedWorkers};
 * batch stream messages are processed one at a time, the next requested only when the previous one is
 * answered. Training runs on the runtime's single training thread.
 */
public final class AssignmentGrpcService extends AssignmentServiceGrpc.AssignmentServiceImplBase {

    static final int DEFAULT_TOP_FACTORS = 3;
    static final long DEFAULT_SEED = 42;

    private final AssignmentRuntime runtime;
    private final BoundedWorkers workers;
    private final PredictionLog predictionLog;

    public AssignmentGrpcService(AssignmentRuntime runtime) {
        this.runtime = runtime;
        this.workers = runtime.workers();
        this.predictionLog = new PredictionLog(runtime.settings().predictionLog());
    }

    @Override
    public void predictSuccess(PredictSuccessRequest request, StreamObserver<PredictSuccessResponse> observer) {
        long admitted = System.nanoTime();
        double[] row;
        double threshold;
        int top;
        try {
            threshold = threshold(request.hasThreshold(), request.getThreshold(), "threshold");
            top = topFactors(request.hasTopFactors(), request.getTopFactors(), "top_factors");
            ids(request.getPair(), "pair");
            row = FeatureCodec.row(request.getPair().getFeatures(), "pair.features");
        } catch (RuntimeException e) {
            observer.onError(Statuses.toStatus(e));
            return;
        }
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            AssignmentRuntime.Serving serving = runtime.serving();
            SuccessPrediction prediction = Predictor.predict(serving.model(), row, threshold, top);
            predictionLog.record(request.getPair(), prediction, serving.model().version());
            return PredictSuccessResponse.newBuilder()
                    .setPrediction(prediction)
                    .setMeta(ResponseMetas.of(serving.version(), started - admitted, System.nanoTime() - started))
                    .build();
        });
    }

    @Override
    public StreamObserver<PredictSuccessBatchRequest> predictSuccessBatch(
            StreamObserver<PredictSuccessBatchResponse> observer) {
        ServerCallStreamObserver<PredictSuccessBatchResponse> call =
                (ServerCallStreamObserver<PredictSuccessBatchResponse>) observer;
        call.disableAutoRequest();
        call.request(1);
        return new StreamObserver<>() {
            private int messages;
            private volatile boolean ended;
            private volatile CompletableFuture<?> pending = CompletableFuture.completedFuture(null);

            @Override
            public void onNext(PredictSuccessBatchRequest message) {
                int index = messages++;
                if (ended) {
                    return;
                }
                long admitted = System.nanoTime();
                try {
                    String field = "requests[" + index + "]";
                    double threshold = threshold(message.hasThreshold(), message.getThreshold(),
                            field + ".threshold");
                    int top = topFactors(message.hasTopFactors(), message.getTopFactors(), field + ".top_factors");
                    int max = runtime.settings().maxBatchRows();
                    if (message.getPairsCount() == 0 || message.getPairsCount() > max) {
                        throw Statuses.invalidArgument(field + ".pairs", message.getPairsCount()
                                + " pairs; a message carries 1 to limits.max-batch-rows (" + max + ")");
                    }
                    double[][] rows = new double[message.getPairsCount()][];
                    for (int i = 0; i < rows.length; i++) {
                        AssignmentPair pair = message.getPairs(i);
                        ids(pair, field + ".pairs[" + i + "]");
                        rows[i] = FeatureCodec.row(pair.getFeatures(), field + ".pairs[" + i + "].features");
                    }
                    pending = workers.submit(() -> {
                        long started = System.nanoTime();
                        AssignmentRuntime.Serving serving = runtime.serving();
                        PredictSuccessBatchResponse.Builder response = PredictSuccessBatchResponse.newBuilder();
                        SuccessPrediction[] predictions = Predictor.predictAll(serving.model(), rows, threshold,
                                top);
                        for (int i = 0; i < rows.length; i++) {
                            predictionLog.record(message.getPairs(i), predictions[i], serving.model().version());
                            response.addPredictions(predictions[i]);
                        }
                        return response.setMeta(ResponseMetas.of(serving.version(), started - admitted,
                                System.nanoTime() - started)).build();
                    }).whenComplete((response, failure) -> {
                        if (failure != null) {
                            fail(failure);
                            return;
                        }
                        if (!ended && !call.isCancelled()) {
                            call.onNext(response);
                            call.request(1);
                        }
                    });
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                ended = true;
            }

            @Override
            public void onCompleted() {
                pending.handle((ignored, failure) -> null).thenRun(() -> {
                    if (!ended && !call.isCancelled()) {
                        ended = true;
                        call.onCompleted();
                    }
                });
            }

            private synchronized void fail(Throwable failure) {
                if (!ended) {
                    ended = true;
                    if (!call.isCancelled()) {
                        call.onError(Statuses.toStatus(failure));
                    }
                }
            }
        };
    }

    @Override
    public StreamObserver<TrainModelRequest> trainModel(StreamObserver<TrainModelResponse> observer) {
        ServerCallStreamObserver<TrainModelResponse> call = (ServerCallStreamObserver<TrainModelResponse>) observer;
        return new StreamObserver<>() {
            private TrainingSpec spec;
            private final List<LabelledRow> rows = new ArrayList<>();
            private int messages;
            private boolean ended;

            @Override
            public void onNext(TrainModelRequest message) {
                int index = messages++;
                if (ended) {
                    return;
                }
                try {
                    String field = "requests[" + index + "]";
                    if (index == 0) {
                        if (!message.hasSpec()) {
                            throw Statuses.invalidArgument(field + ".spec", "the first message must carry the spec");
                        }
                        spec = message.getSpec();
                        if (spec.hasThreshold()) {
                            threshold(true, spec.getThreshold(), "spec.threshold");
                        }
                        return;
                    }
                    if (message.hasSpec()) {
                        throw Statuses.invalidArgument(field + ".spec", "only the first message carries a spec");
                    }
                    if (!spec.getCsvPath().isEmpty()) {
                        throw Statuses.invalidArgument(field + ".rows", "rows cannot be sent with spec.csv_path");
                    }
                    int count = message.getRows().getRowsCount();
                    int max = runtime.settings().maxBatchRows();
                    if (count == 0 || count > max) {
                        throw Statuses.invalidArgument(field + ".rows.rows", count
                                + " rows; a message carries 1 to limits.max-batch-rows (" + max + ")");
                    }
                    if (rows.size() + count > runtime.settings().maxTrainingRows()) {
                        throw Statuses.invalidArgument("rows", "more than limits.max-training-rows ("
                                + runtime.settings().maxTrainingRows() + ") rows");
                    }
                    for (TrainingRow row : message.getRows().getRowsList()) {
                        String rowField = "rows[" + rows.size() + "]";
                        if (!row.hasSuccess()) {
                            throw Statuses.invalidArgument(rowField + ".success", "the label is required");
                        }
                        rows.add(new LabelledRow(FeatureCodec.row(row.getFeatures(), rowField + ".features"),
                                row.getSuccess()));
                    }
                } catch (RuntimeException e) {
                    ended = true;
                    call.onError(Statuses.toStatus(e));
                }
            }

            @Override
            public void onError(Throwable t) {
                ended = true;
            }

            @Override
            public void onCompleted() {
                if (ended) {
                    return;
                }
                ended = true;
                long admitted = System.nanoTime();
                try {
                    if (spec == null) {
                        throw Statuses.invalidArgument("requests[0].spec", "the stream was empty");
                    }
                    List<LabelledRow> data = rows;
                    String source = "grpc";
                    if (!spec.getCsvPath().isEmpty()) {
                        java.nio.file.Path file = TrainingCsv.resolve(runtime.settings().trainingDir(),
                                spec.getCsvPath());
                        data = TrainingCsv.read(file, runtime.settings().maxTrainingRows());
                        source = "csv:" + spec.getCsvPath();
                    }
                    checkTrainable(data);
                    double threshold = spec.hasThreshold() ? spec.getThreshold() : runtime.settings().threshold();
                    long seed = spec.hasSeed() ? spec.getSeed() : DEFAULT_SEED;
                    runtime.train(data, seed, threshold, spec.getForce(), spec.getDryRun(), source,
                            CallerBudget.ofCurrentCall()).whenComplete((outcome, failure) -> {
                                if (call.isCancelled()) {
                                    return;
                                }
                                if (failure != null) {
                                    call.onError(Statuses.toStatus(failure));
                                    return;
                                }
                                TrainModelResponse.Builder response = TrainModelResponse.newBuilder()
                                        .setModel(outcome.info())
                                        .setSwapped(outcome.swapped())
                                        .setSwapReason(outcome.reason())
                                        .setMeta(ResponseMetas.of(outcome.servingAfter().version(), 0,
                                                System.nanoTime() - admitted));
                                outcome.previous().ifPresent(response::setPreviousModelMetrics);
                                call.onNext(response.build());
                                call.onCompleted();
                            });
                } catch (RuntimeException e) {
                    call.onError(Statuses.toStatus(e));
                }
            }
        };
    }

    private void checkTrainable(List<LabelledRow> data) {
        int min = runtime.settings().minTrainingRows();
        if (data.size() < min) {
            throw Statuses.invalidArgument("rows", data.size() + " rows; training needs at least "
                    + "assignment.min-training-rows (" + min + ")");
        }
        long successes = data.stream().filter(LabelledRow::success).count();
        if (successes == 0 || successes == data.size()) {
            throw Statuses.invalidArgument("rows", "all rows have the same label; training needs both classes");
        }
    }

    @Override
    public void getModelInfo(GetModelInfoRequest request, StreamObserver<GetModelInfoResponse> observer) {
        long admitted = System.nanoTime();
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            AssignmentRuntime.Serving serving = runtime.serving();
            return GetModelInfoResponse.newBuilder()
                    .setModel(serving.info())
                    .setMeta(ResponseMetas.of(serving.version(), started - admitted, System.nanoTime() - started))
                    .build();
        });
    }

    private double threshold(boolean given, double value, String field) {
        if (!given) {
            return runtime.settings().threshold();
        }
        if (!(value >= 0 && value <= 1)) {
            throw Statuses.invalidArgument(field, "must be in 0..1, was " + value);
        }
        return value;
    }

    private static int topFactors(boolean given, int value, String field) {
        if (!given) {
            return DEFAULT_TOP_FACTORS;
        }
        if (value < 0 || value > AssignmentFeature.COUNT) {
            throw Statuses.invalidArgument(field, "must be in 0..11, was " + value);
        }
        return value;
    }

    private static void ids(AssignmentPair pair, String field) {
        if (pair.getEmployeeId().length() > 128) {
            throw Statuses.invalidArgument(field + ".employee_id", "at most 128 characters");
        }
        if (pair.getTaskId().length() > 128) {
            throw Statuses.invalidArgument(field + ".task_id", "at most 128 characters");
        }
    }

}

package dev.upskill.inference.prediction;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.Observers;
import dev.upskill.inference.testing.TemporaryDirectories;
import dev.upskill.proto.v1.AssignmentFeatures;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.EmployeeAvailability;
import dev.upskill.proto.v1.FactorContribution;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.GetModelInfoResponse;
import dev.upskill.proto.v1.PredictSuccessBatchRequest;
import dev.upskill.proto.v1.PredictSuccessBatchResponse;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import dev.upskill.proto.v1.SuccessPrediction;
import dev.upskill.proto.v1.TaskPriority;
import dev.upskill.proto.v1.TrainModelRequest;
import dev.upskill.proto.v1.TrainModelResponse;
import dev.upskill.proto.v1.TrainingRow;
import dev.upskill.proto.v1.TrainingRows;
import dev.upskill.proto.v1.TrainingSpec;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AssignmentService over the in-process transport, on a fresh install (first model from sample data). */
class AssignmentServiceTest {

    private static Path root;
    private static ServerConfig config;
    private static InProcessInferenceServer server;
    private static AssignmentServiceGrpc.AssignmentServiceBlockingStub stub;

    @BeforeAll
    static void start() throws Exception {
        root = TemporaryDirectories.create("upskill-assignment-test-");
        Files.createDirectories(root.resolve("training"));
        ServerConfig defaults = ServerConfig.defaults();
        config = defaults.withAssignment(defaults.assignment().withDirectory(root.resolve("models"))
                .withTrainingDir(root.resolve("training")).withSampleRows(600));
        server = InProcessInferenceServer.start(config, GatedEncoder.overSharedModel());
        stub = AssignmentServiceGrpc.newBlockingStub(server.channel);
        awaitModel(stub);
    }

    /**
     * Waits until the health service reports the assignment service SERVING (its first model loaded or
     * trained), then returns the model's description.
     */
    static GetModelInfoResponse awaitModel(AssignmentServiceGrpc.AssignmentServiceBlockingStub stub) {
        try (Context.CancellableContext watching = Context.current().withCancellation()) {
            watching.run(() -> {
                Iterator<HealthCheckResponse> statuses = HealthGrpc.newBlockingStub(stub.getChannel())
                        .withDeadlineAfter(120, TimeUnit.SECONDS)
                        .watch(HealthCheckRequest.newBuilder().setService(AssignmentServiceGrpc.SERVICE_NAME).build());
                while (statuses.next().getStatus() != HealthCheckResponse.ServingStatus.SERVING) {
                    // NOT_SERVING while the first model trains; the watch sends each change.
                }
            });
        }
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).getModelInfo(GetModelInfoRequest.getDefaultInstance());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        TemporaryDirectories.delete(root);
    }

    private static AssignmentFeatures.Builder goodPair() {
        return AssignmentFeatures.newBuilder()
                .setEmpExperienceYears(8).setEmpWorkloadRatio(0.3).setEmpPerformanceRating(4.5)
                .setEmpActiveTasks(2).setEmpAvailability(EmployeeAvailability.EMPLOYEE_AVAILABILITY_AVAILABLE)
                .setTaskPriority(TaskPriority.TASK_PRIORITY_MEDIUM).setTaskComplexityScore(2.5)
                .setTaskEstimatedHours(12).setTaskUrgencyScore(0.3).setSkillMatchScore(0.9)
                .setWorkloadCompatibility(0.8);
    }

    private static PredictSuccessRequest request(AssignmentFeatures.Builder features) {
        return PredictSuccessRequest.newBuilder()
                .setPair(AssignmentPair.newBuilder().setEmployeeId("e-1").setTaskId("t-1").setFeatures(features))
                .build();
    }

    @Test
    void predictsWithDecisionFactorsAndMeta() {
        GetModelInfoResponse info = stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
        PredictSuccessResponse response = stub.predictSuccess(request(goodPair()));
        SuccessPrediction p = response.getPrediction();
        assertTrue(p.getProbability() >= 0 && p.getProbability() <= 1);
        assertEquals(0.6, p.getThreshold());
        assertEquals(p.getProbability() >= 0.6, p.getRecommended());
        assertEquals(3, p.getTopFactorsCount());
        assertEquals(0, p.getImputedFeaturesCount());
        assertEquals("assignment-forest", response.getMeta().getModel().getName());
        assertEquals(info.getModel().getVersion(), response.getMeta().getModel().getVersion());
        assertTrue(response.getMeta().hasTiming());
        double last = Double.MAX_VALUE;
        for (FactorContribution factor : p.getTopFactorsList()) {
            assertTrue(Math.abs(factor.getContribution()) <= last);
            last = Math.abs(factor.getContribution());
        }
        // A strong pair is recommended; a weak one is not.
        assertTrue(p.getProbability() > stub.predictSuccess(request(AssignmentFeatures.newBuilder()
                .setSkillMatchScore(0.05).setEmpPerformanceRating(1).setEmpWorkloadRatio(1)
                .setWorkloadCompatibility(0.05).setEmpAvailability(EmployeeAvailability.EMPLOYEE_AVAILABILITY_BUSY)))
                .getPrediction().getProbability());
    }

    @Test
    void allElevenContributionsAndTheBaseSumToTheProbability() {
        SuccessPrediction p = stub.predictSuccess(request(goodPair()).toBuilder().setTopFactors(11)
                .setThreshold(0.2).build()).getPrediction();
        assertEquals(11, p.getTopFactorsCount());
        double sum = p.getBaseProbability();
        for (FactorContribution factor : p.getTopFactorsList()) {
            sum += factor.getContribution();
        }
        assertEquals(p.getProbability(), sum, 1e-9);
        assertEquals(0.2, p.getThreshold());
        FactorContribution availability = p.getTopFactorsList().stream()
                .filter(f -> f.getFeature().equals("emp_availability")).findFirst().orElseThrow();
        assertEquals("EMPLOYEE_AVAILABILITY_AVAILABLE", availability.getCategory());
    }

    @Test
    void unsetUnspecifiedAndUnknownValuesAreImputed() {
        SuccessPrediction p = stub.predictSuccess(request(goodPair().clearEmpExperienceYears()
                .setEmpAvailabilityValue(9).setTaskPriority(TaskPriority.TASK_PRIORITY_UNSPECIFIED))
                .toBuilder().setTopFactors(11).build()).getPrediction();
        assertEquals(List.of("emp_experience_years", "emp_availability", "task_priority"),
                p.getImputedFeaturesList());
        assertTrue(p.getTopFactorsList().stream().filter(FactorContribution::getImputed).count() == 3);
        SuccessPrediction empty = stub.predictSuccess(PredictSuccessRequest.getDefaultInstance()).getPrediction();
        assertEquals(11, empty.getImputedFeaturesCount());
    }

    @Test
    void invalidValuesNameTheirField() {
        assertInvalid(request(goodPair().setEmpWorkloadRatio(Double.NaN)),
                "pair.features.emp_workload_ratio: must be finite");
        assertInvalid(request(goodPair().setTaskEstimatedHours(Double.POSITIVE_INFINITY)),
                "pair.features.task_estimated_hours: must be finite");
        assertInvalid(request(goodPair().setTaskComplexityScore(7)),
                "pair.features.task_complexity_score: must be in 1..5, was 7");
        assertInvalid(request(goodPair().setEmpActiveTasks(-1)),
                "pair.features.emp_active_tasks: must be in 0..1000, was -1");
        assertInvalid(request(goodPair()).toBuilder().setThreshold(1.5).build(), "threshold: must be in 0..1, was 1.5");
        assertInvalid(request(goodPair()).toBuilder().setTopFactors(12).build(),
                "top_factors: must be in 0..11, was 12");
    }

    private static void assertInvalid(PredictSuccessRequest request, String message) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predictSuccess(request));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals(message, e.getStatus().getDescription());
    }

    @Test
    void batchesAnswerInOrderAndAnInvalidMessageEndsTheStream() throws Exception {
        List<LabelledRow> rows = SampleData.generate(250, 5, 0);
        PredictSuccessBatchRequest.Builder first = PredictSuccessBatchRequest.newBuilder().setTopFactors(0);
        for (LabelledRow row : rows) {
            first.addPairs(AssignmentPair.newBuilder().setFeatures(features(row.features())));
        }
        PredictSuccessBatchRequest second = PredictSuccessBatchRequest.newBuilder()
                .addPairs(AssignmentPair.newBuilder().setFeatures(goodPair())).build();
        Collected ok = batch(List.of(first.build(), second));
        assertEquals(null, ok.error.get(10, TimeUnit.SECONDS));
        assertEquals(2, ok.responses.size());
        assertEquals(250, ok.responses.get(0).getPredictionsCount());
        double single = stub.predictSuccess(request(goodPair())).getPrediction().getProbability();
        assertEquals(single, ok.responses.get(1).getPredictions(0).getProbability(), 1e-12);
        assertEquals(0, ok.responses.get(0).getPredictions(0).getTopFactorsCount());

        PredictSuccessBatchRequest bad = PredictSuccessBatchRequest.newBuilder()
                .addPairs(AssignmentPair.newBuilder().setFeatures(goodPair().setTaskUrgencyScore(2))).build();
        Collected failed = batch(List.of(second, bad));
        Throwable error = failed.error.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(error).getCode());
        assertEquals("requests[1].pairs[0].features.task_urgency_score: must be in 0..1, was 2",
                Status.fromThrowable(error).getDescription());

        Collected empty = batch(List.of(PredictSuccessBatchRequest.getDefaultInstance()));
        assertTrue(Status.fromThrowable(empty.error.get(10, TimeUnit.SECONDS)).getDescription()
                .startsWith("requests[0].pairs: 0 pairs"));
    }

    record Collected(List<PredictSuccessBatchResponse> responses, CompletableFuture<Throwable> error) {
    }

    private static Collected batch(List<PredictSuccessBatchRequest> messages) {
        List<PredictSuccessBatchResponse> responses = new ArrayList<>();
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        StreamObserver<PredictSuccessBatchRequest> requests = AssignmentServiceGrpc.newStub(server.channel)
                .withDeadlineAfter(30, TimeUnit.SECONDS).predictSuccessBatch(new StreamObserver<>() {
                    @Override
                    public void onNext(PredictSuccessBatchResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        error.complete(null);
                    }
                });
        messages.forEach(requests::onNext);
        requests.onCompleted();
        return new Collected(responses, error);
    }

    static AssignmentFeatures features(double[] row) {
        AssignmentFeatures.Builder f = AssignmentFeatures.newBuilder();
        if (!Double.isNaN(row[0])) f.setEmpExperienceYears(row[0]);
        if (!Double.isNaN(row[1])) f.setEmpWorkloadRatio(row[1]);
        if (!Double.isNaN(row[2])) f.setEmpPerformanceRating(row[2]);
        if (!Double.isNaN(row[3])) f.setEmpActiveTasks((int) row[3]);
        if (!Double.isNaN(row[4])) f.setEmpAvailabilityValue((int) row[4]);
        if (!Double.isNaN(row[5])) f.setTaskPriorityValue((int) row[5]);
        if (!Double.isNaN(row[6])) f.setTaskComplexityScore(row[6]);
        if (!Double.isNaN(row[7])) f.setTaskEstimatedHours(row[7]);
        if (!Double.isNaN(row[8])) f.setTaskUrgencyScore(row[8]);
        if (!Double.isNaN(row[9])) f.setSkillMatchScore(row[9]);
        if (!Double.isNaN(row[10])) f.setWorkloadCompatibility(row[10]);
        return f.build();
    }

    static TrainModelResponse train(TrainingSpec spec, List<LabelledRow> rows) throws Exception {
        return train(server.channel, spec, rows, 120_000);
    }

    static TrainModelResponse train(io.grpc.Channel channel, TrainingSpec spec, List<LabelledRow> rows,
            long deadlineMillis) throws Exception {
        CompletableFuture<TrainModelResponse> result = new CompletableFuture<>();
        StreamObserver<TrainModelRequest> requests = AssignmentServiceGrpc.newStub(channel)
                .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).trainModel(Observers.completing(result));
        requests.onNext(TrainModelRequest.newBuilder().setSpec(spec).build());
        for (int start = 0; start < rows.size(); start += 400) {
            TrainingRows.Builder batch = TrainingRows.newBuilder();
            for (LabelledRow row : rows.subList(start, Math.min(rows.size(), start + 400))) {
                batch.addRows(TrainingRow.newBuilder().setFeatures(features(row.features())).setSuccess(row.success()));
            }
            requests.onNext(TrainModelRequest.newBuilder().setRows(batch).build());
        }
        requests.onCompleted();
        try {
            return result.get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void trainingSwapsOnlyABetterOrEqualModelAndReportsIt() throws Exception {
        String before = stub.getModelInfo(GetModelInfoRequest.getDefaultInstance()).getModel().getVersion();
        List<LabelledRow> rows = SampleData.generate(1200, 11, 0.02);

        TrainModelResponse dry = train(TrainingSpec.newBuilder().setDryRun(true).build(), rows);
        assertFalse(dry.getSwapped());
        assertEquals("dry run", dry.getSwapReason());
        assertEquals(before, dry.getMeta().getModel().getVersion());
        assertTrue(dry.hasPreviousModelMetrics());
        assertEquals(5, dry.getModel().getCrossValidation().getPerFoldCount());
        assertEquals(1200, dry.getModel().getTestRows() + dry.getModel().getTrainingRows());
        assertTrue(Math.abs(dry.getModel().getTestRows() - 240) <= 1);
        assertEquals("grpc", dry.getModel().getDataSource());

        TrainModelResponse forced = train(TrainingSpec.newBuilder().setForce(true).setSeed(7).build(), rows);
        assertTrue(forced.getSwapped());
        assertEquals("forced", forced.getSwapReason());
        String after = forced.getModel().getVersion();
        assertEquals(after, forced.getMeta().getModel().getVersion());
        GetModelInfoResponse info = stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
        assertEquals(after, info.getModel().getVersion());
        assertEquals(after, stub.predictSuccess(request(goodPair())).getMeta().getModel().getVersion());
        assertTrue(Files.isRegularFile(root.resolve("models").resolve(after).resolve("metrics.json")));
        assertTrue(Files.isRegularFile(root.resolve("models").resolve(after).resolve("provenance.json")));

        // The same rows and seed: the same model, so it is at least as good and swaps in.
        TrainModelResponse same = train(TrainingSpec.newBuilder().setSeed(7).build(), rows);
        assertEquals(after, same.getModel().getVersion());
        assertTrue(same.getSwapped(), same.getSwapReason());
        assertTrue(same.getSwapReason().startsWith("ROC-AUC"), same.getSwapReason());

        // A model from noise scores worse than the serving one on the same split and is not swapped in.
        List<LabelledRow> shuffled = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (LabelledRow row : rows) {
            shuffled.add(new LabelledRow(row.features(), random.nextBoolean()));
        }
        TrainModelResponse worse = train(TrainingSpec.newBuilder().setSeed(7).build(), shuffled);
        assertFalse(worse.getSwapped(), worse.getSwapReason());
        assertEquals(after, worse.getMeta().getModel().getVersion());
    }

    @Test
    void trainingInputErrorsNameTheirField() throws Exception {
        List<LabelledRow> rows = SampleData.generate(300, 2, 0);
        StatusRuntimeException tooFew = assertThrows(StatusRuntimeException.class,
                () -> train(TrainingSpec.getDefaultInstance(), rows.subList(0, 50)));
        assertEquals(Status.Code.INVALID_ARGUMENT, tooFew.getStatus().getCode());
        assertTrue(tooFew.getStatus().getDescription().startsWith("rows: 50 rows"),
                tooFew.getStatus().getDescription());

        List<LabelledRow> bad = new ArrayList<>(rows);
        double[] invalid = rows.get(120).features().clone();
        invalid[9] = 1.5;
        bad.set(120, new LabelledRow(invalid, true));
        StatusRuntimeException badRow = assertThrows(StatusRuntimeException.class,
                () -> train(TrainingSpec.getDefaultInstance(), bad));
        assertEquals("rows[120].features.skill_match_score: must be in 0..1, was 1.5",
                badRow.getStatus().getDescription());

        StatusRuntimeException outside = assertThrows(StatusRuntimeException.class,
                () -> train(TrainingSpec.newBuilder().setCsvPath("../models/CURRENT").build(), List.of()));
        assertEquals(Status.Code.INVALID_ARGUMENT, outside.getStatus().getCode());
        assertTrue(outside.getStatus().getDescription().startsWith("spec.csv_path"));

        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
                () -> train(TrainingSpec.newBuilder().setCsvPath("nope.csv").build(), List.of()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());

        StatusRuntimeException both = assertThrows(StatusRuntimeException.class,
                () -> train(TrainingSpec.newBuilder().setCsvPath("x.csv").build(), rows));
        assertEquals("requests[1].rows: rows cannot be sent with spec.csv_path", both.getStatus().getDescription());
    }

    @Test
    void trainsFromACsvFileAndReportsMalformedCells() throws Exception {
        List<LabelledRow> rows = SampleData.generate(400, 8, 0.05);
        StringBuilder csv = new StringBuilder("success," + String.join(",", AssignmentFeature.names()) + "\n");
        for (LabelledRow row : rows) {
            csv.append(row.success() ? "1" : "0");
            for (int f = 0; f < AssignmentFeature.COUNT; f++) {
                csv.append(',');
                double v = row.features()[f];
                if (Double.isNaN(v)) {
                    continue;
                }
                AssignmentFeature feature = AssignmentFeature.at(f);
                csv.append(feature.categorical() ? feature.categories().get((int) v - 1) : Double.toString(v));
            }
            csv.append('\n');
        }
        Files.writeString(root.resolve("training").resolve("rows.csv"), csv);
        TrainModelResponse response = train(TrainingSpec.newBuilder().setCsvPath("rows.csv").setDryRun(true)
                .setThreshold(0.5).build(), List.of());
        assertEquals("csv:rows.csv", response.getModel().getDataSource());
        assertEquals(0.5, response.getModel().getTestMetrics().getThreshold());
        assertTrue(Math.abs(response.getModel().getTestRows() - 80) <= 1);

        Files.writeString(root.resolve("training").resolve("broken.csv"),
                csv.toString().replaceFirst("\n1,", "\n1,x"));
        StatusRuntimeException broken = assertThrows(StatusRuntimeException.class,
                () -> train(TrainingSpec.newBuilder().setCsvPath("broken.csv").build(), List.of()));
        assertTrue(broken.getStatus().getDescription().startsWith("spec.csv_path: line "),
                broken.getStatus().getDescription());
    }
}

package dev.upskill.client.cli;

import com.google.protobuf.Timestamp;
import dev.upskill.client.journey.FakeJourneyService;
import dev.upskill.proto.v1.AssignmentModelInfo;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.GetModelInfoRequest;
import dev.upskill.proto.v1.GetModelInfoResponse;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradeBatchResponse;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.ItemStatus;
import dev.upskill.proto.v1.JourneyStep;
import dev.upskill.proto.v1.KeyPointResult;
import dev.upskill.proto.v1.LearningPathItem;
import dev.upskill.proto.v1.ModelMetrics;
import dev.upskill.proto.v1.StepStatus;
import dev.upskill.proto.v1.TrainModelRequest;
import dev.upskill.proto.v1.TrainModelResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journey, grade and model commands end to end against fake services on an in-process channel: what is sent,
 * what is printed, exit codes, and which address each command uses.
 */
class ServiceCommandsTest {

    @TempDir
    Path dir;

    private final FakeJourneyService journeys = new FakeJourneyService();
    private final FakeGrading grading = new FakeGrading();
    private final FakeAssignment assignment = new FakeAssignment();
    private final List<String> addresses = new CopyOnWriteArrayList<>();
    private final CapturedConsole console = new CapturedConsole();
    private String serverName;
    private Server server;

    @BeforeEach
    void startServer() throws IOException {
        serverName = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(serverName)
                .addService(journeys).addService(grading).addService(assignment).build().start();
    }

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    private int run(String... args) {
        ChannelFactory inProcess = endpoint -> {
            addresses.add(endpoint.addresses());
            return InProcessChannelBuilder.forName(serverName).build();
        };
        return console.run(inProcess, args);
    }

    private String out() {
        return console.out();
    }

    /** The first output line starting with a word, its blanks squeezed. */
    private String line(String start) {
        return out().lines().filter(line -> line.startsWith(start + " ")).findFirst().orElse("")
                .replaceAll(" +", " ");
    }

    private String err() {
        return console.err();
    }

    @Test
    void journeyStartGoesToTheJourneyEngine() {
        assertEquals(0, run("journey", "start", "e-1", "--tenant", "acme", "--journey-address", "engine:9091"));

        assertEquals(List.of("engine:9091"), addresses);
        assertEquals("started the journey of e-1: process instance pi-e-1\n", out());
    }

    @Test
    void journeyStatusPrintsTheDashboard() {
        journeys.journey = GetJourneyResponse.newBuilder()
                .setEmployeeId("e-1").setDisplayName("Ann Example").setProcessInstanceId("pi-7")
                .setCurrentStage("assessment").setCompletionPercent(50)
                .addSteps(JourneyStep.newBuilder().setId("profile-load").setName("Profile load")
                        .setStatus(StepStatus.STEP_STATUS_DONE)
                        .setStartedAt(Timestamp.newBuilder().setSeconds(1_800_000_000L))
                        .setEndedAt(Timestamp.newBuilder().setSeconds(1_800_000_060L)))
                .addSteps(JourneyStep.newBuilder().setId("assessment").setName("Assessment")
                        .setStatus(StepStatus.STEP_STATUS_CURRENT))
                .setLearningPathVersion(2)
                .addLearningPath(LearningPathItem.newBuilder().setPosition(1).setCourseId("k8s-101")
                        .setCourseTitle("Kubernetes basics").setStatus(ItemStatus.ITEM_STATUS_DONE)
                        .setReason("covers container orchestration"))
                .build();

        assertEquals(0, run("journey", "status", "e-1", "-t", "acme"));

        String expected = """
                employee   e-1 (Ann Example)
                journey    pi-7, running: Assessment
                progress   [##########----------]  50%

                step  status   id            name          started           ended
                   1  done     profile-load  Profile load  2027-01-15 08:00  2027-01-15 08:01
                   2  current  assessment    Assessment

                learning path v2: 1 of 1 done
                #  status  course   title              gap  reason
                1  done    k8s-101  Kubernetes basics       covers container orchestration
                """;
        assertEquals(expected, out());
        assertEquals(GetJourneyRequest.newBuilder().setTenantId("acme").setEmployeeId("e-1").build(),
                journeys.requests.getFirst());
        assertEquals(List.of("localhost:9091"), addresses);
    }

    @Test
    void journeyStatusCanPrintJsonAndExplainsNotFound() {
        journeys.journey = GetJourneyResponse.newBuilder().setEmployeeId("e-1").setFinished(true).build();
        assertEquals(0, run("journey", "status", "e-1", "-t", "acme", "--json"));
        assertTrue(out().contains("\"finished\": true"), out());

        journeys.errors.add(Status.NOT_FOUND.withDescription("employee_id: no journey"));
        assertEquals(1, run("journey", "status", "e-2", "-t", "acme"));
        assertEquals("upskill: NOT_FOUND: employee_id: no journey\n", err());
    }

    @Test
    void gradeSendsOneBatchPerQuestionAndPrintsATable() throws IOException {
        Path csv = dir.resolve("answers.csv");
        Files.writeString(csv, """
                id,question,reference_answers,key_points,answer
                a1,What is a stack?,LIFO structure|last in first out,LIFO|push and pop,It is LIFO
                a2,What is a stack?,LIFO structure|last in first out,LIFO|push and pop,no idea
                ,What is a stack?,,LIFO,missing reference
                a4,What is a queue?,FIFO structure,,first in first out
                """);

        assertEquals(3, run("grade", csv.toString(), "--address", "inference:9090"));

        assertEquals(2, grading.requests.size());
        GradeBatchRequest first = grading.requests.getFirst();
        assertEquals(List.of("LIFO structure", "last in first out"), first.getQuestion().getReferenceAnswersList());
        assertEquals(2, first.getQuestion().getKeyPointsCount());
        assertEquals(List.of("a1", "a2"), first.getAnswersList().stream().map(a -> a.getId()).toList());
        assertEquals("a4", grading.requests.get(1).getAnswers(0).getId());
        String expected = """
                line  id  score   max  off-topic  confidence  key points  hints
                   2  a1   2.50  5.00  no               0.90         1/2  mention push and pop
                   3  a2   2.50  5.00  no               0.90         1/2  mention push and pop
                   5  a4   2.50  5.00  no               0.90         1/2  mention push and pop
                (3 answers, 7.50 of 15.00 points)
                """;
        assertEquals(expected, out());
        assertTrue(err().contains("skipped line 4: question, reference_answers and answer are required"), err());
        assertTrue(err().contains("3/3 answers"), "no progress line: " + err());
        assertEquals(List.of("inference:9090"), addresses);
    }

    @Test
    void gradeCanPrintCsvAndJsonAndRejectsABadHeader() throws IOException {
        Path csv = dir.resolve("answers.csv");
        Files.writeString(csv, "question,reference_answers,answer\nWhat?,This,That\n");

        assertEquals(0, run("grade", csv.toString(), "-o", "csv", "--no-progress"));
        assertEquals("line,id,score,max_score,off_topic,confidence,key_points_matched,key_points,hints\r\n"
                + "2,line-2,2.50,5.00,no,0.90,1,2,mention push and pop\r\n", out());
        console.resetOut();
        assertEquals(0, run("grade", csv.toString(), "-o", "json", "--no-progress"));
        assertTrue(out().startsWith("{\"line\":2,\"grade\":{\"answerId\":\"line-2\",\"score\":2.5"), out());

        Files.writeString(csv, "question,answer\nWhat?,That\n");
        assertEquals(1, run("grade", csv.toString()));
        assertTrue(err().contains("the header has no 'reference_answers' column"), err());
    }

    @Test
    void modelTrainStreamsTheSpecThenTheRowsAndPrintsTheEvaluation() throws IOException {
        Path csv = dir.resolve("training.csv");
        StringBuilder text = new StringBuilder("emp_experience_years,emp_availability,task_priority,success\n");
        for (int i = 0; i < 1500; i++) {
            text.append(i % 10).append(",busy,").append(i % 2 == 0 ? "high" : "").append(',').append(i % 3 == 0)
                    .append('\n');
        }
        Files.writeString(csv, text);

        assertEquals(0, run("model", "train", csv.toString(), "--seed", "7", "--dry-run", "--no-progress"));

        List<TrainModelRequest> sent = assignment.training;
        assertEquals(3, sent.size());
        assertEquals(7, sent.getFirst().getSpec().getSeed());
        assertTrue(sent.getFirst().getSpec().getDryRun());
        assertEquals(1000, sent.get(1).getRows().getRowsCount());
        assertEquals(500, sent.get(2).getRows().getRowsCount());
        var row = sent.get(1).getRows().getRows(0);
        assertEquals(0.0, row.getFeatures().getEmpExperienceYears());
        assertEquals("EMPLOYEE_AVAILABILITY_BUSY", row.getFeatures().getEmpAvailability().name());
        assertTrue(row.getSuccess());
        assertTrue(!sent.get(1).getRows().getRows(1).getFeatures().hasTaskPriority(), "empty cell = missing");
        assertTrue(out().startsWith("not swapped: dry run\n"), out());
        assertEquals("ROC-AUC 0.910 0.900 0.880 ± 0.020", line("ROC-AUC"));
    }

    @Test
    void modelTrainNamesABadCellAndNeedsAFileOrAServerPath() throws IOException {
        Path csv = dir.resolve("training.csv");
        Files.writeString(csv, "emp_availability,success\nsleepy,1\n");

        assertEquals(1, run("model", "train", csv.toString()));
        assertTrue(err().contains("line 2, column emp_availability: 'sleepy' is not one of available, busy, limited"),
                err());
        assertEquals(2, run("model", "train"));

        assertEquals(0, run("model", "train", "--server-csv", "2026-11.csv", "--force"));
        assertEquals("2026-11.csv", assignment.training.getFirst().getSpec().getCsvPath());
        assertEquals(1, assignment.training.size());
    }

    @Test
    void modelEvaluatePrintsTheServingModel() {
        assertEquals(0, run("model", "evaluate"));

        assertTrue(out().startsWith("version        abc123\n"), out());
        assertEquals("F1 0.800 0.780 ± 0.030", line("F1"));
        assertTrue(out().contains("40 true positives"), out());
    }

    /** Grades every answer 2.5 of 5 with one of two key points matched. */
    static final class FakeGrading extends GradingServiceGrpc.GradingServiceImplBase {
        final List<GradeBatchRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public void gradeBatch(GradeBatchRequest request, StreamObserver<GradeBatchResponse> responses) {
            requests.add(request);
            GradeBatchResponse.Builder response = GradeBatchResponse.newBuilder();
            for (var answer : request.getAnswersList()) {
                response.addGrades(Grade.newBuilder().setAnswerId(answer.getId()).setScore(2.5).setMaxScore(5)
                        .setConfidence(0.9f).addHints("mention push and pop")
                        .addKeyPoints(KeyPointResult.newBuilder().setMatched(true))
                        .addKeyPoints(KeyPointResult.newBuilder().setMatched(false)));
            }
            responses.onNext(response.build());
            responses.onCompleted();
        }
    }

    /** Records the TrainModel stream; answers with a fixed model. */
    static final class FakeAssignment extends AssignmentServiceGrpc.AssignmentServiceImplBase {
        final List<TrainModelRequest> training = new CopyOnWriteArrayList<>();

        static AssignmentModelInfo model() {
            ModelMetrics test = ModelMetrics.newBuilder().setRocAuc(0.91).setF1(0.8).setThreshold(0.6)
                    .setConfusionMatrix(dev.upskill.proto.v1.ConfusionMatrix.newBuilder().setTruePositives(40))
                    .build();
            return AssignmentModelInfo.newBuilder().setVersion("abc123").setDataSource("grpc")
                    .setTestMetrics(test)
                    .setCrossValidation(dev.upskill.proto.v1.CrossValidation.newBuilder()
                            .setMean(ModelMetrics.newBuilder().setRocAuc(0.88).setF1(0.78))
                            .setRocAucStddev(0.02).setF1Stddev(0.03))
                    .build();
        }

        @Override
        public StreamObserver<TrainModelRequest> trainModel(StreamObserver<TrainModelResponse> responses) {
            training.clear();
            return new StreamObserver<>() {
                @Override
                public void onNext(TrainModelRequest value) {
                    training.add(value);
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    responses.onNext(TrainModelResponse.newBuilder().setModel(model()).setSwapReason("dry run")
                            .setPreviousModelMetrics(ModelMetrics.newBuilder().setRocAuc(0.9)).build());
                    responses.onCompleted();
                }
            };
        }

        @Override
        public void getModelInfo(GetModelInfoRequest request, StreamObserver<GetModelInfoResponse> responses) {
            responses.onNext(GetModelInfoResponse.newBuilder().setModel(model()).build());
            responses.onCompleted();
        }
    }
}

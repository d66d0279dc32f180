package dev.upskill.inference.prediction;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import dev.upskill.inference.rpc.RequestIdInterceptor;
import dev.upskill.inference.server.ConfigSources;
import dev.upskill.inference.server.Setting;
import dev.upskill.inference.testing.TemporaryDirectories;
import dev.upskill.proto.v1.AssignmentPair;
import dev.upskill.proto.v1.AssignmentServiceGrpc;
import dev.upskill.proto.v1.PredictSuccessBatchRequest;
import dev.upskill.proto.v1.PredictSuccessBatchResponse;
import dev.upskill.proto.v1.PredictSuccessRequest;
import dev.upskill.proto.v1.PredictSuccessResponse;
import dev.upskill.proto.v1.SuccessPrediction;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prediction log as an operator reads it: logging configured by the shipped logback.xml (pointed at a
 * temporary folder through UPSKILL_LOG_DIR), one JSON line per prediction in logs/predictions.jsonl whose values
 * are those the caller got, and rotation at UPSKILL_PREDICTION_LOG_MAX_SIZE without losing a line.
 */
class PredictionLogTest {

    private final Path root = TemporaryDirectories.create("upskill-prediction-log-");
    private final Path logs = root.resolve("logs");
    private GatedAssignmentServer server;

    @AfterEach
    void restoreLogging() {
        if (server != null) {
            server.close();
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        TemporaryDirectories.delete(root);
    }

    /** Configures logging from the production logback.xml with these variables, then starts the service. */
    private void start(Map<String, String> loggingVariables) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        loggingVariables.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(getClass().getResource("/logback.xml"));
        server = GatedAssignmentServer.start(ConfigSources.resolve(Map.of(
                Setting.ASSIGNMENT_DIR, root.resolve("models").toString(),
                Setting.ASSIGNMENT_SAMPLE_ROWS, "300"), Map.of(), null).assignment());
    }

    private AssignmentServiceGrpc.AssignmentServiceBlockingStub stub(String requestId) {
        Metadata headers = new Metadata();
        headers.put(RequestIdInterceptor.REQUEST_ID_HEADER, requestId);
        return AssignmentServiceGrpc.newBlockingStub(server.channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @Test
    void everyPredictionIsOneJsonLineWithTheValuesTheCallerGot() throws Exception {
        start(Map.of("UPSKILL_LOG_DIR", logs.toString()));
        Instant before = Instant.now();
        PredictSuccessResponse single = stub("req-single").predictSuccess(PredictSuccessRequest.newBuilder()
                .setPair(AssignmentPair.newBuilder().setEmployeeId("emp \"7\"").setTaskId("task-9")
                        .setFeatures(AssignmentServiceTest.features(SampleData.generate(1, 3, 0).get(0).features())))
                .setThreshold(0.25).build());
        List<LabelledRow> rows = SampleData.generate(3, 4, 0);
        PredictSuccessBatchRequest.Builder batch = PredictSuccessBatchRequest.newBuilder();
        for (int i = 0; i < rows.size(); i++) {
            batch.addPairs(AssignmentPair.newBuilder().setEmployeeId("e-" + i)
                    .setFeatures(AssignmentServiceTest.features(rows.get(i).features())));
        }
        PredictSuccessBatchResponse batched = batch(batch.build());

        List<Map<String, String>> lines = awaitLines(4);
        assertEquals(4, lines.size());
        assertLine(lines.get(0), "req-single", single.getMeta().getModel().getVersion(), "emp \\\"7\\\"", "task-9",
                single.getPrediction(), before);
        for (int i = 0; i < 3; i++) {
            Map<String, String> line = lines.get(1 + i);
            assertEquals(36, line.get("request_id").length(), "a generated UUID when the batch sent none");
            assertLine(line, line.get("request_id"), batched.getMeta().getModel().getVersion(), "e-" + i, null,
                    batched.getPredictions(i), before);
        }
    }

    private static void assertLine(Map<String, String> line, String requestId, String version, String employee,
            String task, SuccessPrediction prediction, Instant notBefore) {
        assertEquals(requestId, line.get("request_id"));
        assertEquals(version, line.get("model_version"));
        assertEquals(employee, line.get("employee_id"));
        assertEquals(task, line.get("task_id"));
        assertEquals(prediction.getProbability(), Double.parseDouble(line.get("probability")));
        assertEquals(prediction.getThreshold(), Double.parseDouble(line.get("threshold")));
        assertEquals(Boolean.toString(prediction.getRecommended()), line.get("recommended"));
        assertEquals(prediction.getImputedFeaturesCount(), Integer.parseInt(line.get("imputed")));
        Instant time = Instant.parse(line.get("time"));
        assertFalse(time.isBefore(notBefore), time + " is before the call");
    }

    @Test
    void theFileRollsOverAtTheConfiguredSizeWithoutLosingALine() throws Exception {
        start(Map.of("UPSKILL_LOG_DIR", logs.toString(), "UPSKILL_PREDICTION_LOG_MAX_SIZE", "2KB"));
        // About 200 bytes a line: 40 lines are four times the limit.
        var stub = stub("req-roll");
        for (int i = 0; i < 40; i++) {
            stub.predictSuccess(PredictSuccessRequest.newBuilder().setPair(AssignmentPair.newBuilder()
                    .setEmployeeId("e-" + i)).build());
        }
        List<String> employees = new ArrayList<>();
        awaitCondition(() -> {
            employees.clear();
            allLines().forEach(line -> employees.add(fields(line).get("employee_id")));
            return employees.size() == 40;
        });
        assertEquals(40, employees.size());
        for (int i = 0; i < 40; i++) {
            assertTrue(employees.contains("e-" + i), "line of e-" + i + " is missing");
        }
        try (Stream<Path> files = Files.list(logs)) {
            List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsonl.gz")).toList();
            assertFalse(archives.isEmpty(), "no rolled-over archive");
            for (Path archive : archives) {
                assertTrue(archive.getFileName().toString().matches("predictions\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.jsonl\\.gz"),
                        archive.toString());
            }
        }
        assertTrue(Files.size(logs.resolve("predictions.jsonl")) < 4096, "the active file rolled over");
    }

    private PredictSuccessBatchResponse batch(PredictSuccessBatchRequest request) throws Exception {
        CompletableFuture<PredictSuccessBatchResponse> result = new CompletableFuture<>();
        var requests = AssignmentServiceGrpc.newStub(server.channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                .predictSuccessBatch(new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(PredictSuccessBatchResponse value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        requests.onNext(request);
        requests.onCompleted();
        return result.get(30, TimeUnit.SECONDS);
    }

    /** Lines reach the file through an asynchronous appender: waits until {@code count} are there. */
    private List<Map<String, String>> awaitLines(int count) throws InterruptedException {
        awaitCondition(() -> allLines().size() >= count);
        return allLines().stream().map(PredictionLogTest::fields).toList();
    }

    private static void awaitCondition(Supplier<Boolean> condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.get()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20); // poll interval only; the loop ends on the condition, not on elapsed time
        }
    }

    /** The lines of the active file and of every archive. */
    private List<String> allLines() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.equals("predictions.jsonl")) {
                    lines.addAll(Files.readAllLines(file));
                } else if (name.endsWith(".jsonl.gz")) {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                        lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
                    } catch (java.io.EOFException stillBeingWritten) {
                        return List.of();
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException notYet) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines.stream().filter(line -> !line.isBlank()).toList();
    }

    private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)");

    /** The fields of one flat JSON object, string values still escaped; fails on anything else. */
    private static Map<String, String> fields(String line) {
        assertTrue(line.startsWith("{") && line.endsWith("}"), line);
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        Matcher m = FIELD.matcher(line);
        int covered = 1;
        while (m.find()) {
            assertEquals(covered, m.start(), "unexpected text in " + line);
            fields.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(2));
            covered = m.end() + 1;
        }
        assertEquals(line.length(), covered, "unparsed tail in " + line);
        return fields;
    }
}

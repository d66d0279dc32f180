package dev.upskill.inference.catalog;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.inference.testing.Observers;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Catalog calls under load: a bounded queue that refuses with RESOURCE_EXHAUSTED instead of growing, and
 * deadlines honoured while work waits. The model is held shut ({@link GatedEncoder}) so that a search occupies
 * the single catalog thread for as long as the test wants.
 */
class CatalogAdmissionTest {

    private final GatedEncoder model = GatedEncoder.overSharedModel();
    private InProcessInferenceServer server;
    private CatalogServiceGrpc.CatalogServiceStub async;

    @BeforeEach
    void start() {
        ServerConfig config = ServerConfig.defaults();
        var catalog = config.catalog();
        config = config.withCatalog(new CatalogSettings(catalog.backend(), catalog.directory(), catalog.milvusUri(),
                catalog.milvusCollectionPrefix(), catalog.limits(), catalog.fusion(), catalog.hybridDepth(),
                catalog.hnswCandidates(), catalog.tagMinSimilarity(), catalog.tagMaxCompetencies(), 1, 1, false));
        server = InProcessInferenceServer.start(config, model);
        async = CatalogServiceGrpc.newStub(server.channel);
    }

    @AfterEach
    void stop() {
        model.open();
        server.close();
    }

    private CompletableFuture<SearchCoursesResponse> search(long deadlineMillis) {
        CompletableFuture<SearchCoursesResponse> result = new CompletableFuture<>();
        async.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).searchCourses(SearchCoursesRequest
                .newBuilder().setTenantId("t").setText("negotiation").build(), Observers.completing(result));
        return result;
    }

    private static Status.Code code(CompletableFuture<?> call) {
        Throwable failure = assertThrows(Exception.class, () -> call.get(30, TimeUnit.SECONDS)).getCause();
        return ((StatusRuntimeException) failure).getStatus().getCode();
    }

    @Test
    void aFullQueueRefusesAtOnceAndQueuedWorkStillCompletes() throws Exception {
        model.hold();
        CompletableFuture<SearchCoursesResponse> running = search(30_000);
        model.awaitRunStarted(); // the one catalog thread now waits for the model
        // Two more calls for one free queue slot: the server may take them in either order, so one of them is
        // queued and the other refused at once, while the model is still held.
        CompletableFuture<SearchCoursesResponse> second = search(30_000);
        CompletableFuture<SearchCoursesResponse> third = search(30_000);
        CompletableFuture.anyOf(second, third).handle((ignored, failure) -> null).get(10, TimeUnit.SECONDS);
        CompletableFuture<SearchCoursesResponse> refused = second.isDone() ? second : third;
        CompletableFuture<SearchCoursesResponse> queued = refused == second ? third : second;
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(refused));
        model.open();
        assertEquals(0, running.get(30, TimeUnit.SECONDS).getHitsCount());
        assertEquals(0, queued.get(30, TimeUnit.SECONDS).getHitsCount());
    }

    @Test
    void aCallWhoseDeadlinePassesWhileQueuedIsNotRun() throws Exception {
        model.hold();
        CompletableFuture<SearchCoursesResponse> running = search(30_000);
        model.awaitRunStarted();
        model.forgetRuns();
        CompletableFuture<SearchCoursesResponse> late = search(200);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, code(late));
        model.open();
        running.get(30, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertTrue(model.textsRun().isEmpty(), "the expired search never reached the model: " + model.textsRun());
    }
}

package dev.upskill.client;

import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalog client against in-process services: batching, flow control, deadlines, errors. */
class CatalogClientTest {

    private Server server;
    private ManagedChannel channel;

    @AfterEach
    void shutDown() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private ManagedChannel channelTo(CatalogServiceGrpc.CatalogServiceImplBase service) throws Exception {
        String name = InProcessServerBuilder.generateName();
        // No directExecutor: the client must really wait for the server's thread to ask for more.
        server = InProcessServerBuilder.forName(name).addService(service).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return channel;
    }

    private static Course course(int i) {
        return Course.newBuilder().setId("c" + i).setTitle("Course " + i).build();
    }

    private static Stream<Course> courses(int count) {
        return IntStream.range(0, count).mapToObj(CatalogClientTest::course);
    }

    @Test
    void upsertCoursesSendsBatchesInOrderWithTheTenantAndReportsProgress() throws Exception {
        FakeCatalogService fake = new FakeCatalogService();
        CatalogClient client = new CatalogClient(channelTo(fake), Duration.ofSeconds(5));
        List<Long> progress = new ArrayList<>();

        UpsertCoursesResponse response = client.upsertCourses("acme", courses(600), 256, progress::add);

        assertEquals(600, response.getReceived());
        assertEquals(List.of(256, 256, 88),
                fake.courseMessages.stream().map(UpsertCoursesRequest::getCoursesCount).toList());
        assertTrue(fake.courseMessages.stream().allMatch(m -> m.getTenantId().equals("acme")));
        assertEquals(courses(600).toList(), fake.courses());
        assertEquals(List.of(256L, 512L, 600L), progress);
    }

    @Test
    void upsertCompetenciesSendsTheFrameworkFlagsOnTheFirstMessageOnly() throws Exception {
        FakeCatalogService fake = new FakeCatalogService();
        CatalogClient client = new CatalogClient(channelTo(fake), Duration.ofSeconds(5));
        List<Competency> framework = IntStream.range(0, 5)
                .mapToObj(i -> Competency.newBuilder().setId("k" + i).setName("Skill " + i).build()).toList();

        var response = client.upsertCompetencies("acme", framework.iterator(), 2, new FrameworkUpdate(true, true),
                sent -> { });

        assertEquals(5, response.getReceived());
        List<UpsertCompetenciesRequest> messages = fake.competencyMessages;
        assertEquals(List.of(2, 2, 1), messages.stream().map(UpsertCompetenciesRequest::getCompetenciesCount).toList());
        assertTrue(messages.get(0).getReplaceFramework() && messages.get(0).getRetagCourses());
        assertFalse(messages.get(1).getReplaceFramework() || messages.get(2).getRetagCourses());
    }

    @Test
    void everyCallCarriesTheConfiguredDeadline() throws Exception {
        FakeCatalogService fake = new FakeCatalogService();
        CatalogClient client = new CatalogClient(channelTo(fake), Duration.ofMillis(1500));
        client.search("acme", "sql", 3);
        assertTrue(fake.lastDeadlineMillis.get() > 1000 && fake.lastDeadlineMillis.get() <= 1500);
        client.upsertCourses("acme", courses(1), 1, sent -> { });
        assertTrue(fake.lastDeadlineMillis.get() > 1000 && fake.lastDeadlineMillis.get() <= 1500);
        assertEquals("sql", fake.searches.get(0).getText());
        assertEquals(3, fake.searches.get(0).getTopK());
    }

    @Test
    void readsItemsOnlyAsFastAsTheServerTakesMessages() throws Exception {
        AtomicInteger received = new AtomicInteger();
        AtomicReference<ServerCallStreamObserver<UpsertCoursesResponse>> call = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CatalogClient client = new CatalogClient(channelTo(new CatalogServiceGrpc.CatalogServiceImplBase() {
            @Override
            public StreamObserver<UpsertCoursesRequest> upsertCourses(StreamObserver<UpsertCoursesResponse> out) {
                var serverCall = (ServerCallStreamObserver<UpsertCoursesResponse>) out;
                serverCall.disableAutoRequest();
                serverCall.request(2); // then nothing until the test asks for more
                call.set(serverCall);
                started.countDown();
                return new StreamObserver<>() {
                    @Override
                    public void onNext(UpsertCoursesRequest request) {
                        received.addAndGet(request.getCoursesCount());
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                        out.onNext(UpsertCoursesResponse.newBuilder().setReceived(received.get()).build());
                        out.onCompleted();
                    }
                };
            }
        }), Duration.ofSeconds(20));
        AtomicInteger pulled = new AtomicInteger();
        Iterator<Course> counting = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pulled.get() < 100_000;
            }

            @Override
            public Course next() {
                return course(pulled.getAndIncrement());
            }
        };

        CompletableFuture<UpsertCoursesResponse> upload =
                CompletableFuture.supplyAsync(() -> client.upsertCourses("acme", counting, 10, sent -> { }));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        Thread.sleep(300);
        // Two messages taken, perhaps one more in flight and one batch being filled: far from all 100,000.
        assertTrue(pulled.get() <= 50, "items read while the server took 2 messages: " + pulled.get());
        assertFalse(upload.isDone());

        call.get().request(Integer.MAX_VALUE);
        assertEquals(100_000, upload.get(20, TimeUnit.SECONDS).getReceived());
    }

    @Test
    void anItemThatCannotBeProducedCancelsTheCallAndReachesTheCaller() throws Exception {
        CompletableFuture<Status> serverSaw = new CompletableFuture<>();
        CatalogClient client = new CatalogClient(channelTo(new CatalogServiceGrpc.CatalogServiceImplBase() {
            @Override
            public StreamObserver<UpsertCoursesRequest> upsertCourses(StreamObserver<UpsertCoursesResponse> out) {
                return new StreamObserver<>() {
                    @Override
                    public void onNext(UpsertCoursesRequest request) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        serverSaw.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        serverSaw.complete(Status.OK);
                    }
                };
            }
        }), Duration.ofSeconds(5));
        IllegalStateException broken = new IllegalStateException("disk gone");
        Iterator<Course> failing = new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Course next() {
                if (next == 5) {
                    throw broken;
                }
                return course(next++);
            }
        };

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> client.upsertCourses("acme", failing, 2, sent -> { }));
        assertSame(broken, thrown);
        assertEquals(Status.Code.CANCELLED, serverSaw.get(5, TimeUnit.SECONDS).getCode());
    }

    @Test
    void aServerErrorEndsTheUploadAsAStatus() throws Exception {
        CatalogClient client = new CatalogClient(channelTo(new CatalogServiceGrpc.CatalogServiceImplBase() {
            @Override
            public StreamObserver<UpsertCoursesRequest> upsertCourses(StreamObserver<UpsertCoursesResponse> out) {
                return new StreamObserver<>() {
                    @Override
                    public void onNext(UpsertCoursesRequest request) {
                        if (!Context.current().isCancelled()) {
                            out.onError(Status.INVALID_ARGUMENT.withDescription("tenant_id: required")
                                    .asRuntimeException());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                };
            }
        }), Duration.ofSeconds(5));

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.upsertCourses("acme", courses(10_000), 10, sent -> { }));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertEquals("tenant_id: required", e.getStatus().getDescription());
    }

    @Test
    void rejectsBadBatchSizesAndEmptyUploadsBeforeCalling() throws Exception {
        FakeCatalogService fake = new FakeCatalogService();
        CatalogClient client = new CatalogClient(channelTo(fake), Duration.ofSeconds(5));
        assertThrows(IllegalArgumentException.class, () -> client.upsertCourses("acme", courses(3), 0, s -> { }));
        assertThrows(IllegalArgumentException.class, () -> client.upsertCourses("acme", courses(3), 257, s -> { }));
        assertThrows(IllegalArgumentException.class, () -> client.upsertCourses("acme", courses(0), 10, s -> { }));
        assertTrue(fake.courseMessages.isEmpty());
    }

    @Test
    void largeItemsAreSplitIntoMessagesOfAtMostAMebibyte() throws Exception {
        FakeCatalogService fake = new FakeCatalogService();
        CatalogClient client = new CatalogClient(channelTo(fake), Duration.ofSeconds(5));
        String longText = "x".repeat(9_000);
        Stream<Course> big = IntStream.range(0, 256)
                .mapToObj(i -> course(i).toBuilder().setDescription(longText).build());

        client.upsertCourses("acme", big, 256, s -> { });

        assertTrue(fake.courseMessages.size() > 1);
        assertTrue(fake.courseMessages.stream().allMatch(m -> m.getSerializedSize() <= (1 << 20) + 1024));
        assertEquals(256, fake.courses().size());
    }

    @Test
    void deleteAndInfoPassTheirArguments() throws Exception {
        FakeCatalogService fake = new FakeCatalogService();
        CatalogClient client = new CatalogClient(channelTo(fake), Duration.ofSeconds(5));
        assertEquals(2, client.delete("acme", List.of("a", "b")).getDeleted());
        client.deleteAll("acme");
        assertEquals(List.of("a", "b"), fake.deletes.get(0).getCourseIdsList());
        assertTrue(fake.deletes.get(1).getDeleteAll());
        assertEquals(300, client.info("acme").getCourseCount());
    }
}

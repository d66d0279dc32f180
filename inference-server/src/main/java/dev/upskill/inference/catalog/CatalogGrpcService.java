package dev.upskill.inference.catalog;

import dev.upskill.inference.rpc.BoundedWorkers;
import com.google.protobuf.Timestamp;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.ResponseMetas;
import dev.upskill.inference.rpc.Statuses;
import dev.upskill.proto.v1.CatalogServiceGrpc;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.CourseError;
import dev.upskill.proto.v1.DeleteCoursesRequest;
import dev.upskill.proto.v1.DeleteCoursesResponse;
import dev.upskill.proto.v1.GetCatalogInfoRequest;
import dev.upskill.proto.v1.GetCatalogInfoResponse;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchCoursesResponse;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCompetenciesResponse;
import dev.upskill.proto.v1.UpsertCoursesRequest;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code upskill.v1.CatalogService}: the gRPC face of {@link CourseCatalog}. Handlers only check the request's
 * shape and hand the work to {@link BoundedWorkers}; stream messages are processed one at a time, and the next
 * is requested from the transport only when the previous one is stored, so a fast client cannot pile up
 * courses in memory.
 */
public final class CatalogGrpcService extends CatalogServiceGrpc.CatalogServiceImplBase {

    private final CatalogAccess access;
    private final BoundedWorkers workers;

    /** The catalog once it is ready: the service refuses calls (UNAVAILABLE) while the server is starting. */
    public interface CatalogAccess {
        CourseCatalog catalog();
    }

    public CatalogGrpcService(CatalogAccess access, BoundedWorkers workers) {
        this.access = access;
        this.workers = workers;
    }

    @Override
    public void searchCourses(SearchCoursesRequest request, StreamObserver<SearchCoursesResponse> observer) {
        long admitted = System.nanoTime();
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            CourseCatalog catalog = access.catalog();
            CourseCatalog.SearchResult result = catalog.search(request, CallerBudget.ofCurrentCall());
            return SearchCoursesResponse.newBuilder()
                    .addAllHits(result.hits())
                    .setMode(result.mode())
                    .setMeta(ResponseMetas.of(catalog.version(), started - admitted, System.nanoTime() - started))
                    .build();
        });
    }

    @Override
    public void deleteCourses(DeleteCoursesRequest request, StreamObserver<DeleteCoursesResponse> observer) {
        long admitted = System.nanoTime();
        String tenant;
        try {
            tenant = CatalogValidator.tenant(request.getTenantId(), "tenant_id");
            if (request.getDeleteAll() && request.getCourseIdsCount() > 0) {
                throw Statuses.invalidArgument("course_ids", "must be empty when delete_all is set");
            }
            if (!request.getDeleteAll() && request.getCourseIdsCount() == 0) {
                throw Statuses.invalidArgument("course_ids", "name at least one course, or set delete_all");
            }
        } catch (RuntimeException e) {
            observer.onError(Statuses.toStatus(e));
            return;
        }
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            CourseCatalog catalog = access.catalog();
            CatalogValidator.count("course_ids", request.getCourseIdsCount(), catalog.limits().maxIds());
            CatalogValidator.blankIds("course_ids", request.getCourseIdsList());
            DeleteCoursesResponse.Builder response = DeleteCoursesResponse.newBuilder();
            if (request.getDeleteAll()) {
                response.setDeleted((int) catalog.deleteAllCourses(tenant));
            } else {
                Set<String> deleted = catalog.deleteCourses(tenant, request.getCourseIdsList());
                response.setDeleted(deleted.size());
                Set<String> reported = new HashSet<>();
                for (String id : request.getCourseIdsList()) {
                    if (!deleted.contains(id) && reported.add(id)) {
                        response.addNotFoundCourseIds(id);
                    }
                }
            }
            catalog.index().commit();
            return response.setCatalogSize(catalog.index().courseCount(tenant))
                    .setMeta(ResponseMetas.of(catalog.version(), started - admitted, System.nanoTime() - started))
                    .build();
        });
    }

    @Override
    public void getCatalogInfo(GetCatalogInfoRequest request, StreamObserver<GetCatalogInfoResponse> observer) {
        long admitted = System.nanoTime();
        workers.answer(observer, () -> {
            long started = System.nanoTime();
            String tenant = CatalogValidator.tenant(request.getTenantId(), "tenant_id");
            CourseCatalog catalog = access.catalog();
            CourseCatalog.TenantInfo info = catalog.info(tenant);
            GetCatalogInfoResponse.Builder response = GetCatalogInfoResponse.newBuilder()
                    .setCourseCount(info.courses())
                    .setCompetencyCount(info.competencies())
                    .setBackend(catalog.index().backend())
                    .setIndexVersion(catalog.version().getVersion())
                    .setDimensions(catalog.dimensions())
                    .setEmbeddingModel(catalog.embeddingModel())
                    .setLexicalSearch(catalog.index().supportsLexicalSearch());
            info.updatedAt().ifPresent(at -> response.setUpdatedAt(timestamp(at)));
            return response.setMeta(ResponseMetas.of(catalog.version(), started - admitted,
                    System.nanoTime() - started)).build();
        });
    }

    @Override
    public StreamObserver<UpsertCoursesRequest> upsertCourses(StreamObserver<UpsertCoursesResponse> observer) {
        ServerCallStreamObserver<UpsertCoursesResponse> call = (ServerCallStreamObserver<UpsertCoursesResponse>) observer;
        call.disableAutoRequest();
        call.request(1);
        return new StreamObserver<>() {
            private final UpsertCoursesResponse.Builder totals = UpsertCoursesResponse.newBuilder();
            private final StreamState state = new StreamState();
            private long computeNanos;
            /** The work of the message being processed; completion waits for it. */
            private volatile CompletableFuture<?> pending = CompletableFuture.completedFuture(null);

            @Override
            public void onNext(UpsertCoursesRequest message) {
                int index = state.messages++;
                if (state.ended) {
                    return;
                }
                try {
                    String tenant = state.tenant(message.getTenantId(), index);
                    checkItems(message.getCoursesCount(), index, "courses");
                    int first = totals.getReceived();
                    totals.setReceived(first + message.getCoursesCount());
                    pending = workers.submit(() -> {
                        long started = System.nanoTime();
                        CourseCatalog.UpsertCounts counts = access.catalog().upsertCourses(tenant,
                                message.getCoursesList(), first, CallerBudget.ofCurrentCall());
                        computeNanos += System.nanoTime() - started;
                        return counts;
                    }).whenComplete((counts, failure) -> {
                        if (failure != null) {
                            fail(failure);
                            return;
                        }
                        add(counts);
                        if (!state.ended && !call.isCancelled()) {
                            call.request(1);
                        }
                    });
                } catch (RuntimeException e) {
                    fail(e);
                }
            }

            private void add(CourseCatalog.UpsertCounts counts) {
                totals.setCreated(totals.getCreated() + counts.created())
                        .setUpdated(totals.getUpdated() + counts.updated())
                        .setUnchanged(totals.getUnchanged() + counts.unchanged())
                        .setFailed(totals.getFailed() + counts.errors().size());
                for (CourseError error : counts.errors()) {
                    if (totals.getErrorsCount() < CourseCatalog.MAX_REPORTED_ERRORS) {
                        totals.addErrors(error);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                state.ended = true; // the client cancelled; what was stored stays stored (upserts are idempotent)
            }

            @Override
            public void onCompleted() {
                if (state.ended) {
                    return;
                }
                // The half-close can overtake the last message's work: finish that first.
                pending.handle((ignored, failure) -> null).thenCompose(ignored -> workers.submit(() -> {
                    CourseCatalog catalog = access.catalog();
                    catalog.index().commit();
                    String tenant = state.tenantId;
                    long size = tenant == null ? 0 : catalog.index().courseCount(tenant);
                    return totals.setCatalogSize(size)
                            .setMeta(ResponseMetas.of(catalog.version(), 0, computeNanos))
                            .build();
                })).whenComplete((response, failure) -> respond(call, state, response, failure));
            }

            private void fail(Throwable failure) {
                if (!state.ended) {
                    state.ended = true;
                    if (!call.isCancelled()) {
                        call.onError(Statuses.toStatus(failure));
                    }
                }
            }
        };
    }

    @Override
    public StreamObserver<UpsertCompetenciesRequest> upsertCompetencies(
            StreamObserver<UpsertCompetenciesResponse> observer) {
        ServerCallStreamObserver<UpsertCompetenciesResponse> call =
                (ServerCallStreamObserver<UpsertCompetenciesResponse>) observer;
        long admitted = System.nanoTime();
        return new StreamObserver<>() {
            private final StreamState state = new StreamState();
            private final List<Competency> competencies = new ArrayList<>();
            private final Set<String> ids = new HashSet<>();
            private boolean replace;
            private boolean retag;

            @Override
            public void onNext(UpsertCompetenciesRequest message) {
                int index = state.messages++;
                if (state.ended) {
                    return;
                }
                try {
                    state.tenant(message.getTenantId(), index);
                    if (index == 0) {
                        replace = message.getReplaceFramework();
                        retag = message.getRetagCourses();
                    }
                    checkItems(message.getCompetenciesCount(), index, "competencies");
                    CourseCatalog catalog = access.catalog();
                    CatalogValidator validator = new CatalogValidator(catalog.limits());
                    for (int i = 0; i < message.getCompetenciesCount(); i++) {
                        Competency competency = message.getCompetencies(i);
                        String field = "requests[" + index + "].competencies[" + i + "]";
                        validator.check(competency).ifPresent(error -> {
                            throw Statuses.invalidArgument(field + "." + error.field(), error.message());
                        });
                        if (!ids.add(competency.getId())) {
                            throw Statuses.invalidArgument(field + ".id", "'" + competency.getId()
                                    + "' was sent twice in this stream");
                        }
                        if (ids.size() > catalog.limits().maxFrameworkSize()) {
                            throw Statuses.invalidArgument(field, "more than "
                                    + catalog.limits().maxFrameworkSize() + " competencies in one stream");
                        }
                        competencies.add(competency);
                    }
                } catch (RuntimeException e) {
                    state.ended = true;
                    call.onError(Statuses.toStatus(e));
                }
            }

            @Override
            public void onError(Throwable t) {
                state.ended = true; // cancelled: nothing was applied
            }

            @Override
            public void onCompleted() {
                if (state.ended) {
                    return;
                }
                if (state.tenantId == null) {
                    state.ended = true;
                    call.onError(Statuses.toStatus(Statuses.invalidArgument("requests", "the stream was empty")));
                    return;
                }
                workers.submit(() -> {
                    long started = System.nanoTime();
                    CourseCatalog catalog = access.catalog();
                    CourseCatalog.FrameworkCounts counts = catalog.updateFramework(state.tenantId, competencies,
                            replace, retag, CallerBudget.ofCurrentCall());
                    return UpsertCompetenciesResponse.newBuilder()
                            .setReceived(competencies.size())
                            .setCreated(counts.created())
                            .setUpdated(counts.updated())
                            .setUnchanged(counts.unchanged())
                            .setDeleted(counts.deleted())
                            .setCoursesRetagged(counts.retagged())
                            .setFrameworkSize(counts.size())
                            .setMeta(ResponseMetas.of(catalog.version(), started - admitted,
                                    System.nanoTime() - started))
                            .build();
                }).whenComplete((response, failure) -> respond(call, state, response, failure));
            }
        };
    }

    /** Where a client stream stands: its tenant (from the first message), messages seen, whether it has ended. */
    private static final class StreamState {
        String tenantId;
        int messages;
        volatile boolean ended;

        String tenant(String sent, int index) {
            String field = "requests[" + index + "].tenant_id";
            if (index == 0) {
                tenantId = CatalogValidator.tenant(sent, field);
            } else if (!sent.isEmpty() && !sent.equals(tenantId)) {
                throw Statuses.invalidArgument(field, "'" + sent + "' differs from the stream's tenant '"
                        + tenantId + "'");
            }
            return tenantId;
        }
    }

    private void checkItems(int count, int index, String name) {
        int max = access.catalog().limits().maxItemsPerMessage();
        if (count == 0 || count > max) {
            throw Statuses.invalidArgument("requests[" + index + "]." + name, count + " " + name
                    + "; a message carries 1 to " + max);
        }
    }


    private static <T> void respond(ServerCallStreamObserver<T> call, StreamState state, T response,
                                    Throwable failure) {
        if (state.ended || call.isCancelled()) {
            return;
        }
        state.ended = true;
        if (failure != null) {
            call.onError(Statuses.toStatus(failure));
        } else {
            call.onNext(response);
            call.onCompleted();
        }
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}

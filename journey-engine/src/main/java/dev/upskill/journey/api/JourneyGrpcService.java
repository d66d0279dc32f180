package dev.upskill.journey.api;

import dev.upskill.journey.data.CompanyImports;
import dev.upskill.journey.data.CompanyImports.ImportCounts;
import dev.upskill.journey.data.CourseCatalog;
import dev.upskill.journey.data.LearningPaths;
import dev.upskill.journey.inference.Recommendations;
import dev.upskill.journey.process.Journeys;
import dev.upskill.proto.v1.ListRecommendationsRequest;
import dev.upskill.proto.v1.ListRecommendationsResponse;
import dev.upskill.proto.v1.Recommendation;
import dev.upskill.proto.v1.AssignCourseRequest;
import dev.upskill.proto.v1.AssignCourseResponse;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ImportCoursesRequest;
import dev.upskill.proto.v1.RecordLearningEventRequest;
import dev.upskill.proto.v1.RecordLearningEventResponse;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.StartJourneyResponse;
import dev.upskill.journey.data.FeedbackRepository;
import dev.upskill.journey.data.RequirementsRepository;
import dev.upskill.journey.esco.EscoImport;
import dev.upskill.journey.privacy.EmployeeErasure;
import dev.upskill.proto.v1.CompetencyRequirement;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.EraseEmployeeRequest;
import dev.upskill.proto.v1.EraseEmployeeResponse;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportEscoRequest;
import dev.upskill.proto.v1.ImportEscoResponse;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.SetCompetencyRequirementsRequest;
import dev.upskill.proto.v1.SetCompetencyRequirementsResponse;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import dev.upskill.proto.v1.SubmitFeedbackResponse;
import dev.upskill.proto.v1.Team;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.springframework.stereotype.Service;

/**
 * JourneyService: the gRPC face of the engine. Each RPC validates nothing itself beyond the wire format; it converts
 * the request (JourneyMessages), calls the component that owns the capability (company imports, requirements,
 * feedback, courses, journeys, learning paths, recommendations, erasure) and maps failures with {@link ApiErrors}.
 */
@Service
public class JourneyGrpcService extends JourneyServiceGrpc.JourneyServiceImplBase {

    static final int MAX_ITEMS_PER_MESSAGE = 1_000;
    static final int MAX_ITEMS_PER_STREAM = 100_000;

    private final CompanyImports imports;
    private final FeedbackRepository feedback;
    private final EscoImport esco;
    private final RequirementsRepository requirements;
    private final CourseCatalog courses;
    private final Journeys journeys;
    private final LearningPaths paths;
    private final Recommendations recommendations;
    private final EmployeeErasure erasure;

    public JourneyGrpcService(CompanyImports imports, FeedbackRepository feedback, EscoImport esco,
            RequirementsRepository requirements, CourseCatalog courses, Journeys journeys, LearningPaths paths,
            Recommendations recommendations, EmployeeErasure erasure) {
        this.imports = imports;
        this.feedback = feedback;
        this.esco = esco;
        this.requirements = requirements;
        this.courses = courses;
        this.journeys = journeys;
        this.paths = paths;
        this.recommendations = recommendations;
        this.erasure = erasure;
    }

    @Override
    public StreamObserver<ImportCoursesRequest> importCourses(StreamObserver<ImportResponse> response) {
        List<Course> sent = new ArrayList<>();
        return new ImportStream<>(response, "courses", ImportCoursesRequest::getTenantId,
                ImportCoursesRequest::getCoursesCount, m -> sent.addAll(m.getCoursesList()),
                first -> courses.importCourses(first.getTenantId(), first.getTenantName(), first.getActor(),
                        sent.stream().map(JourneyMessages::course).toList()));
    }

    @Override
    public void startJourney(StartJourneyRequest request, StreamObserver<StartJourneyResponse> response) {
        answer(response, () -> {
            Journeys.Started started = journeys.start(request.getTenantId(), request.getEmployeeId(),
                    request.getActor());
            return StartJourneyResponse.newBuilder().setProcessInstanceId(started.processInstanceId())
                    .setStarted(started.started()).build();
        });
    }

    @Override
    public void getJourney(GetJourneyRequest request, StreamObserver<GetJourneyResponse> response) {
        answer(response, () -> JourneyMessages.dashboard(
                journeys.dashboard(request.getTenantId(), request.getEmployeeId())));
    }

    @Override
    public void assignCourse(AssignCourseRequest request, StreamObserver<AssignCourseResponse> response) {
        answer(response, () -> {
            LearningPaths.Assignment assignment = paths.assign(request.getTenantId(), request.getEmployeeId(),
                    request.getCourseId(), request.getCompetencyId(), request.getActor(), request.getReason());
            return AssignCourseResponse.newBuilder().setLearningPathVersion(assignment.version())
                    .setAdded(assignment.added()).build();
        });
    }

    @Override
    public void recordLearningEvent(RecordLearningEventRequest request,
            StreamObserver<RecordLearningEventResponse> response) {
        answer(response, () -> {
            LearningPaths.RecordedEvent event = paths.record(request.getTenantId(), request.getEmployeeId(),
                    request.getCourseId(), JourneyMessages.eventType(request.getType()),
                    JourneyMessages.instant("occurred_at", request.hasOccurredAt(), request.getOccurredAt()));
            return RecordLearningEventResponse.newBuilder().setEventId(event.eventId())
                    .setItemStatus(JourneyMessages.itemStatus(event.itemStatus())).build();
        });
    }

    @Override
    public void listRecommendations(ListRecommendationsRequest request,
            StreamObserver<ListRecommendationsResponse> response) {
        answer(response, () -> {
            ListRecommendationsResponse.Builder answer = ListRecommendationsResponse.newBuilder();
            for (Recommendations.Recommendation r : recommendations.forEmployee(request.getTenantId(),
                    request.getEmployeeId(), request.getTopK())) {
                answer.addRecommendations(Recommendation.newBuilder().setCourseId(r.courseId())
                        .setCourseTitle(r.courseTitle()).setScore(r.score()).setReason(r.reason())
                        .addAllCoveredCompetencyIds(r.coveredCompetencyIds()));
            }
            return answer.build();
        });
    }

    /** Answers a unary call with what {@code call} returns, or with the status its failure maps to. */
    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            response.onError(ApiErrors.toStatus(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    @Override
    public StreamObserver<ImportFrameworkRequest> importFramework(StreamObserver<ImportResponse> response) {
        List<FrameworkCompetency> competencies = new ArrayList<>();
        return new ImportStream<>(response, "competencies", ImportFrameworkRequest::getTenantId,
                ImportFrameworkRequest::getCompetenciesCount, m -> competencies.addAll(m.getCompetenciesList()),
                first -> {
                    if (!first.hasFramework()) {
                        throw ApiErrors.invalidArgument("framework", "required on the first message");
                    }
                    var f = first.getFramework();
                    return imports.importFramework(first.getTenantId(), first.getTenantName(), first.getActor(),
                            new CompanyImports.Framework(f.getId(), f.getName(), f.getDescription(), f.getSource(),
                                    f.getVersion()),
                            first.getScaleList().stream().map(JourneyGrpcService::level).toList(),
                            competencies.stream().map(c -> new CompanyImports.Competency(c.getId(), c.getName(),
                                    c.getDescription(), c.getParentId(), c.getExternalUri())).toList());
                });
    }

    @Override
    public StreamObserver<ImportRolesRequest> importRoles(StreamObserver<ImportResponse> response) {
        List<Role> roles = new ArrayList<>();
        return new ImportStream<>(response, "roles", ImportRolesRequest::getTenantId,
                ImportRolesRequest::getRolesCount, m -> roles.addAll(m.getRolesList()),
                first -> imports.importRoles(first.getTenantId(), first.getTenantName(), first.getActor(),
                        roles.stream().map(r -> new CompanyImports.Role(r.getId(), r.getName(), r.getDescription(),
                                r.getExternalUri(), r.getRequirementsList().stream()
                                        .map(JourneyGrpcService::requirement).toList())).toList()));
    }

    @Override
    public StreamObserver<ImportTeamsRequest> importTeams(StreamObserver<ImportResponse> response) {
        List<Team> teams = new ArrayList<>();
        return new ImportStream<>(response, "teams", ImportTeamsRequest::getTenantId,
                ImportTeamsRequest::getTeamsCount, m -> teams.addAll(m.getTeamsList()),
                first -> imports.importTeams(first.getTenantId(), first.getTenantName(), first.getActor(),
                        teams.stream().map(t -> new CompanyImports.Team(t.getId(), t.getName(), t.getManagerId()))
                                .toList()));
    }

    @Override
    public StreamObserver<ImportEmployeesRequest> importEmployees(StreamObserver<ImportResponse> response) {
        List<Employee> employees = new ArrayList<>();
        return new ImportStream<>(response, "employees", ImportEmployeesRequest::getTenantId,
                ImportEmployeesRequest::getEmployeesCount, m -> employees.addAll(m.getEmployeesList()),
                first -> imports.importEmployees(first.getTenantId(), first.getTenantName(), first.getActor(),
                        employees.stream().map(e -> new CompanyImports.Employee(e.getId(), e.getEmail(),
                                e.getDisplayName(), e.getRoleId(), e.getTeamId(), e.getManagerId(),
                                !e.getInactive())).toList()));
    }

    @Override
    public void setCompetencyRequirements(SetCompetencyRequirementsRequest request,
            StreamObserver<SetCompetencyRequirementsResponse> response) {
        try {
            var target = switch (request.getTargetCase()) {
                case ROLE_ID -> new RequirementsRepository.Target(request.getRoleId(), null);
                case TEAM_ID -> new RequirementsRepository.Target(null, request.getTeamId());
                case TARGET_NOT_SET -> new RequirementsRepository.Target(null, null);
            };
            boolean changed = requirements.set(request.getTenantId(), request.getActor(), target,
                    request.getRequirementsList().stream().map(r -> {
                        CompanyImports.Requirement c = requirement(r);
                        return new RequirementsRepository.Requirement(c.competencyId(), c.requiredLevel(),
                                c.importance());
                    }).toList());
            response.onNext(SetCompetencyRequirementsResponse.newBuilder().setChanged(changed).build());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(ApiErrors.toStatus(e));
        }
    }

    @Override
    public void submitFeedback(SubmitFeedbackRequest request, StreamObserver<SubmitFeedbackResponse> response) {
        try {
            String source = switch (request.getSource()) {
                case FEEDBACK_SOURCE_MANAGER_REVIEW -> "MANAGER_REVIEW";
                case FEEDBACK_SOURCE_PEER -> "PEER";
                case FEEDBACK_SOURCE_SELF -> "SELF";
                case FEEDBACK_SOURCE_360 -> "360";
                case FEEDBACK_SOURCE_UNSPECIFIED, UNRECOGNIZED -> throw ApiErrors.invalidArgument("source",
                        "required: MANAGER_REVIEW, PEER, SELF or 360");
            };
            long id = feedback.submit(request.getTenantId(), request.getActor(), new FeedbackRepository.Feedback(
                    request.getEmployeeId(), request.getAuthorId(), source,
                    request.hasRating() ? request.getRating() : null, request.getText(),
                    request.getCompetencyIdsList(), request.getGivenOn()));
            response.onNext(SubmitFeedbackResponse.newBuilder().setFeedbackId(id).build());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(ApiErrors.toStatus(e));
        }
    }

    @Override
    public void importEsco(ImportEscoRequest request, StreamObserver<ImportEscoResponse> response) {
        try {
            EscoImport.Result result = esco.importDirectory(request.getTenantId(), request.getTenantName(),
                    request.getActor(), request.getDirectory(), request.getOccupationsList(),
                    request.getFrameworkId());
            response.onNext(ImportEscoResponse.newBuilder()
                    .setCompetencies(response(result.competencies()))
                    .setRoles(response(result.roles()))
                    .setRequirements(result.requirements())
                    .setDefaultScaleCreated(result.defaultScaleCreated())
                    .setEssentialLevel(result.levels().essential())
                    .setOptionalLevel(result.levels().optional())
                    .setSource(EscoImport.SOURCE)
                    .build());
            response.onCompleted();
        } catch (RuntimeException e) {
            response.onError(ApiErrors.toStatus(e));
        }
    }

    @Override
    public void eraseEmployee(EraseEmployeeRequest request, StreamObserver<EraseEmployeeResponse> response) {
        answer(response, () -> {
            EmployeeErasure.Result result = erasure.erase(request.getTenantId(), request.getEmployeeId(),
                    request.getActor());
            return EraseEmployeeResponse.newBuilder()
                    .setErasedAt(JourneyMessages.timestamp(result.erasedAt().toInstant()))
                    .putAllRowsByTable(result.rowsByTable())
                    .build();
        });
    }

    private static CompanyImports.Level level(ProficiencyLevel level) {
        return new CompanyImports.Level(level.getLevel(), level.getName(), level.getDescription());
    }

    private static CompanyImports.Requirement requirement(CompetencyRequirement r) {
        String importance = switch (r.getImportance()) {
            case IMPORTANCE_OPTIONAL -> "OPTIONAL";
            default -> "ESSENTIAL";
        };
        return new CompanyImports.Requirement(r.getCompetencyId(), r.getRequiredLevel(), importance);
    }

    private static ImportResponse response(ImportCounts counts) {
        return ImportResponse.newBuilder()
                .setCreated(counts.created())
                .setUpdated(counts.updated())
                .setUnchanged(counts.unchanged())
                .build();
    }

    /**
     * Collects an import stream's messages (checking the tenant id and the item limits as they arrive) and applies
     * them when the stream ends. After the first error the remaining messages are ignored.
     */
    private static final class ImportStream<M> implements StreamObserver<M> {

        private final StreamObserver<ImportResponse> response;
        private final String items;
        private final Function<M, String> tenantOf;
        private final ToIntFunction<M> countOf;
        private final Consumer<M> collect;
        private final Function<M, ImportCounts> apply;
        private M first;
        private int messages;
        private int total;
        private boolean failed;

        ImportStream(StreamObserver<ImportResponse> response, String items, Function<M, String> tenantOf,
                ToIntFunction<M> countOf, Consumer<M> collect,
                Function<M, ImportCounts> apply) {
            this.response = response;
            this.items = items;
            this.tenantOf = tenantOf;
            this.countOf = countOf;
            this.collect = collect;
            this.apply = apply;
        }

        @Override
        public void onNext(M message) {
            if (failed) {
                return;
            }
            String field = "requests[" + messages + "]";
            messages++;
            String tenant = tenantOf.apply(message);
            if (first == null) {
                if (tenant.isEmpty()) {
                    fail(ApiErrors.invalidArgument(field + ".tenant_id", "required on the first message"));
                    return;
                }
                first = message;
            } else if (!tenant.isEmpty() && !tenant.equals(tenantOf.apply(first))) {
                fail(ApiErrors.invalidArgument(field + ".tenant_id",
                        "differs from the first message's \"" + tenantOf.apply(first) + "\""));
                return;
            }
            int count = countOf.applyAsInt(message);
            if (count > MAX_ITEMS_PER_MESSAGE) {
                fail(ApiErrors.invalidArgument(field + "." + items,
                        "at most " + MAX_ITEMS_PER_MESSAGE + " per message, was " + count));
                return;
            }
            total += count;
            if (total > MAX_ITEMS_PER_STREAM) {
                fail(ApiErrors.invalidArgument(items, "at most " + MAX_ITEMS_PER_STREAM + " per stream"));
                return;
            }
            collect.accept(message);
        }

        @Override
        public void onError(Throwable t) {
            // The caller cancelled or the transport failed: nothing was applied, nothing to answer.
            failed = true;
        }

        @Override
        public void onCompleted() {
            if (failed) {
                return;
            }
            if (first == null) {
                fail(ApiErrors.invalidArgument("tenant_id", "required (the stream sent no message)"));
                return;
            }
            if (Context.current().isCancelled()) {
                // The caller cancelled or its deadline passed while the stream was being sent: apply nothing.
                failed = true;
                return;
            }
            try {
                ImportCounts counts = apply.apply(first);
                response.onNext(response(counts));
                response.onCompleted();
            } catch (RuntimeException e) {
                fail(ApiErrors.toStatus(e));
            }
        }

        private void fail(RuntimeException status) {
            failed = true;
            response.onError(status);
        }
    }
}

package dev.upskill.client.journey;

import dev.upskill.client.FlowControlledUpload;
import dev.upskill.client.channel.ServerChannel;
import dev.upskill.proto.v1.AssignCourseRequest;
import dev.upskill.proto.v1.AssignCourseResponse;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.Employee;
import dev.upskill.proto.v1.EraseEmployeeRequest;
import dev.upskill.proto.v1.EraseEmployeeResponse;
import dev.upskill.proto.v1.Framework;
import dev.upskill.proto.v1.FrameworkCompetency;
import dev.upskill.proto.v1.GetJourneyRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ImportCoursesRequest;
import dev.upskill.proto.v1.ImportEmployeesRequest;
import dev.upskill.proto.v1.ImportEscoRequest;
import dev.upskill.proto.v1.ImportEscoResponse;
import dev.upskill.proto.v1.ImportFrameworkRequest;
import dev.upskill.proto.v1.ImportResponse;
import dev.upskill.proto.v1.ImportRolesRequest;
import dev.upskill.proto.v1.ImportTeamsRequest;
import dev.upskill.proto.v1.JourneyServiceGrpc;
import dev.upskill.proto.v1.ListRecommendationsRequest;
import dev.upskill.proto.v1.ProficiencyLevel;
import dev.upskill.proto.v1.Recommendation;
import dev.upskill.proto.v1.RecordLearningEventRequest;
import dev.upskill.proto.v1.RecordLearningEventResponse;
import dev.upskill.proto.v1.Role;
import dev.upskill.proto.v1.SetCompetencyRequirementsRequest;
import dev.upskill.proto.v1.SetCompetencyRequirementsResponse;
import dev.upskill.proto.v1.StartJourneyRequest;
import dev.upskill.proto.v1.StartJourneyResponse;
import dev.upskill.proto.v1.SubmitFeedbackRequest;
import dev.upskill.proto.v1.SubmitFeedbackResponse;
import dev.upskill.proto.v1.Team;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.AbstractStub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The typed client of the journey engine's JourneyService (journey.proto) over one channel that spreads calls
 * round robin over every configured engine, retries calls that are safe to repeat when an engine answers
 * UNAVAILABLE (see {@link #RETRYABLE_METHODS}), and gives every call a fresh deadline from
 * {@link JourneySettings}. Failures arrive as {@link io.grpc.StatusRuntimeException}, as from a blocking stub.
 * Thread-safe: share one instance.
 *
 * <p>It owns its channel: {@link #close()} shuts it down. Building it does not connect; the first call does.
 */
public final class JourneyClient implements AutoCloseable {

    /**
     * Methods a retry cannot harm, from journey.proto's comments: the reads (GetJourney, ListRecommendations);
     * the imports and ImportEsco ("upserts keyed by id, so re-sending a stream is safe"); SetCompetencyRequirements
     * (replaces the whole set; "sending the stored set again changes nothing"); StartJourney ("a second call
     * returns the running one"); AssignCourse ("a course already on the current path changes nothing", so a
     * repeat answers {@code added = false} but leaves the same path); EraseEmployee ("erasing an erased employee
     * again succeeds and changes nothing").
     *
     * <p>Left out: SubmitFeedback and RecordLearningEvent, which append a row per call (a repeat stores the
     * feedback or the event twice). gRPC still replays any call transparently when it provably never reached a
     * server. An import stream is replayed only while it fits gRPC's retry buffer (16 MiB per call); a larger
     * one that fails is not retried.
     */
    public static final List<MethodDescriptor<?, ?>> RETRYABLE_METHODS = List.of(
            JourneyServiceGrpc.getGetJourneyMethod(),
            JourneyServiceGrpc.getListRecommendationsMethod(),
            JourneyServiceGrpc.getImportFrameworkMethod(),
            JourneyServiceGrpc.getImportRolesMethod(),
            JourneyServiceGrpc.getImportTeamsMethod(),
            JourneyServiceGrpc.getImportEmployeesMethod(),
            JourneyServiceGrpc.getImportCoursesMethod(),
            JourneyServiceGrpc.getImportEscoMethod(),
            JourneyServiceGrpc.getSetCompetencyRequirementsMethod(),
            JourneyServiceGrpc.getStartJourneyMethod(),
            JourneyServiceGrpc.getAssignCourseMethod(),
            JourneyServiceGrpc.getEraseEmployeeMethod());

    /** Items per message of an import stream: the service's limit. */
    public static final int MAX_BATCH_SIZE = 1000;

    /** How long {@link #close()} waits for calls in flight before cancelling them. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ManagedChannel channel;
    private final Duration deadline;
    private final Duration importDeadline;

    /** A client over a new channel to the engines the settings list. */
    public JourneyClient(JourneySettings settings) {
        this(ServerChannel.open(settings.parsedAddresses(), settings.tlsCa(), settings.apiKey(), settings.retry(),
                RETRYABLE_METHODS), settings.deadline(), settings.importDeadline());
    }

    /**
     * A client over a given channel, which it takes over (closes). For channels built otherwise, e.g. in-process
     * in tests; they get the deadlines but not the round robin, retries and credentials of the settings.
     */
    public JourneyClient(ManagedChannel channel, Duration deadline, Duration importDeadline) {
        this.channel = channel;
        this.deadline = deadline;
        this.importDeadline = importDeadline;
    }

    /**
     * Starts an employee's learning journey, or returns the running one ({@code started} false). Safe to repeat.
     */
    public StartJourneyResponse startJourney(String tenantId, String employeeId) {
        return startJourney(tenantId, employeeId, "");
    }

    /** As {@link #startJourney(String, String)}, naming who starts it for the audit log ({@code actor}). */
    public StartJourneyResponse startJourney(String tenantId, String employeeId, String actor) {
        return stub().startJourney(StartJourneyRequest.newBuilder().setTenantId(tenantId).setEmployeeId(employeeId)
                .setActor(actor).build());
    }

    /** The dashboard of an employee's journey: steps, completion, learning path. NOT_FOUND when there is none. */
    public GetJourneyResponse journey(String tenantId, String employeeId) {
        return stub().getJourney(
                GetJourneyRequest.newBuilder().setTenantId(tenantId).setEmployeeId(employeeId).build());
    }

    /** Up to {@code topK} (1 to 100) courses for an employee's gaps, best first; empty without gaps. */
    public List<Recommendation> recommendations(String tenantId, String employeeId, int topK) {
        return stub().listRecommendations(ListRecommendationsRequest.newBuilder()
                .setTenantId(tenantId).setEmployeeId(employeeId).setTopK(topK).build()).getRecommendationsList();
    }

    /**
     * Creates or updates employees in one ImportEmployees stream of batches of {@value #MAX_BATCH_SIZE}.
     *
     * @throws IllegalArgumentException for an empty list (there would be no message to name the tenant)
     */
    public ImportResponse importEmployees(String tenantId, List<Employee> employees) {
        checkNotEmpty("employees", employees);
        return FlowControlledUpload.run(importStub()::importEmployees, employees.iterator(), MAX_BATCH_SIZE,
                (batch, first) -> ImportEmployeesRequest.newBuilder().setTenantId(tenantId).addAllEmployees(batch)
                        .build(), sent -> { });
    }

    /** Creates or updates teams in one ImportTeams stream. @throws IllegalArgumentException for an empty list */
    public ImportResponse importTeams(String tenantId, List<Team> teams) {
        checkNotEmpty("teams", teams);
        return FlowControlledUpload.run(importStub()::importTeams, teams.iterator(), MAX_BATCH_SIZE,
                (batch, first) -> ImportTeamsRequest.newBuilder().setTenantId(tenantId).addAllTeams(batch).build(),
                sent -> { });
    }

    /** Creates or updates roles in one ImportRoles stream. @throws IllegalArgumentException for an empty list */
    public ImportResponse importRoles(String tenantId, List<Role> roles) {
        checkNotEmpty("roles", roles);
        return FlowControlledUpload.run(importStub()::importRoles, roles.iterator(), MAX_BATCH_SIZE,
                (batch, first) -> ImportRolesRequest.newBuilder().setTenantId(tenantId).addAllRoles(batch).build(),
                sent -> { });
    }

    /**
     * Creates or updates courses of the tenant's catalog (the engine pushes them on to the inference server).
     *
     * @throws IllegalArgumentException for an empty list
     */
    public ImportResponse importCourses(String tenantId, List<Course> courses) {
        checkNotEmpty("courses", courses);
        return FlowControlledUpload.run(importStub()::importCourses, courses.iterator(), MAX_BATCH_SIZE,
                (batch, first) -> ImportCoursesRequest.newBuilder().setTenantId(tenantId).addAllCourses(batch)
                        .build(), sent -> { });
    }

    /**
     * Creates or updates a framework, the tenant's proficiency scale (empty: keep it) and competencies. The header
     * and scale go in the first message.
     *
     * @throws IllegalArgumentException for an empty competency list (send a header-only update through
     *     {@link #asyncStub()})
     */
    public ImportResponse importFramework(String tenantId, Framework framework, List<ProficiencyLevel> scale,
            List<FrameworkCompetency> competencies) {
        checkNotEmpty("competencies", competencies);
        return FlowControlledUpload.run(importStub()::importFramework, competencies.iterator(), MAX_BATCH_SIZE,
                (batch, first) -> {
                    ImportFrameworkRequest.Builder request =
                            ImportFrameworkRequest.newBuilder().setTenantId(tenantId).addAllCompetencies(batch);
                    if (first) {
                        request.setFramework(framework).addAllScale(scale);
                    }
                    return request.build();
                }, sent -> { });
    }

    /** Imports an ESCO release from a directory on the engine's machine, with the import deadline. */
    public ImportEscoResponse importEsco(ImportEscoRequest request) {
        return withDeadline(JourneyServiceGrpc.newBlockingStub(channel), importDeadline).importEsco(request);
    }

    /** Replaces the competency requirements of a role or team. Safe to repeat. */
    public SetCompetencyRequirementsResponse setCompetencyRequirements(SetCompetencyRequirementsRequest request) {
        return stub().setCompetencyRequirements(request);
    }

    /** Records feedback about an employee. Never retried by policy: a repeat stores it twice. */
    public SubmitFeedbackResponse submitFeedback(SubmitFeedbackRequest request) {
        return stub().submitFeedback(request);
    }

    /** Adds a course to an employee's learning path; a course already on it changes nothing. */
    public AssignCourseResponse assignCourse(AssignCourseRequest request) {
        return stub().assignCourse(request);
    }

    /** Records that an employee started, opened or completed a course. Never retried by policy (append only). */
    public RecordLearningEventResponse recordLearningEvent(RecordLearningEventRequest request) {
        return stub().recordLearningEvent(request);
    }

    /** GDPR erasure of an employee's personal data; erasing again succeeds and changes nothing. */
    public EraseEmployeeResponse eraseEmployee(String tenantId, String employeeId, String actor) {
        return stub().eraseEmployee(EraseEmployeeRequest.newBuilder()
                .setTenantId(tenantId).setEmployeeId(employeeId).setActor(actor).build());
    }

    /** A blocking JourneyService stub whose deadline starts now: call it at once, once. */
    public JourneyServiceGrpc.JourneyServiceBlockingStub stub() {
        return withDeadline(JourneyServiceGrpc.newBlockingStub(channel), deadline);
    }

    /** An async JourneyService stub with the import deadline, starting now (for streams built by hand). */
    public JourneyServiceGrpc.JourneyServiceStub asyncStub() {
        return importStub();
    }

    /**
     * Shuts the channel down: new calls fail at once, calls in flight get up to {@link #CLOSE_TIMEOUT} to finish
     * and are then cancelled.
     */
    @Override
    public void close() {
        ServerChannel.close(channel, CLOSE_TIMEOUT);
    }

    private JourneyServiceGrpc.JourneyServiceStub importStub() {
        return withDeadline(JourneyServiceGrpc.newStub(channel), importDeadline);
    }

    private static void checkNotEmpty(String what, List<?> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException(what + ": at least one is needed (an import stream names its tenant "
                    + "in its first message)");
        }
    }

    private static <S extends AbstractStub<S>> S withDeadline(S stub, Duration deadline) {
        return stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
}

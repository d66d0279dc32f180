package dev.upskill.benchmarks.journey;

import com.google.gson.JsonObject;
import com.google.protobuf.Timestamp;
import dev.upskill.client.journey.JourneyClient;
import dev.upskill.proto.v1.AssignCourseRequest;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.LearningEventType;
import dev.upskill.proto.v1.LearningPathItem;
import dev.upskill.proto.v1.RecordLearningEventRequest;

import java.time.Instant;
import java.util.List;

/**
 * Completes one user task of a benchmark journey the way its user would in Tasklist, at once (no think time):
 * <ul>
 *   <li>{@code take-assessment}: the employee submits no answers (both assessments), so the gap stays open and the
 *       journey ends after the engine's {@code max-cycles};</li>
 *   <li>{@code work-on-learning-path}: the employee looks at the journey ({@code GetJourney}), at recommendations
 *       ({@code ListRecommendations}), is assigned a course already on the path ({@code AssignCourse}, which changes
 *       nothing), starts it ({@code RecordLearningEvent}) and ticks every course of the path as completed;</li>
 *   <li>anything else ({@code review-learning-path}, {@code review-grades}, {@code follow-up-learning}): its assignee
 *       or the employee's manager submits the form unchanged.</li>
 * </ul>
 * The JourneyService calls and the REST completions (by task) are timed in {@link RpcTimings}.
 */
final class UserTaskDriver {

    private final BenchCompany company;
    private final JourneyClient journeys;
    private final EngineRest rest;
    private final RpcTimings timings;

    UserTaskDriver(BenchCompany company, JourneyClient journeys, EngineRest rest, RpcTimings timings) {
        this.company = company;
        this.journeys = journeys;
        this.rest = rest;
        this.timings = timings;
    }

    void complete(EngineRest.UserTask task) {
        String tenant = company.tenant();
        String employee = task.assignee() != null && task.assignee().startsWith(tenant + "~")
                ? task.assignee().substring(tenant.length() + 1)
                : rest.businessKey(task.processInstanceId());
        JsonObject variables = new JsonObject();
        String user = task.assignee() != null ? task.assignee() : tenant + "~" + company.manager(employee);
        switch (task.key()) {
            case "take-assessment" -> variables.add("answers", variable("Json", "{}"));
            case "work-on-learning-path" -> variables.add("completedCourseIds",
                    variable("String", String.join(",", workOnPath(employee))));
            default -> { }
        }
        timings.time("CompleteTask " + task.key() + " (REST)", () -> {
            rest.complete(task.id(), user, variables);
            return null;
        });
    }

    /** The JourneyService calls of an employee working on the path; returns the path's course ids. */
    private List<String> workOnPath(String employee) {
        String tenant = company.tenant();
        GetJourneyResponse journey = timings.time("GetJourney", () -> journeys.journey(tenant, employee));
        List<String> courses = journey.getLearningPathList().stream().map(LearningPathItem::getCourseId).toList();
        timings.time("ListRecommendations", () -> journeys.recommendations(tenant, employee, 5));
        if (!courses.isEmpty()) {
            String first = courses.getFirst();
            timings.time("AssignCourse", () -> journeys.assignCourse(AssignCourseRequest.newBuilder()
                    .setTenantId(tenant).setEmployeeId(employee).setCourseId(first)
                    .setActor(company.manager(employee)).setReason("benchmark").build()));
            Instant now = Instant.now();
            timings.time("RecordLearningEvent", () -> journeys.recordLearningEvent(RecordLearningEventRequest
                    .newBuilder().setTenantId(tenant).setEmployeeId(employee).setCourseId(first)
                    .setType(LearningEventType.LEARNING_EVENT_TYPE_STARTED)
                    .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                    .build()));
        }
        return courses;
    }

    private static JsonObject variable(String type, String value) {
        JsonObject variable = new JsonObject();
        variable.addProperty("type", type);
        variable.addProperty("value", value);
        return variable;
    }
}

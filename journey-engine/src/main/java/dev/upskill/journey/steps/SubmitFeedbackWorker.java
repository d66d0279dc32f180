package dev.upskill.journey.steps;

import dev.upskill.journey.data.FeedbackRepository;
import dev.upskill.journey.identity.CamundaIds;
import dev.upskill.journey.identity.Initiators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code submit-feedback}, in the {@code manager-feedback} process. Input {@code feedbackSource}:
 * <ul>
 *   <li>{@code MANAGER_REVIEW} (the start form): stores the manager's feedback on {@code employeeId} (rating and/or
 *       text, {@code competencyIds}), when given, and turns {@code peerIds} into {@code peerUsers}, the peers asked
 *       for 360 feedback (a user task each);</li>
 *   <li>{@code 360} (after a peer's task): stores the peer's {@code peerRating} / {@code peerText} as anonymous 360
 *       feedback.</li>
 * </ul>
 * A request the data refuses (unknown employee, a rating out of range, ...) goes back to its author.
 */
@Component
class SubmitFeedbackWorker implements StepWorker {

    private final FeedbackRepository feedback;
    private final ManagerRequests requests;
    private final RequestChecks checks;
    private final JdbcClient jdbc;

    SubmitFeedbackWorker(FeedbackRepository feedback, ManagerRequests requests, RequestChecks checks,
            JdbcClient jdbc) {
        this.feedback = feedback;
        this.requests = requests;
        this.checks = checks;
        this.jdbc = jdbc;
    }

    @Override
    public String topic() {
        return "submit-feedback";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        String employee = ReviewInputs.id(step.variables().get("employeeId"));
        if (employee == null) {
            throw RequestChecks.refuse("Name the employee the feedback is about");
        }
        String source = step.variables().getOrDefault("feedbackSource", "MANAGER_REVIEW").toString();
        if (source.equals("360")) {
            Object text = step.variables().get("peerText");
            Double rating = number(step.variables().get("peerRating"));
            if ((text == null || text.toString().isBlank()) && rating == null) {
                return Map.of(); // the peer declined to say anything
            }
            checks.write(() -> feedback.submit(step.tenantId(), "360-request", new FeedbackRepository.Feedback(
                    employee, null, "360", rating, text == null ? null : text.toString(), List.of(), null)));
            return Map.of();
        }
        Initiators.Person manager = requests.initiator(step);
        requests.requireManages(manager, employee);
        Object text = step.variables().get("text");
        Double rating = number(step.variables().get("rating"));
        Map<String, Object> variables = new HashMap<>();
        if ((text != null && !text.toString().isBlank()) || rating != null) {
            long id = checks.write(() -> feedback.submit(step.tenantId(), manager.employeeId(),
                    new FeedbackRepository.Feedback(employee, manager.employeeId(), "MANAGER_REVIEW", rating,
                            text == null ? null : text.toString(),
                            ReviewInputs.ids(step.variables().get("competencyIds")), null)));
            variables.put("feedbackId", id);
        }
        List<String> peerUsers = new ArrayList<>();
        for (String peer : ReviewInputs.ids(step.variables().get("peerIds"))) {
            boolean exists = jdbc.sql("""
                    SELECT count(*) FROM company.employee WHERE tenant_id = :t AND id = :id AND active
                    AND erased_at IS NULL""")
                    .param("t", step.tenantId()).param("id", peer).query(Long.class).single() > 0;
            if (!exists || peer.equals(employee)) {
                throw RequestChecks.refuse("Cannot ask \"" + peer + "\" for 360 feedback: "
                        + (exists ? "it is the employee themself" : "not an active employee"));
            }
            peerUsers.add(CamundaIds.user(step.tenantId(), peer));
        }
        variables.put("peerUsers", peerUsers);
        variables.put("requestProblem", "");
        return variables;
    }

    private static Double number(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.valueOf(value.toString().strip());
        } catch (NumberFormatException e) {
            throw RequestChecks.refuse("The rating is not a number: " + value);
        }
    }
}

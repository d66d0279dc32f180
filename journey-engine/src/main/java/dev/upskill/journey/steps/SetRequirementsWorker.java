package dev.upskill.journey.steps;

import dev.upskill.journey.data.RequirementsRepository;
import dev.upskill.journey.identity.Initiators;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code set-requirements}, in the {@code set-requirements} process: a manager (or HR) sets the competency levels a
 * role ({@code roleId}) or their team ({@code teamId}) requires, from the start form's {@code requirements}: one
 * {@code competency:level} or {@code competency:level:optional} per line or comma (empty = requires nothing).
 * Replaces the target's whole set, as SetCompetencyRequirements does.
 */
@Component
class SetRequirementsWorker implements StepWorker {

    private final RequirementsRepository requirements;
    private final ManagerRequests requests;
    private final RequestChecks checks;

    SetRequirementsWorker(RequirementsRepository requirements, ManagerRequests requests, RequestChecks checks) {
        this.requirements = requirements;
        this.requests = requests;
        this.checks = checks;
    }

    @Override
    public String topic() {
        return "set-requirements";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        Initiators.Person person = requests.initiator(step);
        String role = ReviewInputs.id(step.variables().get("roleId"));
        String team = ReviewInputs.id(step.variables().get("teamId"));
        if ((role == null) == (team == null)) {
            throw RequestChecks.refuse("Name either a role or a team, not both");
        }
        if (team != null) {
            requests.requireManagesTeam(person, team);
        } else {
            requests.requireManagerOrHr(person);
        }
        List<RequirementsRepository.Requirement> wanted = parse(step.variables().get("requirements"));
        boolean changed = checks.write(() -> requirements.set(step.tenantId(), person.employeeId(),
                new RequirementsRepository.Target(role, team), wanted));
        return Map.of("requirementsChanged", changed, "requestProblem", "");
    }

    static List<RequirementsRepository.Requirement> parse(Object text) {
        List<RequirementsRepository.Requirement> parsed = new ArrayList<>();
        if (text == null) {
            return parsed;
        }
        for (String entry : text.toString().split("[,;\\n]+")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split("\\s*:\\s*");
            if (parts.length < 2 || parts.length > 3) {
                throw RequestChecks.refuse("Write each requirement as competency:level or competency:level:optional,"
                        + " not \"" + item + "\"");
            }
            int level;
            try {
                level = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw RequestChecks.refuse("The level of \"" + item + "\" is not a number");
            }
            String importance = parts.length == 3 ? parts[2].toUpperCase(Locale.ROOT) : "ESSENTIAL";
            parsed.add(new RequirementsRepository.Requirement(parts[0], level, importance));
        }
        return parsed;
    }
}

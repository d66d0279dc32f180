package dev.upskill.client.cli;

import com.google.protobuf.Timestamp;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ItemStatus;
import dev.upskill.proto.v1.JourneyStep;
import dev.upskill.proto.v1.LearningPathItem;
import dev.upskill.proto.v1.StepStatus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Renders a journey dashboard as text, e.g.
 *
 * <pre>
 * employee   e-1 (Ann Example)
 * journey    pi-7, running: Assessment
 * progress   [########------------]  40%
 *
 * step  status   id            name          started           ended
 * 1     done     profile-load  Profile load  2026-11-20 10:00  2026-11-20 10:01
 * 2     current  assessment    Assessment    2026-11-20 10:01
 * </pre>
 *
 * then the learning path. Times are UTC.
 */
final class JourneyDashboard {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int BAR = 20;

    private JourneyDashboard() {
    }

    static String render(GetJourneyResponse journey) {
        StringBuilder out = new StringBuilder();
        out.append("employee   ").append(journey.getEmployeeId());
        if (!journey.getDisplayName().isEmpty()) {
            out.append(" (").append(journey.getDisplayName()).append(')');
        }
        out.append('\n');
        out.append("journey    ").append(journey.getProcessInstanceId()).append(", ")
                .append(journey.getFinished() ? "finished" : "running: " + currentName(journey)).append('\n');
        int percent = Math.max(0, Math.min(100, journey.getCompletionPercent()));
        int filled = percent * BAR / 100;
        out.append(String.format(Locale.ROOT, "progress   [%s%s] %3d%%%n", "#".repeat(filled),
                "-".repeat(BAR - filled), percent));
        out.append('\n');
        TextTable steps = new TextTable(new String[] {"step", "status", "id", "name", "started", "ended"},
                new int[] {4, 8, 30, 40, 16, 16}, new boolean[] {true, false, false, false, false, false});
        int number = 1;
        for (JourneyStep step : journey.getStepsList()) {
            steps.add(String.valueOf(number++), status(step.getStatus()), step.getId(), step.getName(),
                    step.hasStartedAt() ? time(step.getStartedAt()) : "",
                    step.hasEndedAt() ? time(step.getEndedAt()) : "");
        }
        out.append(steps.render()).append('\n');
        if (journey.getLearningPathVersion() == 0) {
            return out.append("learning path: none yet\n").toString();
        }
        long done = journey.getLearningPathList().stream()
                .filter(item -> item.getStatus() == ItemStatus.ITEM_STATUS_DONE).count();
        out.append(String.format(Locale.ROOT, "learning path v%d: %d of %d done%n", journey.getLearningPathVersion(),
                done, journey.getLearningPathCount()));
        TextTable path = new TextTable(new String[] {"#", "status", "course", "title", "gap", "reason"},
                new int[] {4, 11, 20, 48, 20, Integer.MAX_VALUE},
                new boolean[] {true, false, false, false, false, false});
        for (LearningPathItem item : journey.getLearningPathList()) {
            path.add(String.valueOf(item.getPosition()), status(item.getStatus()), item.getCourseId(),
                    item.getCourseTitle(), HitTable.shortId(item.getCompetencyId()), item.getReason());
        }
        return out.append(path.render()).toString();
    }

    private static String currentName(GetJourneyResponse journey) {
        return journey.getStepsList().stream()
                .filter(step -> step.getId().equals(journey.getCurrentStage()))
                .map(JourneyStep::getName)
                .findFirst()
                .orElse(journey.getCurrentStage());
    }

    private static String status(StepStatus status) {
        return switch (status) {
            case STEP_STATUS_DONE -> "done";
            case STEP_STATUS_CURRENT -> "current";
            case STEP_STATUS_PENDING -> "pending";
            default -> "?";
        };
    }

    private static String status(ItemStatus status) {
        return switch (status) {
            case ITEM_STATUS_NOT_STARTED -> "not started";
            case ITEM_STATUS_IN_PROGRESS -> "in progress";
            case ITEM_STATUS_DONE -> "done";
            default -> "?";
        };
    }

    private static String time(Timestamp timestamp) {
        return TIME.format(Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()));
    }
}

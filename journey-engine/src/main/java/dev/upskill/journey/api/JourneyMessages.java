package dev.upskill.journey.api;

import com.google.protobuf.Timestamp;
import dev.upskill.journey.data.CourseCatalog;
import dev.upskill.journey.data.LearningPaths;
import dev.upskill.journey.process.Journeys;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.ItemStatus;
import dev.upskill.proto.v1.JourneyStep;
import dev.upskill.proto.v1.LearningEventType;
import dev.upskill.proto.v1.LearningPathItem;
import dev.upskill.proto.v1.StepStatus;
import java.time.Instant;

/** Converts between the journey proto messages and the engine's records. */
final class JourneyMessages {

    private JourneyMessages() {
    }

    static CourseCatalog.Course course(Course c) {
        return new CourseCatalog.Course(c.getId(), c.getTitle(), c.getDescription(), c.getProvider(), c.getUrl(),
                c.getLanguage(), enumName(c.getLevel().name(), "LEVEL_"), c.getDurationMinutes(),
                enumName(c.getFormat().name(), "COURSE_FORMAT_"), c.getCompetencyIdsList(),
                c.hasRating() ? c.getRating() : null, c.getRatingCount());
    }

    /** {@code LEVEL_BEGINNER} → {@code BEGINNER}; an unknown number (UNRECOGNIZED) stays as is and is refused. */
    private static String enumName(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    static LearningPaths.EventType eventType(LearningEventType type) {
        return switch (type) {
            case LEARNING_EVENT_TYPE_STARTED -> LearningPaths.EventType.STARTED;
            case LEARNING_EVENT_TYPE_OPENED -> LearningPaths.EventType.OPENED;
            case LEARNING_EVENT_TYPE_COMPLETED -> LearningPaths.EventType.COMPLETED;
            case LEARNING_EVENT_TYPE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }

    static ItemStatus itemStatus(String status) {
        if (status == null) {
            return ItemStatus.ITEM_STATUS_UNSPECIFIED;
        }
        return switch (status) {
            case "NOT_STARTED" -> ItemStatus.ITEM_STATUS_NOT_STARTED;
            case "IN_PROGRESS" -> ItemStatus.ITEM_STATUS_IN_PROGRESS;
            case "DONE" -> ItemStatus.ITEM_STATUS_DONE;
            default -> throw new IllegalStateException("item status " + status);
        };
    }

    static GetJourneyResponse dashboard(Journeys.Dashboard d) {
        GetJourneyResponse.Builder response = GetJourneyResponse.newBuilder()
                .setEmployeeId(d.employeeId())
                .setDisplayName(d.displayName() == null ? "" : d.displayName())
                .setProcessInstanceId(d.processInstanceId())
                .setCurrentStage(d.currentStage())
                .setCompletionPercent(d.completionPercent())
                .setLearningPathVersion(d.learningPath().version())
                .setFinished(d.finished());
        for (Journeys.Step step : d.steps()) {
            JourneyStep.Builder s = JourneyStep.newBuilder().setId(step.id()).setName(step.name())
                    .setStatus(switch (step.status()) {
                        case DONE -> StepStatus.STEP_STATUS_DONE;
                        case CURRENT -> StepStatus.STEP_STATUS_CURRENT;
                        case PENDING -> StepStatus.STEP_STATUS_PENDING;
                    });
            if (step.startedAt() != null) {
                s.setStartedAt(timestamp(step.startedAt()));
            }
            if (step.endedAt() != null) {
                s.setEndedAt(timestamp(step.endedAt()));
            }
            response.addSteps(s);
        }
        for (LearningPaths.Item item : d.learningPath().items()) {
            response.addLearningPath(LearningPathItem.newBuilder()
                    .setPosition(item.position())
                    .setCourseId(item.courseId())
                    .setCourseTitle(item.courseTitle())
                    .setCompetencyId(item.competencyId() == null ? "" : item.competencyId())
                    .setReason(item.reason() == null ? "" : item.reason())
                    .setStatus(itemStatus(item.status())));
        }
        return response.build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    /** A request's timestamp, or null when unset; INVALID_ARGUMENT naming {@code field} when out of range. */
    static Instant instant(String field, boolean set, Timestamp timestamp) {
        if (!set) {
            return null;
        }
        if (timestamp.getNanos() < 0 || timestamp.getNanos() > 999_999_999
                || timestamp.getSeconds() < -62_135_596_800L || timestamp.getSeconds() > 253_402_300_799L) {
            throw ApiErrors.invalidArgument(field, "not a valid timestamp");
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}

package dev.upskill.journey.data;

import static dev.upskill.journey.data.Fields.quoted;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Employees' learning paths and what they do with them. A path is a series of versions: a change (a course assigned)
 * writes a new version holding the current one's items with their progress plus the change, and the old version
 * becomes SUPERSEDED, so what a manager approved stays readable. Within a version only item status and timestamps
 * change. The current version is the highest one that is not REJECTED or SUPERSEDED.
 */
@Repository
public class LearningPaths {

    /** How far ahead of the server's clock an event's time may be (clock skew between services). */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(1);
    public static final int MAX_REASON = 1_000;

    public enum EventType { STARTED, OPENED, COMPLETED }

    public record Item(int position, String courseId, String courseTitle, String competencyId, String reason,
            String status) {
    }

    /** A path version; {@code version} 0 with no items when the employee has none. */
    public record Path(int version, String status, List<Item> items) {
    }

    public record Assignment(int version, boolean added) {
    }

    /** @param itemStatus the item's status after the event; null when the course is not on the current path */
    public record RecordedEvent(long eventId, String itemStatus) {
    }

    /** Published inside the transaction that marked the last item of an employee's current path DONE. */
    public record LearningPathCompleted(String tenantId, String employeeId, int version) {
    }

    private record Current(long id, int version, String status, String processInstanceId) {
    }

    private final JdbcClient jdbc;
    private final Employees employees;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public LearningPaths(JdbcClient jdbc, Employees employees, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.audit = audit;
        this.events = events;
    }

    /** A course proposed for a path: the gap it addresses (or null) and why, one sentence. */
    public record Proposal(String courseId, String competencyId, String reason) {
    }

    /**
     * Writes a new PROPOSED version from a journey's recommendations; the current version becomes SUPERSEDED. Items
     * keep the progress the employee made on the same course in the current version.
     *
     * @param recommendationRequestId the RecommendForGaps response's request id (empty = none)
     * @return the new version
     */
    @Transactional
    public int propose(String tenant, String employeeId, String processInstanceId, List<Proposal> proposals,
            String recommendationRequestId, String actor) {
        Employees.Employee employee = employees.lock(tenant, "employee_id", employeeId);
        Optional<Current> current = currentVersion(tenant, employee.id());
        int version = nextVersion(tenant, employee.id());
        long path = jdbc.sql("""
                INSERT INTO company.learning_path (tenant_id, employee_id, version, status, process_instance_id,
                    created_by, recommendation_request_id)
                VALUES (:t, :e, :version, 'PROPOSED', :process, :actor, :request) RETURNING id""")
                .param("t", tenant).param("e", employee.id()).param("version", version)
                .param("process", processInstanceId).param("actor", actor)
                .param("request", recommendationRequestId == null || recommendationRequestId.isEmpty()
                        ? null : recommendationRequestId)
                .query(Long.class).single();
        int position = 0;
        for (Proposal proposal : proposals) {
            position++;
            jdbc.sql("""
                    INSERT INTO company.learning_path_item (tenant_id, path_id, position, course_id, competency_id,
                        reason, status, started_at, completed_at)
                    SELECT :t, :path, :position, :course, :competency, :reason,
                           coalesce(old.status, 'NOT_STARTED'), old.started_at, old.completed_at
                    FROM (SELECT 1) one
                    LEFT JOIN company.learning_path_item old
                           ON old.tenant_id = :t AND old.path_id = :old AND old.course_id = :course""")
                    .param("t", tenant).param("path", path).param("position", position)
                    .param("course", proposal.courseId()).param("competency", proposal.competencyId())
                    .param("reason", proposal.reason()).param("old", current.map(Current::id).orElse(-1L))
                    .update();
        }
        current.ifPresent(c -> supersede(tenant, c.id()));
        audit.recordDetails(tenant, actor, "PROPOSE_LEARNING_PATH", "employee", employee.id(),
                Map.of("learning_path_version", version, "items", proposals.size()));
        return version;
    }

    /**
     * A manager's review of the current (proposed) path: courses removed and one added make a new version; the
     * result is APPROVED.
     *
     * @param removeCourseIds courses to take off the path (ids not on it are ignored)
     * @param addCourseId a course to add, or null
     * @return the approved version
     * @throws UnknownEntityException naming {@code addCourseId} for a course the tenant does not have
     */
    @Transactional
    public int approve(String tenant, String employeeId, List<String> removeCourseIds, String addCourseId,
            String comment, String approver) {
        Employees.Employee employee = employees.lock(tenant, "employee_id", employeeId);
        if (addCourseId != null) {
            requireCourse(tenant, addCourseId, "addCourseId");
        }
        Current current = currentVersion(tenant, employee.id()).orElseThrow(() -> new UnknownEntityException(
                "employee_id", "employee " + quoted(employee.id()) + " has no learning path to approve"));
        long path = current.id();
        int version = current.version();
        boolean edited = addCourseId != null || jdbc.sql("""
                SELECT count(*) FROM company.learning_path_item WHERE tenant_id = :t AND path_id = :p
                AND course_id IN (:removed)""")
                .param("t", tenant).param("p", path).param("removed", removeCourseIds.isEmpty() ? List.of("")
                        : removeCourseIds)
                .query(Long.class).single() > 0;
        if (edited) {
            version = nextVersion(tenant, employee.id());
            long edit = jdbc.sql("""
                    INSERT INTO company.learning_path (tenant_id, employee_id, version, status, process_instance_id,
                        created_by, recommendation_request_id)
                    SELECT tenant_id, employee_id, :version, 'PROPOSED', process_instance_id, :actor,
                           recommendation_request_id
                    FROM company.learning_path WHERE tenant_id = :t AND id = :old RETURNING id""")
                    .param("version", version).param("actor", approver).param("t", tenant).param("old", path)
                    .query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO company.learning_path_item (tenant_id, path_id, position, course_id, competency_id,
                        reason, status, started_at, completed_at)
                    SELECT tenant_id, :edit, row_number() OVER (ORDER BY position), course_id, competency_id, reason,
                           status, started_at, completed_at
                    FROM company.learning_path_item
                    WHERE tenant_id = :t AND path_id = :old AND course_id NOT IN (:removed)""")
                    .param("edit", edit).param("t", tenant).param("old", path)
                    .param("removed", removeCourseIds.isEmpty() ? List.of("") : removeCourseIds)
                    .update();
            if (addCourseId != null) {
                jdbc.sql("""
                        INSERT INTO company.learning_path_item (tenant_id, path_id, position, course_id, reason)
                        SELECT :t, :edit, coalesce(max(position), 0) + 1, :course, :reason
                        FROM company.learning_path_item WHERE tenant_id = :t AND path_id = :edit
                        ON CONFLICT DO NOTHING""")
                        .param("t", tenant).param("edit", edit).param("course", addCourseId)
                        .param("reason", "Added by " + approver).update();
            }
            supersede(tenant, path);
            path = edit;
        }
        jdbc.sql("""
                UPDATE company.learning_path SET status = 'APPROVED', approved_by = :by, approved_at = now()
                WHERE tenant_id = :t AND id = :id""")
                .param("by", approver).param("t", tenant).param("id", path).update();
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("learning_path_version", version);
        details.put("removed", removeCourseIds);
        details.put("added", addCourseId == null ? List.of() : List.of(addCourseId));
        if (comment != null && !comment.isBlank()) {
            details.put("comment", comment);
        }
        audit.recordDetails(tenant, approver, "APPROVE_LEARNING_PATH", "employee", employee.id(), details);
        return version;
    }

    /** The employee's current path with its items in order (version 0 when none). */
    public Path current(String tenant, String employeeId) {
        Optional<Current> current = currentVersion(tenant, employeeId);
        if (current.isEmpty()) {
            return new Path(0, null, List.of());
        }
        List<Item> items = jdbc.sql("""
                SELECT i.position, i.course_id, c.title, i.competency_id, i.reason, i.status
                FROM company.learning_path_item i
                JOIN company.course c ON c.tenant_id = i.tenant_id AND c.id = i.course_id
                WHERE i.tenant_id = :t AND i.path_id = :path ORDER BY i.position""")
                .param("t", tenant)
                .param("path", current.get().id())
                .query((rs, n) -> new Item(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
        return new Path(current.get().version(), current.get().status(), items);
    }

    /** Adds {@code courseId} to the employee's path as a new version (nothing when already on the current one). */
    @Transactional
    public Assignment assign(String tenantId, String employeeId, String courseId, String competencyId,
            String actorName, String reason) {
        String actor = Fields.actor(actorName);
        String course = Fields.id("course_id", courseId);
        String competency = Fields.optionalId("competency_id", competencyId);
        String why = Fields.text("reason", reason, MAX_REASON);
        Employees.Employee employee = employees.lock(tenantId, "employee_id", employeeId);
        String tenant = employee.tenantId();
        requireCourse(tenant, course);
        if (competency != null && jdbc.sql("SELECT count(*) FROM company.competency WHERE tenant_id = :t AND id = :id")
                .param("t", tenant).param("id", competency).query(Long.class).single() == 0) {
            throw new UnknownEntityException("competency_id", "unknown competency " + quoted(competency));
        }
        Optional<Current> current = currentVersion(tenant, employee.id());
        if (current.isPresent() && jdbc.sql("""
                SELECT count(*) FROM company.learning_path_item
                WHERE tenant_id = :t AND path_id = :p AND course_id = :c""")
                .param("t", tenant).param("p", current.get().id()).param("c", course).query(Long.class).single() > 0) {
            return new Assignment(current.get().version(), false);
        }
        int version = nextVersion(tenant, employee.id());
        // A manager's direct assignment needs no review: the new version is approved unless the current one still
        // waits for its review (PROPOSED), which then covers the added course too.
        String status = current.map(c -> c.status().equals("PROPOSED") ? "PROPOSED" : "APPROVED").orElse("APPROVED");
        long path = jdbc.sql("""
                INSERT INTO company.learning_path (tenant_id, employee_id, version, status, process_instance_id,
                    created_by, approved_by, approved_at)
                VALUES (:t, :e, :version, :status, :process, :actor,
                    CASE WHEN :status = 'APPROVED' THEN :actor END, CASE WHEN :status = 'APPROVED' THEN now() END)
                RETURNING id""")
                .param("t", tenant).param("e", employee.id()).param("version", version).param("status", status)
                .param("process", current.map(Current::processInstanceId).orElse(null)).param("actor", actor)
                .query(Long.class).single();
        int copied = 0;
        if (current.isPresent()) {
            copied = jdbc.sql("""
                    INSERT INTO company.learning_path_item (tenant_id, path_id, position, course_id, competency_id,
                        reason, status, started_at, completed_at)
                    SELECT tenant_id, :path, position, course_id, competency_id, reason, status, started_at,
                           completed_at
                    FROM company.learning_path_item WHERE tenant_id = :t AND path_id = :old""")
                    .param("path", path).param("t", tenant).param("old", current.get().id()).update();
            supersede(tenant, current.get().id());
        }
        jdbc.sql("""
                INSERT INTO company.learning_path_item (tenant_id, path_id, position, course_id, competency_id, reason)
                VALUES (:t, :path, (SELECT coalesce(max(position), 0) + 1 FROM company.learning_path_item
                                    WHERE tenant_id = :t AND path_id = :path), :course, :competency, :reason)""")
                .param("t", tenant).param("path", path).param("course", course).param("competency", competency)
                .param("reason", why == null ? "Assigned by " + actor : why)
                .update();
        audit.recordDetails(tenant, actor, "ASSIGN_COURSE", "employee", employee.id(),
                Map.of("course_id", course, "learning_path_version", version, "items_kept", copied));
        return new Assignment(version, true);
    }

    /** Stores the event and moves the course's item on the current path forward. */
    @Transactional
    public RecordedEvent record(String tenantId, String employeeId, String courseId, EventType type,
            Instant occurredAt) {
        String course = Fields.id("course_id", courseId);
        if (type == null) {
            throw new InvalidDataException("type", "required: STARTED, OPENED or COMPLETED");
        }
        Instant now = Instant.now();
        Instant at = occurredAt == null ? now : occurredAt;
        if (at.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw new InvalidDataException("occurred_at", "in the future: " + at);
        }
        Employees.Employee employee = employees.lock(tenantId, "employee_id", employeeId);
        String tenant = employee.tenantId();
        requireCourse(tenant, course);
        Optional<Current> current = currentVersion(tenant, employee.id());
        Long itemId = current.flatMap(c -> jdbc.sql("""
                SELECT id FROM company.learning_path_item WHERE tenant_id = :t AND path_id = :p AND course_id = :c""")
                .param("t", tenant).param("p", c.id()).param("c", course).query(Long.class).optional())
                .orElse(null);
        long eventId = jdbc.sql("""
                INSERT INTO company.learning_event (tenant_id, employee_id, course_id, path_item_id, type, occurred_at)
                VALUES (:t, :e, :c, :item, :type, :at) RETURNING id""")
                .param("t", tenant).param("e", employee.id()).param("c", course).param("item", itemId)
                .param("type", type.name()).param("at", Timestamp.from(at))
                .query(Long.class).single();
        if (itemId == null) {
            return new RecordedEvent(eventId, null);
        }
        // Forward only: a late "opened" after "completed" leaves the item DONE.
        String status = jdbc.sql(type == EventType.COMPLETED ? """
                UPDATE company.learning_path_item
                SET status = 'DONE', started_at = coalesce(started_at, :at), completed_at = coalesce(completed_at, :at)
                WHERE tenant_id = :t AND id = :id RETURNING status""" : """
                UPDATE company.learning_path_item
                SET status = CASE WHEN status = 'NOT_STARTED' THEN 'IN_PROGRESS' ELSE status END,
                    started_at = coalesce(started_at, :at)
                WHERE tenant_id = :t AND id = :id RETURNING status""")
                .param("t", tenant).param("id", itemId).param("at", Timestamp.from(at))
                .query(String.class).single();
        if (type == EventType.COMPLETED && !current.get().status().equals("COMPLETED")
                && jdbc.sql("""
                        SELECT count(*) FROM company.learning_path_item
                        WHERE tenant_id = :t AND path_id = :p AND status <> 'DONE'""")
                        .param("t", tenant).param("p", current.get().id()).query(Long.class).single() == 0) {
            jdbc.sql("UPDATE company.learning_path SET status = 'COMPLETED' WHERE tenant_id = :t AND id = :id")
                    .param("t", tenant).param("id", current.get().id()).update();
            events.publishEvent(new LearningPathCompleted(tenant, employee.id(), current.get().version()));
        }
        return new RecordedEvent(eventId, status);
    }

    private Optional<Current> currentVersion(String tenant, String employee) {
        return jdbc.sql("""
                SELECT id, version, status, process_instance_id FROM company.learning_path
                WHERE tenant_id = :t AND employee_id = :e AND status NOT IN ('REJECTED', 'SUPERSEDED')
                ORDER BY version DESC LIMIT 1""")
                .param("t", tenant).param("e", employee)
                .query((rs, n) -> new Current(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    private void requireCourse(String tenant, String course) {
        requireCourse(tenant, course, "course_id");
    }

    private void requireCourse(String tenant, String course, String field) {
        if (jdbc.sql("SELECT count(*) FROM company.course WHERE tenant_id = :t AND id = :id")
                .param("t", tenant).param("id", course).query(Long.class).single() == 0) {
            throw new UnknownEntityException(field, "unknown course " + quoted(course));
        }
    }

    private int nextVersion(String tenant, String employee) {
        return jdbc.sql("""
                SELECT coalesce(max(version), 0) + 1 FROM company.learning_path
                WHERE tenant_id = :t AND employee_id = :e""")
                .param("t", tenant).param("e", employee).query(Integer.class).single();
    }

    private void supersede(String tenant, long path) {
        jdbc.sql("UPDATE company.learning_path SET status = 'SUPERSEDED' WHERE tenant_id = :t AND id = :id")
                .param("t", tenant).param("id", path).update();
    }
}

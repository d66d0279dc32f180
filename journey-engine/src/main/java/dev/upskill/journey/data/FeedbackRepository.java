package dev.upskill.journey.data;

import static dev.upskill.journey.data.Fields.quoted;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Feedback about employees ({@code company.feedback} and its tagged competencies). */
@Repository
public class FeedbackRepository {

    public static final Set<String> SOURCES = Set.of("MANAGER_REVIEW", "PEER", "SELF", "360");
    public static final int MAX_TEXT = 20_000;
    public static final int MAX_COMPETENCIES = 100;

    /**
     * @param authorId null = anonymous or external
     * @param source one of {@link #SOURCES}
     * @param rating 0 to 5, or null for text-only feedback
     * @param givenOn YYYY-MM-DD, or null for today
     */
    public record Feedback(String employeeId, String authorId, String source, Double rating, String text,
            List<String> competencyIds, String givenOn) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public FeedbackRepository(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Stores the feedback and returns its id. */
    @Transactional
    public long submit(String tenantId, String actorName, Feedback feedback) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        String employee = Fields.id("employee_id", feedback.employeeId());
        String author = Fields.optionalId("author_id", feedback.authorId());
        if (feedback.source() == null || !SOURCES.contains(feedback.source())) {
            throw new InvalidDataException("source", "one of MANAGER_REVIEW, PEER, SELF, 360");
        }
        if ("SELF".equals(feedback.source())) {
            if (author == null) {
                author = employee;
            } else if (!author.equals(employee)) {
                throw new InvalidDataException("author_id", "SELF feedback is by the employee themself");
            }
        }
        BigDecimal rating = null;
        if (feedback.rating() != null) {
            double value = feedback.rating();
            if (!Double.isFinite(value) || value < 0 || value > 5) {
                throw new InvalidDataException("rating", "0 to 5, was " + value);
            }
            rating = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
        }
        String text = Fields.text("text", feedback.text(), MAX_TEXT);
        if (rating == null && text == null) {
            throw new InvalidDataException("rating", "a rating or a text (or both) is required");
        }
        if (feedback.competencyIds().size() > MAX_COMPETENCIES) {
            throw new InvalidDataException("competency_ids",
                    "at most " + MAX_COMPETENCIES + ", was " + feedback.competencyIds().size());
        }
        for (int i = 0; i < feedback.competencyIds().size(); i++) {
            Fields.id("competency_ids[" + i + "]", feedback.competencyIds().get(i));
        }
        LocalDate givenOn;
        try {
            givenOn = feedback.givenOn() == null || feedback.givenOn().isEmpty()
                    ? null : LocalDate.parse(feedback.givenOn());
        } catch (DateTimeParseException e) {
            throw new InvalidDataException("given_on", "not a date (YYYY-MM-DD): " + quoted(feedback.givenOn()));
        }

        if (!employeeExists(tenant, employee)) {
            throw new UnknownEntityException("employee_id", "unknown employee " + quoted(employee));
        }
        if (author != null && !employeeExists(tenant, author)) {
            throw new UnknownEntityException("author_id", "unknown employee " + quoted(author));
        }
        Set<String> competencies = new LinkedHashSet<>(feedback.competencyIds());
        List<String> list = new ArrayList<>(feedback.competencyIds());
        for (int i = 0; i < list.size(); i++) {
            boolean exists = jdbc.sql("SELECT count(*) FROM company.competency WHERE tenant_id = :t AND id = :id")
                    .param("t", tenant).param("id", list.get(i)).query(Long.class).single() > 0;
            if (!exists) {
                throw new UnknownEntityException("competency_ids[" + i + "]",
                        "unknown competency " + quoted(list.get(i)));
            }
        }
        long id = jdbc.sql("""
                INSERT INTO company.feedback (tenant_id, employee_id, author_id, source, rating, text, given_on)
                VALUES (:tenant, :employee, :author, :source, :rating, :text, COALESCE(:givenOn, current_date))
                RETURNING id""")
                .param("tenant", tenant)
                .param("employee", employee)
                .param("author", author)
                .param("source", feedback.source())
                .param("rating", rating)
                .param("text", text)
                .param("givenOn", givenOn, java.sql.Types.DATE)
                .query(Long.class)
                .single();
        for (String competency : competencies) {
            jdbc.sql("""
                    INSERT INTO company.feedback_competency (tenant_id, feedback_id, competency_id)
                    VALUES (:tenant, :feedback, :competency)""")
                    .param("tenant", tenant)
                    .param("feedback", id)
                    .param("competency", competency)
                    .update();
        }
        audit.record(tenant, actor, "CREATE", "feedback", Long.toString(id), null);
        return id;
    }

    private boolean employeeExists(String tenant, String id) {
        return jdbc.sql("SELECT count(*) FROM company.employee WHERE tenant_id = :t AND id = :id AND erased_at IS NULL")
                .param("t", tenant).param("id", id).query(Long.class).single() > 0;
    }
}

package dev.upskill.journey.data;

import static dev.upskill.journey.data.Fields.quoted;

import dev.upskill.journey.data.CompanyImports.ImportCounts;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's course catalog ({@code company.course}): the source of truth the inference server's catalog is synced
 * from. An import is one transaction like the company imports; after it, {@link CoursesChanged} is published so the
 * sync pushes what changed once the transaction has committed.
 */
@Repository
public class CourseCatalog {

    public static final Set<String> FORMATS = Set.of("UNSPECIFIED", "COURSE", "VIDEO", "ARTICLE", "WORKSHOP", "BOOK",
            "PODCAST", "WEBINAR", "MENTORING", "OTHER");
    public static final Set<String> LEVELS = Set.of("UNSPECIFIED", "BEGINNER", "INTERMEDIATE", "ADVANCED", "EXPERT");
    public static final int MAX_COMPETENCIES = 50;

    private static final Pattern HTTP_URL = Pattern.compile("(?i)https?://\\S+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,8}(-[a-z0-9]{1,8})*");

    /**
     * A course as the API sends it. {@code format} and {@code level}: names from {@link #FORMATS} and {@link #LEVELS};
     * {@code rating}: null when unrated.
     */
    public record Course(String id, String title, String description, String provider, String url, String language,
            String level, int durationMinutes, String format, List<String> competencyIds, Float rating,
            long ratingCount) {
    }

    /** Published inside an import's transaction when it created or changed courses of {@code tenantId}. */
    public record CoursesChanged(String tenantId) {
    }

    private final JdbcClient jdbc;
    private final Tenants tenants;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    public CourseCatalog(JdbcClient jdbc, Tenants tenants, AuditLog audit, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.audit = audit;
        this.events = events;
    }

    @Transactional
    public ImportCounts importCourses(String tenantId, String tenantName, String actorName, List<Course> courses) {
        String tenant = Fields.tenantId(tenantId);
        String actor = Fields.actor(actorName);
        FirstPositions positions = new FirstPositions("courses");
        for (int i = 0; i < courses.size(); i++) {
            validate("courses[" + i + "]", courses.get(i), positions, i);
        }
        tenants.ensure(tenant, tenantName, actor);
        int created = 0;
        int updated = 0;
        for (int i = 0; i < courses.size(); i++) {
            Course c = courses.get(i);
            String field = "courses[" + i + "]";
            List<String> competencies = List.copyOf(new LinkedHashSet<>(c.competencyIds()));
            Boolean inserted = CompanyImports.guarded(field, () -> jdbc.sql("""
                    INSERT INTO company.course AS c (tenant_id, id, title, description, provider, format, level,
                        duration_minutes, language, url, rating, rating_count)
                    VALUES (:tenant, :id, :title, :description, :provider, :format, :level, :duration, :language,
                        :url, :rating, :ratingCount)
                    ON CONFLICT (tenant_id, id) DO UPDATE
                    SET title = EXCLUDED.title, description = EXCLUDED.description, provider = EXCLUDED.provider,
                        format = EXCLUDED.format, level = EXCLUDED.level, duration_minutes = EXCLUDED.duration_minutes,
                        language = EXCLUDED.language, url = EXCLUDED.url, rating = EXCLUDED.rating,
                        rating_count = EXCLUDED.rating_count, updated_at = now()
                    WHERE (c.title, c.description, c.provider, c.format, c.level, c.duration_minutes, c.language,
                           c.url, c.rating, c.rating_count)
                          IS DISTINCT FROM
                          (EXCLUDED.title, EXCLUDED.description, EXCLUDED.provider, EXCLUDED.format, EXCLUDED.level,
                           EXCLUDED.duration_minutes, EXCLUDED.language, EXCLUDED.url, EXCLUDED.rating,
                           EXCLUDED.rating_count)
                    RETURNING (xmax = 0)""")
                    .param("tenant", tenant)
                    .param("id", c.id())
                    .param("title", c.title())
                    .param("description", nullToEmpty(c.description()))
                    .param("provider", nullToEmpty(c.provider()))
                    .param("format", c.format())
                    .param("level", c.level())
                    .param("duration", c.durationMinutes())
                    .param("language", nullToEmpty(c.language()).toLowerCase(Locale.ROOT))
                    .param("url", nullToEmpty(c.url()))
                    .param("rating", c.rating())
                    .param("ratingCount", c.ratingCount())
                    .query(Boolean.class)
                    .optional()
                    .orElse(null));
            boolean competenciesChanged = replaceCompetencies(tenant, c.id(), competencies);
            if (inserted == null && competenciesChanged) {
                jdbc.sql("UPDATE company.course SET updated_at = now() WHERE tenant_id = :t AND id = :id")
                        .param("t", tenant).param("id", c.id()).update();
                inserted = false;
            }
            if (inserted != null) {
                audit.record(tenant, actor, inserted ? "CREATE" : "UPDATE", "course", c.id(), null);
                created += inserted ? 1 : 0;
                updated += inserted ? 0 : 1;
            }
        }
        if (created + updated > 0) {
            events.publishEvent(new CoursesChanged(tenant));
        }
        return new ImportCounts(created, updated, courses.size() - created - updated);
    }

    /** True when the course's competency set changed. */
    private boolean replaceCompetencies(String tenant, String course, List<String> wanted) {
        Set<String> stored = new LinkedHashSet<>(jdbc.sql("""
                SELECT competency_id FROM company.course_competency WHERE tenant_id = :t AND course_id = :c""")
                .param("t", tenant).param("c", course).query(String.class).list());
        if (stored.equals(new LinkedHashSet<>(wanted))) {
            return false;
        }
        jdbc.sql("DELETE FROM company.course_competency WHERE tenant_id = :t AND course_id = :c")
                .param("t", tenant).param("c", course).update();
        for (String competency : wanted) {
            jdbc.sql("""
                    INSERT INTO company.course_competency (tenant_id, course_id, competency_id)
                    VALUES (:t, :c, :competency)""")
                    .param("t", tenant).param("c", course).param("competency", competency).update();
        }
        return true;
    }

    private static void validate(String field, Course c, FirstPositions positions, int i) {
        String id = Fields.id(field + ".id", c.id());
        positions.claim(id, i, field + ".id");
        Fields.name(field + ".title", c.title(), 500);
        Fields.text(field + ".description", c.description(), Fields.MAX_LONG_TEXT);
        Fields.text(field + ".provider", c.provider(), 200);
        String url = Fields.text(field + ".url", c.url(), Fields.MAX_URI);
        if (url != null && !HTTP_URL.matcher(url).matches()) {
            throw new InvalidDataException(field + ".url", "empty or an absolute http(s) URL, was " + quoted(url));
        }
        String language = Fields.text(field + ".language", c.language(), 35);
        if (language != null && !LANGUAGE.matcher(language.toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidDataException(field + ".language", "a BCP 47 tag such as en or de-CH, was "
                    + quoted(language));
        }
        if (!LEVELS.contains(c.level())) {
            throw new InvalidDataException(field + ".level", "not a level: " + c.level());
        }
        if (!FORMATS.contains(c.format())) {
            throw new InvalidDataException(field + ".format", "not a format: " + c.format());
        }
        if (c.durationMinutes() < 0 || c.durationMinutes() > 100_000) {
            throw new InvalidDataException(field + ".duration_minutes", "0 to 100000, was " + c.durationMinutes());
        }
        if (c.competencyIds().size() > MAX_COMPETENCIES) {
            throw new InvalidDataException(field + ".competency_ids",
                    "at most " + MAX_COMPETENCIES + ", was " + c.competencyIds().size());
        }
        for (int k = 0; k < c.competencyIds().size(); k++) {
            Fields.id(field + ".competency_ids[" + k + "]", c.competencyIds().get(k));
        }
        if (c.rating() != null && !(c.rating() >= 0 && c.rating() <= 5)) {
            throw new InvalidDataException(field + ".rating", "0 to 5, was " + c.rating());
        }
        if (c.ratingCount() < 0) {
            throw new InvalidDataException(field + ".rating_count", "at least 0, was " + c.ratingCount());
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}

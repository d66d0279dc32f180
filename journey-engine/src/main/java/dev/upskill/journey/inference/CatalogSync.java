package dev.upskill.journey.inference;

import dev.upskill.client.CatalogClient;
import dev.upskill.client.FrameworkUpdate;
import dev.upskill.client.inference.InferenceClient;
import dev.upskill.journey.data.CourseCatalog;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.UpsertCoursesResponse;
import io.grpc.StatusRuntimeException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps the inference server's catalog in step with the engine's, which is the source of truth: each tenant's
 * competencies (when one changed since the last push) and then its changed courses are pushed with UpsertCompetencies
 * and UpsertCourses, in batches. Runs on its own thread: right after an import commits, and every
 * {@code upskill.journey.catalog-sync.interval}, so a push that failed (inference server down) is simply retried
 * later and an import never waits for, or fails because of, the inference server. A course is marked pushed only if
 * it did not change again meanwhile ({@code updated_at} still equal), so no change is lost to a race.
 */
@Component
public class CatalogSync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CatalogSync.class);
    /** Items per Upsert call: each call has the catalog deadline, so a large catalog is many short calls. */
    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final InferenceClient inference;
    private final CatalogSyncProperties properties;
    private ScheduledExecutorService thread;
    private volatile boolean failing;

    CatalogSync(JdbcClient jdbc, InferenceClient inference, CatalogSyncProperties properties) {
        this.jdbc = jdbc;
        this.inference = inference;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("catalog-sync").daemon()
                .factory());
        long interval = properties.interval().toMillis();
        thread.scheduleWithFixedDelay(this::syncAllQuietly, 0, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    @TransactionalEventListener
    void onCoursesChanged(CourseCatalog.CoursesChanged changed) {
        ScheduledExecutorService running = thread;
        if (running != null) {
            running.execute(this::syncAllQuietly);
        }
    }

    private void syncAllQuietly() {
        try {
            int pushed = syncAll();
            if (failing) {
                log.info("Catalog sync with the inference server works again ({} items pushed)", pushed);
                failing = false;
            }
        } catch (StatusRuntimeException e) {
            // One warning per outage, not one per interval.
            if (!failing) {
                log.warn("Catalog sync with the inference server failed ({}); retrying every {}", e.getStatus(),
                        properties.interval());
                failing = true;
            }
        } catch (RuntimeException e) {
            log.error("Catalog sync failed", e);
        }
    }

    /** Pushes what changed for every tenant; returns the competencies and courses pushed. */
    public synchronized int syncAll() {
        int pushed = 0;
        for (String tenant : jdbc.sql("""
                SELECT t.id FROM company.tenant t
                WHERE EXISTS (SELECT 1 FROM company.competency c WHERE c.tenant_id = t.id
                              AND (t.catalog_framework_synced_at IS NULL
                                   OR c.updated_at > t.catalog_framework_synced_at))
                   OR EXISTS (SELECT 1 FROM company.course c WHERE c.tenant_id = t.id
                              AND (c.catalog_synced_at IS NULL OR c.catalog_synced_at < c.updated_at))
                ORDER BY t.id""").query(String.class).list()) {
            pushed += syncFramework(tenant);
            pushed += syncCourses(tenant);
        }
        return pushed;
    }

    private int syncFramework(String tenant) {
        Timestamp latest = jdbc.sql("""
                SELECT max(c.updated_at) FROM company.competency c JOIN company.tenant t ON t.id = c.tenant_id
                WHERE c.tenant_id = :t AND (t.catalog_framework_synced_at IS NULL
                                            OR c.updated_at > t.catalog_framework_synced_at)""")
                .param("t", tenant).query(Timestamp.class).optional().orElse(null);
        if (latest == null) {
            return 0;
        }
        List<Competency> competencies = jdbc.sql("""
                SELECT id, name, description, parent_id FROM company.competency WHERE tenant_id = :t
                ORDER BY id""")
                .param("t", tenant)
                .query((rs, n) -> Competency.newBuilder().setId(rs.getString(1)).setName(rs.getString(2))
                        .setDescription(orEmpty(rs.getString(3))).setParentId(orEmpty(rs.getString(4))).build())
                .list();
        boolean coursesPushed = jdbc.sql("""
                SELECT count(*) > 0 FROM company.course WHERE tenant_id = :t AND catalog_synced_at IS NOT NULL""")
                .param("t", tenant).query(Boolean.class).single();
        // Parents first: the server checks each call's parent ids against the framework it holds after that call,
        // so no batch may name a parent that only a later batch brings. Re-tag the pushed courses once, at the end.
        List<Competency> ordered = parentsFirst(competencies);
        for (int from = 0; from < ordered.size(); from += BATCH) {
            boolean last = from + BATCH >= ordered.size();
            List<Competency> batch = ordered.subList(from, Math.min(ordered.size(), from + BATCH));
            inference.catalog().upsertCompetencies(tenant, batch.iterator(), CatalogClient.MAX_BATCH_SIZE,
                    new FrameworkUpdate(false, last && coursesPushed), n -> { });
        }
        jdbc.sql("UPDATE company.tenant SET catalog_framework_synced_at = :at WHERE id = :t")
                .param("at", latest).param("t", tenant).update();
        return competencies.size();
    }

    private int syncCourses(String tenant) {
        int pushed = 0;
        while (true) {
            Map<String, Course.Builder> batch = new LinkedHashMap<>();
            Map<String, Timestamp> seen = new LinkedHashMap<>();
            jdbc.sql("""
                    SELECT id, title, description, provider, url, language, level, duration_minutes, format, rating,
                           rating_count, updated_at
                    FROM company.course
                    WHERE tenant_id = :t AND (catalog_synced_at IS NULL OR catalog_synced_at < updated_at)
                    ORDER BY id LIMIT :n""")
                    .param("t", tenant).param("n", BATCH)
                    .query((rs, n) -> {
                        Course.Builder course = Course.newBuilder().setId(rs.getString(1)).setTitle(rs.getString(2))
                                .setDescription(rs.getString(3)).setProvider(rs.getString(4)).setUrl(rs.getString(5))
                                .setLanguage(rs.getString(6)).setLevel(Level.valueOf("LEVEL_" + rs.getString(7)))
                                .setDurationMinutes(rs.getInt(8))
                                .setFormat(CourseFormat.valueOf("COURSE_FORMAT_" + rs.getString(9)))
                                .setRatingCount(rs.getLong(11));
                        float rating = rs.getFloat(10);
                        if (!rs.wasNull()) {
                            course.setRating(rating);
                        }
                        batch.put(rs.getString(1), course);
                        seen.put(rs.getString(1), rs.getTimestamp(12));
                        return null;
                    })
                    .list();
            if (batch.isEmpty()) {
                return pushed;
            }
            jdbc.sql("""
                    SELECT course_id, competency_id FROM company.course_competency
                    WHERE tenant_id = :t AND course_id IN (:ids) ORDER BY course_id, competency_id""")
                    .param("t", tenant).param("ids", batch.keySet())
                    .query((rs, n) -> batch.get(rs.getString(1)).addCompetencyIds(rs.getString(2)))
                    .list();
            List<Course> courses = new ArrayList<>();
            batch.values().forEach(b -> courses.add(b.build()));
            UpsertCoursesResponse response = inference.upsertCourses(tenant, courses);
            if (response.getFailed() > 0) {
                // The engine checks the same limits on import, so a refusal here would repeat on every retry: it is
                // reported, and the courses are marked pushed like the rest.
                log.warn("The inference server refused {} of {} courses of tenant {}: {}", response.getFailed(),
                        courses.size(), tenant, response.getErrorsList());
            }
            for (Map.Entry<String, Timestamp> course : seen.entrySet()) {
                jdbc.sql("""
                        UPDATE company.course SET catalog_synced_at = updated_at
                        WHERE tenant_id = :t AND id = :id AND updated_at = :seen""")
                        .param("t", tenant).param("id", course.getKey()).param("seen", course.getValue()).update();
            }
            pushed += courses.size();
            if (batch.size() < BATCH) {
                return pushed;
            }
        }
    }

    /** Competencies ordered so that each parent comes before its children (the input is a forest). */
    static List<Competency> parentsFirst(List<Competency> competencies) {
        Map<String, List<Competency>> children = new LinkedHashMap<>();
        List<Competency> roots = new ArrayList<>();
        Map<String, Competency> byId = new LinkedHashMap<>();
        competencies.forEach(c -> byId.put(c.getId(), c));
        for (Competency c : competencies) {
            if (c.getParentId().isEmpty() || !byId.containsKey(c.getParentId())) {
                roots.add(c);
            } else {
                children.computeIfAbsent(c.getParentId(), p -> new ArrayList<>()).add(c);
            }
        }
        List<Competency> ordered = new ArrayList<>(competencies.size());
        ArrayList<Competency> queue = new ArrayList<>(roots);
        for (int i = 0; i < queue.size(); i++) {
            Competency c = queue.get(i);
            ordered.add(c);
            queue.addAll(children.getOrDefault(c.getId(), List.of()));
        }
        return ordered;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}

package dev.upskill.journey.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upskill.journey.data.LearningPaths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The learning path as process variables for the Tasklist forms: {@code learningPathVersion}, {@code proposedItems}
 * (JSON: course id, title, link, gap, reason, status) and {@code learningPathSummary} (Markdown: one numbered line per
 * course with its link and reason), which the review and learning forms show.
 */
@Component
class PathSummaries {

    private final LearningPaths paths;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    PathSummaries(LearningPaths paths, JdbcClient jdbc, ObjectMapper json) {
        this.paths = paths;
        this.jdbc = jdbc;
        this.json = json;
    }

    boolean courseExists(String tenant, String courseId) {
        return jdbc.sql("SELECT count(*) FROM company.course WHERE tenant_id = :t AND id = :id")
                .param("t", tenant).param("id", courseId).query(Long.class).single() > 0;
    }

    Map<String, Object> variables(String tenant, String employee, int expectedVersion) {
        LearningPaths.Path path = paths.current(tenant, employee);
        Map<String, String> links = new HashMap<>();
        jdbc.sql("""
                SELECT c.id, c.url FROM company.course c
                WHERE c.tenant_id = :t AND c.id IN (:ids)""")
                .param("t", tenant)
                .param("ids", path.items().isEmpty() ? List.of("") : path.items().stream()
                        .map(LearningPaths.Item::courseId).toList())
                .query((rs, n) -> links.put(rs.getString(1), rs.getString(2)))
                .list();
        StringBuilder summary = new StringBuilder();
        List<Map<String, Object>> items = path.items().stream().map(item -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("courseId", item.courseId());
            entry.put("title", item.courseTitle());
            entry.put("url", links.getOrDefault(item.courseId(), ""));
            entry.put("competencyId", item.competencyId() == null ? "" : item.competencyId());
            entry.put("reason", item.reason() == null ? "" : item.reason());
            entry.put("status", item.status());
            return entry;
        }).toList();
        for (Map<String, Object> item : items) {
            String url = (String) item.get("url");
            summary.append(summary.isEmpty() ? "" : "\n").append(items.indexOf(item) + 1).append(". ")
                    .append(url.isEmpty() ? "**" + markdown(item.get("title")) + "**"
                            : "[**" + markdown(item.get("title")) + "**](" + url + ")")
                    .append(" (").append(code(item.get("courseId"))).append(", ")
                    .append(item.get("status").toString().toLowerCase().replace('_', ' ')).append(")");
            if (!item.get("reason").toString().isEmpty()) {
                summary.append(" — ").append(markdown(item.get("reason")));
            }
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("learningPathVersion", path.version() == 0 ? expectedVersion : path.version());
        variables.put("learningPathSummary", items.isEmpty() ? "No courses yet." : summary.toString());
        try {
            variables.put("proposedItems", json.writeValueAsString(items));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return variables;
    }

    /**
     * A code span showing the text as it is, for ids the reader copies into a form field: backslash escapes are literal
     * inside a code span, so {@link #markdown} would show {@code sql\-joins} for {@code sql-joins}. The fence is one
     * backtick longer than the longest run of backticks in the text.
     */
    static String code(Object text) {
        String value = text.toString().replace("\n", " ");
        int longest = 0;
        int run = 0;
        for (char c : value.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = value.startsWith("`") || value.endsWith("`") ? " " : "";
        return fence + pad + value + pad + fence;
    }

    /** Text an employee or a course provider wrote, made inert in Markdown (no links, markup or HTML). */
    static String markdown(Object text) {
        return text.toString().replaceAll("([\\\\`*_{}\\[\\]()#+!|<>~-])", "\\\\$1").replace("\n", " ");
    }
}

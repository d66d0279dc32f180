package dev.upskill.journey.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tenant's question bank ({@code company.question_bank}) and the project's starter bank
 * ({@value #STARTER_RESOURCE}, written for Upskill): when a tenant has no approved question for a competency, the
 * starter questions of the competency with the same name (case-insensitive; each starter competency lists a few
 * names) are imported for it with source {@code starter}, their levels mapped from the starter's 3-step scale onto the
 * tenant's. The import is repeatable (a question once per competency) and happens where it is needed: when an
 * assessment is prepared.
 */
@Repository
public class QuestionBank {

    public static final String STARTER_RESOURCE = "question-bank/starter.json";

    /**
     * A bank question. For MULTIPLE_CHOICE: options and correctOption (from 0); for FREE_TEXT: referenceAnswers and
     * keyPoints.
     */
    public record Question(long id, String competencyId, int level, String type, String text, List<String> options,
            Integer correctOption, String explanation, List<String> referenceAnswers, List<String> keyPoints) {
    }

    /** One question of the starter bank, its level on the starter's own scale. */
    record StarterQuestion(List<String> names, int level, String type, String text, List<String> options,
            Integer correct, String explanation, List<String> referenceAnswers, List<String> keyPoints) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final List<StarterQuestion> starter;
    private final int starterScale;

    public QuestionBank(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        try (InputStream in = QuestionBank.class.getClassLoader().getResourceAsStream(STARTER_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(STARTER_RESOURCE + " is missing from the classpath");
            }
            JsonNode root = json.readTree(in);
            this.starterScale = root.path("scaleSize").asInt(3);
            this.starter = parse(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STARTER_RESOURCE, e);
        }
    }

    private static List<StarterQuestion> parse(JsonNode root) {
        List<StarterQuestion> questions = new ArrayList<>();
        for (JsonNode competency : root.path("competencies")) {
            List<String> names = strings(competency.path("names")).stream().map(QuestionBank::key).toList();
            for (JsonNode q : competency.path("questions")) {
                questions.add(new StarterQuestion(names, q.path("level").asInt(), q.path("type").asText(),
                        q.path("question").asText(), strings(q.path("options")),
                        q.has("correct") ? q.get("correct").asInt() : null,
                        q.has("explanation") ? q.get("explanation").asText() : null,
                        strings(q.path("referenceAnswers")), strings(q.path("keyPoints"))));
            }
        }
        return List.copyOf(questions);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** How many starter questions there are (for tests and the docs). */
    public int starterSize() {
        return starter.size();
    }

    /** The approved questions of a competency, lowest level first. */
    public List<Question> approved(String tenantId, String competencyId) {
        return jdbc.sql("""
                SELECT id, competency_id, level, type, question, options, correct_option, explanation,
                       reference_answers, key_points
                FROM company.question_bank
                WHERE tenant_id = :t AND competency_id = :c AND approved
                ORDER BY level, id""")
                .param("t", tenantId).param("c", competencyId)
                .query(QuestionBank::question)
                .list();
    }

    /**
     * The approved questions of a competency, after importing the starter questions matching its name when the tenant
     * has no question for it at all ({@link #importStarterIfEmpty}).
     * <p>
     * The bank is read again after the import whatever it inserted: when two steps import the same competency at once
     * (two employees' first assessments in a new tenant), the second one's inserts wait on the first's rows in the
     * unique index and then insert nothing, but by then the first has committed them, so the new read sees them.
     */
    public List<Question> approvedWithStarter(String tenantId, String competencyId) {
        List<Question> questions = approved(tenantId, competencyId);
        if (!questions.isEmpty()) {
            return questions;
        }
        importStarterIfEmpty(tenantId, competencyId);
        return approved(tenantId, competencyId);
    }

    /**
     * Imports the starter questions matching the competency's name when the tenant has no question for it yet (an
     * HR-written or HR-rejected bank is left alone). @return the questions imported (0 when none match or the bank
     * already has some)
     */
    public int importStarterIfEmpty(String tenantId, String competencyId) {
        boolean any = jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM company.question_bank WHERE tenant_id = :t AND competency_id = :c)""")
                .param("t", tenantId).param("c", competencyId).query(Boolean.class).single();
        if (any) {
            return 0;
        }
        String name = jdbc.sql("SELECT name FROM company.competency WHERE tenant_id = :t AND id = :c")
                .param("t", tenantId).param("c", competencyId).query(String.class).optional().orElse(null);
        if (name == null) {
            return 0;
        }
        List<Integer> scale = jdbc.sql(
                "SELECT level FROM company.proficiency_level WHERE tenant_id = :t ORDER BY level")
                .param("t", tenantId).query(Integer.class).list();
        if (scale.isEmpty()) {
            return 0;
        }
        int imported = 0;
        for (StarterQuestion q : starter) {
            if (!q.names().contains(key(name))) {
                continue;
            }
            imported += insert(tenantId, new Question(0, competencyId, mapLevel(q.level(), starterScale, scale),
                    q.type(), q.text(), q.options(), q.correct(), q.explanation(), q.referenceAnswers(),
                    q.keyPoints()), "starter", true).isPresent() ? 1 : 0;
        }
        return imported;
    }

    /** The source of questions the LLM wrote ({@code dev.upskill.journey.llm.QuestionWriter}). */
    public static final String LLM_SOURCE = "llm";

    /** How many questions the LLM wrote for a competency and level that still wait for approval. */
    public int awaitingApproval(String tenantId, String competencyId, int level) {
        return jdbc.sql("""
                SELECT count(*) FROM company.question_bank
                WHERE tenant_id = :t AND competency_id = :c AND level = :level AND source = :source AND NOT approved""")
                .param("t", tenantId).param("c", competencyId).param("level", level).param("source", LLM_SOURCE)
                .query(Integer.class).single();
    }

    /**
     * Stores questions the LLM wrote, unapproved (no assessment asks them until {@link #approveGenerated}); a question
     * the competency already has is skipped. @return the ids of the stored questions
     */
    public List<Long> addGenerated(String tenantId, List<Question> questions) {
        List<Long> ids = new ArrayList<>();
        for (Question q : questions) {
            insert(tenantId, q, LLM_SOURCE, false).ifPresent(ids::add);
        }
        return ids;
    }

    /**
     * The approver's decision on generated questions: those of {@code generated} in {@code approve} become approved,
     * the other still unapproved ones of {@code generated} are deleted. Only unapproved LLM questions are touched.
     * @return how many were approved
     */
    public int approveGenerated(String tenantId, java.util.Collection<Long> generated, java.util.Set<Long> approve) {
        int approved = 0;
        for (long id : generated) {
            String sql = approve.contains(id)
                    ? "UPDATE company.question_bank SET approved = true"
                    : "DELETE FROM company.question_bank";
            int changed = jdbc.sql(sql + " WHERE tenant_id = :t AND id = :id AND source = :source AND NOT approved")
                    .param("t", tenantId).param("id", id).param("source", LLM_SOURCE).update();
            approved += approve.contains(id) ? changed : 0;
        }
        return approved;
    }

    /** A competency's name (its id when the tenant has no such competency). */
    public String competencyName(String tenantId, String competencyId) {
        return jdbc.sql("SELECT name FROM company.competency WHERE tenant_id = :t AND id = :c")
                .param("t", tenantId).param("c", competencyId).query(String.class).optional().orElse(competencyId);
    }

    /** Questions by id (approved or not), for the approval form. */
    public List<Question> byIds(String tenantId, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT id, competency_id, level, type, question, options, correct_option, explanation,
                       reference_answers, key_points
                FROM company.question_bank WHERE tenant_id = :t AND id IN (:ids) ORDER BY id""")
                .param("t", tenantId).param("ids", ids)
                .query(QuestionBank::question)
                .list();
    }

    /** Inserts a question unless the competency has it already. @return its id; empty when it was there */
    private java.util.Optional<Long> insert(String tenantId, Question q, String source, boolean approved) {
        return jdbc.sql("""
                INSERT INTO company.question_bank (tenant_id, competency_id, level, type, question, options,
                    correct_option, explanation, reference_answers, key_points, source, approved)
                VALUES (:t, :c, :level, :type, :question, company.text_array(CAST(:options AS jsonb)), :correct,
                    :explanation, company.text_array(CAST(:references AS jsonb)),
                    company.text_array(CAST(:keyPoints AS jsonb)), :source, :approved)
                ON CONFLICT (tenant_id, competency_id, question) DO NOTHING
                RETURNING id""")
                .param("t", tenantId).param("c", q.competencyId()).param("level", q.level())
                .param("type", q.type()).param("question", q.text())
                .param("options", json(q.options()))
                .param("correct", q.correctOption())
                .param("explanation", q.explanation())
                .param("references", json(q.referenceAnswers()))
                .param("keyPoints", json(q.keyPoints()))
                .param("source", source).param("approved", approved)
                .query(Long.class).optional();
    }

    private static Question question(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Question(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                array(rs.getArray(6)), rs.getObject(7) == null ? null : rs.getInt(7), rs.getString(8),
                array(rs.getArray(9)), array(rs.getArray(10)));
    }

    /**
     * A level of a scale of {@code fromSize} steps on the tenant's scale (its levels ascending): the same relative
     * position, rounded (on a 4-level scale the starter's 1, 2, 3 become 1, 3, 4; on a 2-level scale 1, 2, 2).
     */
    static int mapLevel(int level, int fromSize, List<Integer> scale) {
        if (fromSize <= 1 || scale.size() == 1) {
            return scale.getFirst();
        }
        double position = (double) (Math.clamp(level, 1, fromSize) - 1) / (fromSize - 1);
        int index = (int) Math.round(position * (scale.size() - 1));
        return scale.get(index);
    }

    private String json(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> array(java.sql.Array array) throws java.sql.SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}

package dev.upskill.journey.steps.feedback;

import dev.upskill.client.inference.InferenceClient;
import dev.upskill.journey.data.Employees;
import dev.upskill.journey.steps.feedback.DirectionRules.Polarity;
import dev.upskill.journey.steps.feedback.Sentences.Sentence;
import dev.upskill.proto.v1.EmbedResponse;
import dev.upskill.proto.v1.ModelVersion;
import io.grpc.Status;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the competencies each feedback sentence speaks of, what it says about them and the sentence itself, without
 * a language model: the path of the gap analysis when no LLM is configured.
 *
 * <p>Feedback texts are split into sentences ({@link Sentences}); sentences and competencies (name and description)
 * are embedded by the inference server. A sentence speaks of a competency when their cosine similarity, plus
 * {@link Matching#tagBoost()} for a competency tagged on the feedback, reaches {@link Matching#threshold()} and the
 * competency is among the sentence's {@link Matching#topK()} best, within {@link Matching#margin()} of the best. A
 * tagged competency no sentence reaches still gets one finding, on its most similar sentence: the author said the
 * feedback is about it. The direction comes from {@link DirectionRules} (the feedback's rating as a prior for
 * sentences without cues); the severity from the direction's strength, the similarity and the source
 * ({@link #severity}).
 *
 * <p>Deterministic for given vectors: no sampling, ties broken by competency id. With the inference server's default
 * int8 model a vector depends slightly on the texts it was batched with (cosine >= 0.97 to the vector computed
 * alone), so a similarity very close to the threshold can fall either side between runs under concurrent load; an
 * inference server with {@code batch.max-size=1} or {@code model.variant=full} makes the vectors bit-stable.
 *
 * <p>Failures of the inference server propagate as {@link io.grpc.StatusRuntimeException} (the caller retries);
 * nothing is returned unless every sentence was embedded.
 */
@Component
public class FeedbackExtractor {

    /**
     * One feedback: {@code source} MANAGER_REVIEW, PEER, SELF or 360; {@code rating} 0 to 5 or null; {@code text}
     * null for a rating only; {@code taggedCompetencyIds} null for none.
     */
    public record FeedbackText(long id, String source, Double rating, String text, Set<String> taggedCompetencyIds) {

        public FeedbackText {
            taggedCompetencyIds = taggedCompetencyIds == null ? Set.of() : Set.copyOf(taggedCompetencyIds);
        }
    }

    /** A competency; {@code description} may be null. */
    public record CompetencyText(String id, String name, String description) {
    }

    /**
     * When a sentence speaks of a competency. The defaults were chosen on the labelled set in
     * {@code src/test/resources/feedback/} (see docs/journey-engine.md, "Feedback extractor").
     *
     * @param threshold the least score: cosine similarity, plus the boost for tagged competencies
     * @param topK at most this many competencies per sentence
     * @param margin a competency after the sentence's best needs a score within this of the best's
     * @param tagBoost added to the similarity of the competencies tagged on the feedback
     */
    record Matching(double threshold, int topK, double margin, double tagBoost) {
        static final Matching DEFAULT = new Matching(0.25, 2, 0.05, 0.15);
    }

    /** Texts per Embed call: half the server's default {@code limits.max-texts} (256). */
    static final int EMBED_BATCH = 128;
    /**
     * Characters of a sentence or competency that are embedded (the quote keeps all of it). The model reads 256
     * tokens, roughly 1,000 to 1,500 characters of English; the server refuses texts over 10,000 by default.
     */
    static final int MAX_EMBED_CHARS = 2_000;
    /** The similarity at which a finding counts as fully relevant in {@link #severity}. */
    static final double FULL_RELEVANCE = 0.6;
    static final Map<String, Double> SOURCE_WEIGHTS = Map.of("MANAGER_REVIEW", 1.0, "360", 0.85, "PEER", 0.8,
            "SELF", 0.6);

    /** Sentences and competencies with their vectors: everything {@link #match} needs. */
    record Embedded(List<FeedbackText> feedback, List<List<Sentence>> sentences, float[][] sentenceVectors,
            List<CompetencyText> competencies, float[][] competencyVectors) {
    }

    private record Vectors(float[][] vectors, ModelVersion model) {
    }

    /** A tenant's competencies and their vectors, valid while the key (count, latest update) is unchanged. */
    private record TenantCompetencies(String key, List<CompetencyText> competencies, Vectors vectors) {
    }

    private final JdbcClient jdbc;
    private final Employees employees;
    private final InferenceClient inference;
    private final ConcurrentMap<String, TenantCompetencies> cache = new ConcurrentHashMap<>();

    FeedbackExtractor(JdbcClient jdbc, Employees employees, InferenceClient inference) {
        this.jdbc = jdbc;
        this.employees = employees;
        this.inference = inference;
    }

    /**
     * The findings in an employee's feedback given on or after {@code since} (null = all), against the tenant's
     * competencies, in feedback order (date, then id) and sentence order. Feedback without text (a rating only)
     * has no sentence to quote and yields nothing.
     *
     * @throws dev.upskill.journey.data.InvalidDataException for a malformed tenant or employee id
     * @throws dev.upskill.journey.data.UnknownEntityException when the tenant has no such employee (or erased them)
     * @throws io.grpc.StatusRuntimeException when the inference server fails
     */
    public List<Finding> extract(String tenantId, String employeeId, LocalDate since) {
        Employees.Employee employee = employees.find(tenantId, "employee_id", employeeId);
        String tenant = employee.tenantId();
        List<FeedbackText> feedback = feedback(tenant, employee.id(), since);
        List<List<Sentence>> sentences = feedback.stream().map(f -> Sentences.split(f.text())).toList();
        if (sentences.stream().allMatch(List::isEmpty)) {
            return List.of();
        }
        Vectors sentenceVectors = embedSentences(sentences);
        TenantCompetencies competencies = competencies(tenant, sentenceVectors.model());
        if (competencies.competencies().isEmpty()) {
            return List.of();
        }
        return match(new Embedded(feedback, sentences, sentenceVectors.vectors(), competencies.competencies(),
                competencies.vectors().vectors()), Matching.DEFAULT);
    }

    /**
     * The employee's feedback texts given on or after {@code since} (null = all), as {@link #extract(String, String,
     * LocalDate)} reads them; for the LLM's gap analysis ({@code dev.upskill.journey.llm.FeedbackAnalysis}).
     */
    public List<FeedbackText> texts(String tenantId, String employeeId, LocalDate since) {
        Employees.Employee employee = employees.find(tenantId, "employee_id", employeeId);
        return feedback(employee.tenantId(), employee.id(), since);
    }

    /** The tenant's competency framework (id, name, description), by id. */
    public List<CompetencyText> competencies(String tenantId) {
        return jdbc.sql("SELECT id, name, description FROM company.competency WHERE tenant_id = :t ORDER BY id")
                .param("t", tenantId)
                .query((rs, n) -> new CompetencyText(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** The findings in given feedback against given competencies (no database), as {@link #extract(String, String,
     * LocalDate)} finds them. */
    public List<Finding> extract(List<FeedbackText> feedback, List<CompetencyText> competencies) {
        return match(embed(feedback, competencies), Matching.DEFAULT);
    }

    /** Splits and embeds; for tests that try several {@link Matching}s on one set of vectors. */
    Embedded embed(List<FeedbackText> feedback, List<CompetencyText> competencies) {
        List<List<Sentence>> sentences = feedback.stream().map(f -> Sentences.split(f.text())).toList();
        if (competencies.isEmpty() || sentences.stream().allMatch(List::isEmpty)) {
            return new Embedded(feedback, sentences, new float[0][], competencies, new float[0][]);
        }
        Vectors sentenceVectors = embedSentences(sentences);
        Vectors competencyVectors = embed(competencies.stream().map(FeedbackExtractor::competencyText).toList());
        requireSameModel(sentenceVectors.model(), competencyVectors.model());
        return new Embedded(feedback, sentences, sentenceVectors.vectors(), competencies,
                competencyVectors.vectors());
    }

    static List<Finding> match(Embedded embedded, Matching matching) {
        List<CompetencyText> competencies = embedded.competencies();
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < competencies.size(); c++) {
            index.put(competencies.get(c).id(), c);
        }
        List<Finding> findings = new ArrayList<>();
        int row = 0;
        for (int f = 0; f < embedded.feedback().size(); f++) {
            FeedbackText feedback = embedded.feedback().get(f);
            List<Sentence> sentences = embedded.sentences().get(f);
            if (sentences.isEmpty() || competencies.isEmpty()) {
                continue;
            }
            // (sentence position, competency, effective score) of this feedback's findings.
            record Hit(int sentence, int competency, double similarity, double score) {
            }
            List<Hit> hits = new ArrayList<>();
            Set<Integer> found = new HashSet<>();
            double[][] similarity = new double[sentences.size()][];
            for (int s = 0; s < sentences.size(); s++, row++) {
                float[] vector = embedded.sentenceVectors()[row];
                double[] sims = new double[competencies.size()];
                Integer[] order = new Integer[competencies.size()];
                for (int c = 0; c < competencies.size(); c++) {
                    sims[c] = dot(vector, embedded.competencyVectors()[c]);
                    order[c] = c;
                }
                similarity[s] = sims;
                double[] scores = new double[competencies.size()];
                for (int c = 0; c < competencies.size(); c++) {
                    boolean tagged = feedback.taggedCompetencyIds().contains(competencies.get(c).id());
                    scores[c] = sims[c] + (tagged ? matching.tagBoost() : 0);
                }
                Arrays.sort(order, Comparator.<Integer>comparingDouble(c -> -scores[c])
                        .thenComparing(c -> competencies.get(c).id()));
                for (int k = 0; k < Math.min(matching.topK(), order.length); k++) {
                    int c = order[k];
                    if (scores[c] >= matching.threshold() && scores[c] >= scores[order[0]] - matching.margin()) {
                        hits.add(new Hit(s, c, sims[c], scores[c]));
                        found.add(c);
                    }
                }
            }
            for (String tag : new TreeSet<>(feedback.taggedCompetencyIds())) {
                Integer c = index.get(tag);
                if (c == null || found.contains(c)) {
                    continue;
                }
                int best = 0;
                for (int s = 1; s < sentences.size(); s++) {
                    if (similarity[s][c] > similarity[best][c]) {
                        best = s;
                    }
                }
                hits.add(new Hit(best, c, similarity[best][c], similarity[best][c] + matching.tagBoost()));
            }
            hits.sort(Comparator.comparingInt(Hit::sentence).thenComparing(Comparator.comparingDouble(Hit::score)
                    .reversed()).thenComparing(h -> competencies.get(h.competency()).id()));
            Map<Integer, Polarity> polarities = new HashMap<>();
            for (Hit hit : hits) {
                Sentence sentence = sentences.get(hit.sentence());
                Polarity polarity = polarities.computeIfAbsent(hit.sentence(),
                        s -> DirectionRules.of(sentence.text(), feedback.rating()));
                findings.add(new Finding(feedback.id(), competencies.get(hit.competency()).id(),
                        polarity.direction(), severity(polarity, hit.similarity(), feedback.source()),
                        round(hit.similarity()), sentence.text(), feedback.source()));
            }
        }
        return findings;
    }

    /**
     * How strongly a finding indicates a gap: 0 unless the direction is a gap; otherwise the direction's strength
     * (0 to 1) × a relevance factor from 0.5 (similarity 0) to 1 (similarity {@value #FULL_RELEVANCE} or more) × the
     * source's weight (manager review 1, 360 0.85, peer 0.8, self 0.6).
     */
    static double severity(Polarity polarity, double similarity, String source) {
        if (polarity.direction() != Direction.GAP) {
            return 0;
        }
        double relevance = Math.clamp(similarity / FULL_RELEVANCE, 0, 1);
        double weight = SOURCE_WEIGHTS.getOrDefault(source, 0.8);
        return round(polarity.strength() * (0.5 + 0.5 * relevance) * weight);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static String competencyText(CompetencyText competency) {
        String description = competency.description() == null ? "" : competency.description().strip();
        return description.isEmpty() ? competency.name() : competency.name() + ": " + description;
    }

    private Vectors embedSentences(List<List<Sentence>> sentences) {
        return embed(sentences.stream().flatMap(List::stream).map(Sentence::text).toList());
    }

    /** Embeds texts in batches of {@value #EMBED_BATCH}, each cut to {@value #MAX_EMBED_CHARS} characters. */
    private Vectors embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        ModelVersion model = null;
        for (int from = 0; from < texts.size(); from += EMBED_BATCH) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + EMBED_BATCH)).stream()
                    .map(t -> t.length() <= MAX_EMBED_CHARS ? t : t.substring(0, MAX_EMBED_CHARS))
                    .toList();
            EmbedResponse response = inference.embed(batch);
            if (response.getEmbeddingsCount() != batch.size()) {
                throw new IllegalStateException("inference server answered " + response.getEmbeddingsCount()
                        + " vectors for " + batch.size() + " texts");
            }
            if (model == null) {
                model = response.getMeta().getModel();
            } else {
                requireSameModel(model, response.getMeta().getModel());
            }
            for (int i = 0; i < batch.size(); i++) {
                List<Float> vector = response.getEmbeddings(i).getVectorList();
                float[] out = new float[vector.size()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = vector.get(k);
                }
                vectors[from + i] = out;
            }
        }
        return new Vectors(vectors, model);
    }

    /**
     * Vectors of two models cannot be compared. Servers behind the round robin with different models (a rollout
     * in progress) answer UNAVAILABLE, which the caller retries.
     */
    private static void requireSameModel(ModelVersion a, ModelVersion b) {
        if (!a.equals(b)) {
            throw Status.UNAVAILABLE.withDescription("inference server: embeddings from two models ("
                    + a.getName() + " " + a.getVersion() + ", " + b.getName() + " " + b.getVersion()
                    + "); retry when one model serves").asRuntimeException();
        }
    }

    /**
     * The tenant's competencies with their vectors: from the cache while the tenant's competency count and latest
     * {@code updated_at} are unchanged and the vectors come from {@code model}, else embedded anew.
     */
    private TenantCompetencies competencies(String tenant, ModelVersion model) {
        String key = jdbc.sql("SELECT count(*) || '|' || COALESCE(max(updated_at)::text, '') FROM company.competency"
                        + " WHERE tenant_id = :t")
                .param("t", tenant)
                .query(String.class)
                .single();
        TenantCompetencies cached = cache.get(tenant);
        if (cached != null && cached.key().equals(key) && cached.vectors().model().equals(model)) {
            return cached;
        }
        List<CompetencyText> competencies = jdbc.sql("""
                SELECT id, name, description FROM company.competency WHERE tenant_id = :t ORDER BY id""")
                .param("t", tenant)
                .query((rs, n) -> new CompetencyText(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        Vectors vectors = competencies.isEmpty() ? new Vectors(new float[0][], model)
                : embed(competencies.stream().map(FeedbackExtractor::competencyText).toList());
        if (!competencies.isEmpty()) {
            requireSameModel(model, vectors.model());
        }
        TenantCompetencies loaded = new TenantCompetencies(key, competencies, vectors);
        cache.put(tenant, loaded);
        return loaded;
    }

    private List<FeedbackText> feedback(String tenant, String employee, LocalDate since) {
        String sql = """
                SELECT f.id, f.source, f.rating, f.text,
                       array_remove(array_agg(fc.competency_id ORDER BY fc.competency_id), NULL) AS tags
                FROM company.feedback f
                LEFT JOIN company.feedback_competency fc ON fc.tenant_id = f.tenant_id AND fc.feedback_id = f.id
                WHERE f.tenant_id = :t AND f.employee_id = :e AND f.text IS NOT NULL"""
                + (since == null ? "" : " AND f.given_on >= :since") + """

                GROUP BY f.id, f.source, f.rating, f.text, f.given_on
                ORDER BY f.given_on, f.id""";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("t", tenant).param("e", employee);
        if (since != null) {
            statement = statement.param("since", since);
        }
        return statement.query((rs, n) -> {
            BigDecimal rating = rs.getBigDecimal("rating");
            return new FeedbackText(rs.getLong("id"), rs.getString("source"),
                    rating == null ? null : rating.doubleValue(), rs.getString("text"), tags(rs.getArray("tags")));
        }).list();
    }

    private static Set<String> tags(Array array) throws SQLException {
        Set<String> tags = new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
        array.free();
        return tags;
    }
}

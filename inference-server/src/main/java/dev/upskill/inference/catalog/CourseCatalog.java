package dev.upskill.inference.catalog;

import com.google.protobuf.Timestamp;
import dev.upskill.inference.embedding.BatchedEmbeddings;
import dev.upskill.inference.embedding.EmbeddingBatcher;
import dev.upskill.inference.embedding.EmbeddingRuntime;
import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import dev.upskill.inference.rpc.Statuses;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.CompetencyMatch;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseError;
import dev.upskill.proto.v1.CourseHit;
import dev.upskill.proto.v1.HitExplanation;
import dev.upskill.proto.v1.InferredCompetency;
import dev.upskill.proto.v1.ModelVersion;
import dev.upskill.proto.v1.SearchCoursesRequest;
import dev.upskill.proto.v1.SearchMode;
import org.apache.lucene.util.VectorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The catalog's behaviour over any {@link CatalogIndex}: validating, embedding and tagging courses, keeping
 * frameworks, and hybrid search with explanations. Methods block (they wait for the embedding model and the
 * index); the gRPC service runs them on the catalog's own threads.
 */
public final class CourseCatalog {

    private static final Logger log = LoggerFactory.getLogger(CourseCatalog.class);

    /** Errors reported per upsert stream; {@code failed} counts them all. */
    static final int MAX_REPORTED_ERRORS = 1000;
    /** Texts embedded per model request when a whole framework or catalog is embedded. */
    private static final int EMBEDDING_CHUNK = 256;
    private static final int MAX_MATCHED_TERMS = 20;

    private final CatalogIndex index;
    private final EmbeddingRuntime embedding;
    private final LanguageAnalyzers analyzers;
    private final CatalogValidator validator;
    private final CatalogLimits limits;
    private final Fusion fusion;
    private final int hybridDepth;
    private final CompetencyTagger tagger;
    private final Clock clock;
    /**
     * Per tenant: how many times its courses have changed in this process, bumped after each change is visible to
     * searches. Lets caches of values derived from a tenant's courses (the ranking's mean rating) drop them only
     * when that tenant's courses change, not on every write to the index.
     */
    private final Map<String, AtomicLong> courseChanges = new ConcurrentHashMap<>();

    /**
     * @param hybridDepth how many hits each of the dense and the lexical search contributes to fusion (at least
     *                    top k): deeper lists let a course ranked low by one method but high by the other surface
     */
    public CourseCatalog(CatalogIndex index, EmbeddingRuntime embedding, LanguageAnalyzers analyzers,
                         CatalogLimits limits, Fusion fusion, int hybridDepth, float minTagSimilarity,
                         int maxTags, Clock clock) {
        this.index = index;
        this.embedding = embedding;
        this.analyzers = analyzers;
        this.validator = new CatalogValidator(limits);
        this.limits = limits;
        this.fusion = fusion;
        this.hybridDepth = hybridDepth;
        this.tagger = new CompetencyTagger(index, minTagSimilarity, maxTags);
        this.clock = clock;
    }

    public CatalogIndex index() {
        return index;
    }

    public CatalogLimits limits() {
        return limits;
    }

    /** The index's name and version, as responses report it. */
    public ModelVersion version() {
        return ModelVersion.newBuilder()
                .setName(switch (index.backend()) {
                    case CATALOG_BACKEND_MILVUS -> "catalog-milvus";
                    default -> "catalog-lucene";
                })
                .setVersion(index.version())
                .build();
    }

    /**
     * Makes the index match the loaded embedding model: a new index records it; an index built with another
     * model has every vector re-embedded and every course re-tagged (searches see the old index until done).
     */
    public void alignWithModel() {
        EmbeddingBatcher batcher = embedding.batcher();
        String model = batcher.modelName() + "@" + batcher.modelVersion();
        Optional<String> stored = index.embeddingModel();
        if (stored.isEmpty()) {
            index.recordEmbeddingModel(model);
            return;
        }
        if (stored.get().equals(model)) {
            return;
        }
        log.info("catalog vectors come from {}, the server runs {}: re-embedding the catalog", stored.get(), model);
        long start = System.nanoTime();
        index.rewrite(new ReEmbedding(model));
        log.info("catalog re-embedded in {} s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
    }

    // ------------------------------------------------------------------------------------------- courses

    /** Counts and errors of one batch of an upsert stream. */
    public record UpsertCounts(int created, int updated, int unchanged, List<CourseError> errors) {
    }

    /**
     * Validates, embeds, tags and stores one batch of courses; invalid courses are skipped and reported.
     *
     * @param firstPosition the stream position of the batch's first course (for error reports)
     */
    public UpsertCounts upsertCourses(String tenant, List<Course> courses, int firstPosition, CallerBudget budget) {
        List<CourseError> errors = new ArrayList<>();
        // Last version wins for an id sent twice in one batch, as across the stream.
        Map<String, Course> valid = new LinkedHashMap<>();
        for (int i = 0; i < courses.size(); i++) {
            Course course = courses.get(i);
            Optional<FieldError> error = validator.check(course);
            if (error.isPresent()) {
                errors.add(CourseError.newBuilder().setPosition(firstPosition + i).setCourseId(course.getId())
                        .setField(error.get().field()).setMessage(error.get().message()).build());
            } else {
                valid.remove(course.getId());
                valid.put(course.getId(), course.toBuilder().clearInferredCompetencies().clearUpdatedAt().build());
            }
        }
        CompetencyTagger.Framework framework = tagger.framework(tenant);
        Map<String, IndexedCourse> stored = index.findCourses(tenant, valid.keySet());
        List<Course> changed = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        int unchanged = 0;
        for (Course course : valid.values()) {
            String digest = CourseDigest.of(course, framework.stamp());
            IndexedCourse before = stored.get(course.getId());
            if (before != null && before.digest().equals(digest)) {
                unchanged++;
            } else {
                changed.add(course);
                digests.add(digest);
            }
        }
        if (!changed.isEmpty()) {
            List<float[]> vectors = embed(changed.stream().map(CourseCatalog::text).toList(), budget);
            Timestamp now = now();
            List<IndexedCourse> indexed = new ArrayList<>(changed.size());
            for (int i = 0; i < changed.size(); i++) {
                Course course = changed.get(i).toBuilder()
                        .addAllInferredCompetencies(tagger.tag(framework, vectors.get(i)))
                        .setUpdatedAt(now)
                        .build();
                indexed.add(new IndexedCourse(course, vectors.get(i), digests.get(i)));
            }
            budget.check();
            index.upsertCourses(tenant, indexed);
            coursesChanged(tenant);
        }
        int created = (int) changed.stream().filter(course -> !stored.containsKey(course.getId())).count();
        return new UpsertCounts(created, changed.size() - created, unchanged, errors);
    }

    /** Deletes these courses of the tenant; the ids that were there. */
    public Set<String> deleteCourses(String tenant, Collection<String> ids) {
        try {
            return index.deleteCourses(tenant, ids);
        } finally {
            coursesChanged(tenant);
        }
    }

    /** Deletes every course of the tenant; how many there were. */
    public long deleteAllCourses(String tenant) {
        try {
            return index.deleteAllCourses(tenant);
        } finally {
            coursesChanged(tenant);
        }
    }

    /**
     * A number that changes whenever the tenant's courses change through this catalog (upserts, deletes); with
     * the catalog's identity it tells whether a value computed from the tenant's courses is still current.
     */
    public long courseGeneration(String tenant) {
        AtomicLong changes = courseChanges.get(tenant);
        return changes == null ? 0 : changes.get();
    }

    private void coursesChanged(String tenant) {
        courseChanges.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
    }

    /** The text a course is embedded from: the title, then the description. */
    static String text(Course course) {
        return course.getDescription().isBlank() ? course.getTitle()
                : course.getTitle() + "\n" + course.getDescription();
    }

    // ------------------------------------------------------------------------------------------- frameworks

    /** Counts of a framework update. */
    public record FrameworkCounts(int created, int updated, int unchanged, int deleted, int retagged, int size) {
    }

    /**
     * Applies a whole UpsertCompetencies stream atomically.
     *
     * @param competencies every competency of the stream, in order (already checked for ids sent twice)
     */
    public FrameworkCounts updateFramework(String tenant, List<Competency> competencies, boolean replace,
                                           boolean retag, CallerBudget budget) {
        Map<String, IndexedCompetency> stored = new HashMap<>();
        for (IndexedCompetency competency : index.competencies(tenant)) {
            stored.put(competency.id(), competency);
        }
        Set<String> sent = new HashSet<>();
        List<Competency> changed = new ArrayList<>();
        int unchanged = 0;
        for (Competency competency : competencies) {
            sent.add(competency.getId());
            IndexedCompetency before = stored.get(competency.getId());
            if (before != null && before.competency().equals(competency)) {
                unchanged++;
            } else {
                changed.add(competency);
            }
        }
        Set<String> deletions = new HashSet<>();
        if (replace) {
            for (String id : stored.keySet()) {
                if (!sent.contains(id)) {
                    deletions.add(id);
                }
            }
        }
        checkParents(stored, competencies, deletions);
        int size = stored.size() - deletions.size()
                + (int) changed.stream().filter(c -> !stored.containsKey(c.getId())).count();
        if (size > limits.maxFrameworkSize()) {
            throw Statuses.invalidArgument("requests", "the framework would hold " + size
                    + " competencies; the limit is " + limits.maxFrameworkSize());
        }
        List<float[]> vectors = changed.isEmpty() ? List.of()
                : embed(changed.stream().map(CompetencyTagger::text).toList(), budget);
        List<IndexedCompetency> upserts = new ArrayList<>(changed.size());
        for (int i = 0; i < changed.size(); i++) {
            upserts.add(new IndexedCompetency(changed.get(i), vectors.get(i)));
        }
        budget.check();
        int created = (int) changed.stream().filter(c -> !stored.containsKey(c.getId())).count();
        if (!upserts.isEmpty() || !deletions.isEmpty()) {
            index.updateFramework(tenant, upserts, deletions);
            tagger.invalidate(tenant);
        }
        int retagged = 0;
        if (retag) {
            retagged = retag(tenant);
        }
        index.commit();
        return new FrameworkCounts(created, changed.size() - created, unchanged, deletions.size(), retagged, size);
    }

    private static void checkParents(Map<String, IndexedCompetency> stored, List<Competency> sent,
                                     Set<String> deletions) {
        Map<String, String> parents = new HashMap<>();
        stored.forEach((id, competency) -> {
            if (!deletions.contains(id)) {
                parents.put(id, competency.competency().getParentId());
            }
        });
        for (Competency competency : sent) {
            parents.put(competency.getId(), competency.getParentId());
        }
        for (int i = 0; i < sent.size(); i++) {
            Competency competency = sent.get(i);
            String parent = competency.getParentId();
            if (!parent.isEmpty() && !parents.containsKey(parent)) {
                throw Statuses.invalidArgument("competencies[" + i + "].parent_id",
                        "'" + parent + "' is not in the framework");
            }
            // Walk up: reaching the start again is a cycle. The walk is bounded by the framework's size.
            Set<String> seen = new HashSet<>();
            String at = competency.getId();
            while (!at.isEmpty() && seen.add(at)) {
                at = parents.getOrDefault(at, "");
            }
            if (!at.isEmpty()) {
                throw Statuses.invalidArgument("competencies[" + i + "].parent_id",
                        "the parents of '" + competency.getId() + "' form a cycle through '" + at + "'");
            }
        }
    }

    /** Re-tags every course of the tenant against its current framework, as one atomic rewrite. */
    private int retag(String tenant) {
        CompetencyTagger.Framework framework = tagger.framework(tenant);
        int[] count = {0};
        index.rewrite(new IndexRewrite() {
            @Override
            public boolean includes(String candidate) {
                return candidate.equals(tenant);
            }

            @Override
            public String embeddingModel() {
                return index.embeddingModel().orElseThrow();
            }

            @Override
            public List<IndexedCompetency> competencies(String t, List<IndexedCompetency> stored) {
                return stored;
            }

            @Override
            public List<IndexedCourse> courses(String t, List<IndexedCourse> stored) {
                count[0] += stored.size();
                return stored.stream().map(course -> retagged(course, framework)).toList();
            }
        });
        return count[0];
    }

    private IndexedCourse retagged(IndexedCourse course, CompetencyTagger.Framework framework) {
        Course sent = course.course().toBuilder().clearInferredCompetencies().clearUpdatedAt().build();
        Course tagged = course.course().toBuilder().clearInferredCompetencies()
                .addAllInferredCompetencies(tagger.tag(framework, course.vector()))
                .build();
        return new IndexedCourse(tagged, course.vector(), CourseDigest.of(sent, framework.stamp()));
    }

    /** Rewrites every tenant with vectors from the loaded model. */
    private final class ReEmbedding implements IndexRewrite {
        private final String model;
        private final Map<String, CompetencyTagger.Framework> frameworks = new HashMap<>();

        ReEmbedding(String model) {
            this.model = model;
        }

        @Override
        public boolean includes(String tenant) {
            return true;
        }

        @Override
        public String embeddingModel() {
            return model;
        }

        @Override
        public List<IndexedCompetency> competencies(String tenant, List<IndexedCompetency> stored) {
            List<float[]> vectors = stored.isEmpty() ? List.of() : embed(stored.stream()
                    .map(c -> CompetencyTagger.text(c.competency())).toList(), CallerBudget.unbounded());
            List<IndexedCompetency> out = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                out.add(new IndexedCompetency(stored.get(i).competency(), vectors.get(i)));
            }
            frameworks.put(tenant, CompetencyTagger.build(out));
            tagger.invalidate(tenant);
            return out;
        }

        @Override
        public List<IndexedCourse> courses(String tenant, List<IndexedCourse> stored) {
            if (stored.isEmpty()) {
                return stored;
            }
            CompetencyTagger.Framework framework = frameworks.get(tenant);
            List<float[]> vectors = embed(stored.stream().map(c -> text(c.course())).toList(),
                    CallerBudget.unbounded());
            List<IndexedCourse> out = new ArrayList<>(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                out.add(retagged(new IndexedCourse(stored.get(i).course(), vectors.get(i), ""), framework));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------- search

    /** The hits of a search and the mode that ran. */
    public record SearchResult(List<CourseHit> hits, SearchMode mode, long embedNanos) {
    }

    /** Validates and runs a search. */
    public SearchResult search(SearchCoursesRequest request, CallerBudget budget) {
        String tenant = CatalogValidator.tenant(request.getTenantId(), "tenant_id");
        int k = request.getTopK() == 0 ? CatalogLimits.DEFAULT_TOP_K : request.getTopK();
        if (request.getTopK() < 0 || request.getTopK() > limits.maxTopK()) {
            throw Statuses.invalidArgument("top_k", request.getTopK() + " is outside 0.." + limits.maxTopK());
        }
        if (request.getMode() == SearchMode.UNRECOGNIZED) {
            throw Statuses.invalidArgument("mode", "unknown mode " + request.getModeValue());
        }
        validator.checkFilter(request.getFilter(), "filter");
        SearchFilter filter = SearchFilter.of(request.getFilter());
        SearchMode mode = request.getMode();
        String text = null;
        float[] vector = null;
        switch (request.getQueryCase()) {
            case TEXT -> {
                validator.checkQueryText(request.getText(), "text");
                text = request.getText();
                if (mode == SearchMode.SEARCH_MODE_UNSPECIFIED) {
                    mode = SearchMode.SEARCH_MODE_HYBRID;
                }
            }
            case VECTOR -> {
                if (mode == SearchMode.SEARCH_MODE_LEXICAL) {
                    throw Statuses.invalidArgument("mode", "lexical search needs a text query, not a vector");
                }
                vector = queryVector(request.getVector().getValuesList());
                mode = SearchMode.SEARCH_MODE_DENSE;
            }
            case QUERY_NOT_SET -> throw Statuses.invalidArgument("query", "set text or vector");
        }
        if (!index.supportsLexicalSearch()) {
            if (mode == SearchMode.SEARCH_MODE_LEXICAL) {
                throw io.grpc.Status.FAILED_PRECONDITION.withDescription("mode: the " + version().getName()
                        + " backend has no lexical search; use dense or hybrid").asRuntimeException();
            }
            if (mode == SearchMode.SEARCH_MODE_HYBRID) {
                mode = SearchMode.SEARCH_MODE_DENSE;
            }
        }
        long embedStart = System.nanoTime();
        if (vector == null && mode != SearchMode.SEARCH_MODE_LEXICAL) {
            vector = embed(List.of(text), budget).getFirst();
        }
        long embedNanos = vector == null ? 0 : System.nanoTime() - embedStart;
        budget.check();
        List<Fusion.Fused> ranked = switch (mode) {
            case SEARCH_MODE_DENSE -> single(index.denseSearch(tenant, vector, filter, k), true);
            case SEARCH_MODE_LEXICAL -> single(index.lexicalSearch(tenant, text, filter, k), false);
            default -> {
                int depth = Math.max(k, hybridDepth);
                yield fusion.fuse(index.denseSearch(tenant, vector, filter, depth),
                        index.lexicalSearch(tenant, text, filter, depth), k);
            }
        };
        List<CourseHit> hits = new ArrayList<>(ranked.size());
        // The query analysed once per language of the hits, not once per hit.
        Map<LanguageAnalyzers.Family, List<String>> queryTerms = new EnumMap<>(LanguageAnalyzers.Family.class);
        for (Fusion.Fused fused : ranked) {
            hits.add(hit(fused, vector, text, queryTerms, filter));
        }
        return new SearchResult(hits, mode, embedNanos);
    }

    private float[] queryVector(List<Float> values) {
        int dimensions = embedding.batcher().dimensions();
        if (values.size() != dimensions) {
            throw Statuses.invalidArgument("vector.values", values.size() + " values; the model's vectors have "
                    + dimensions);
        }
        float[] vector = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            float value = values.get(i);
            if (!Float.isFinite(value)) {
                throw Statuses.invalidArgument("vector.values[" + i + "]", "is not a finite number");
            }
            vector[i] = value;
            norm += (double) value * value;
        }
        if (norm == 0) {
            throw Statuses.invalidArgument("vector.values", "has norm 0");
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /**
     * Hybrid retrieval for another feature of the server (ranking): dense search with {@code vector} fused with
     * BM25 on {@code text} (dense only where the backend has no lexical search), no explanations.
     */
    public List<IndexedCourse> retrieve(String tenant, String text, float[] vector, SearchFilter filter, int k) {
        if (!index.supportsLexicalSearch()) {
            return index.denseSearch(tenant, vector, filter, k).stream().map(ScoredCourse::course).toList();
        }
        int depth = Math.max(k, hybridDepth);
        return fusion.fuse(index.denseSearch(tenant, vector, filter, depth),
                index.lexicalSearch(tenant, text, filter, depth), k).stream().map(Fusion.Fused::course).toList();
    }

    /** The checked tenant id of a request ({@code INVALID_ARGUMENT} naming {@code field} otherwise). */
    public static String checkTenant(String tenantId, String field) {
        return CatalogValidator.tenant(tenantId, field);
    }

    /** Checks a request's course filter as SearchCourses does and returns it normalised. */
    public SearchFilter checkFilter(dev.upskill.proto.v1.CourseFilter filter, String field) {
        validator.checkFilter(filter, field);
        return SearchFilter.of(filter);
    }

    /** Throws DEADLINE_EXCEEDED / CANCELLED once the caller's deadline passed or it cancelled. */
    public static void checkCaller(CallerBudget budget) {
        budget.check();
    }

    private static List<Fusion.Fused> single(List<ScoredCourse> hits, boolean dense) {
        List<Fusion.Fused> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            ScoredCourse hit = hits.get(i);
            out.add(dense ? new Fusion.Fused(hit.course(), hit.score(), i + 1, hit.score(), 0, 0)
                    : new Fusion.Fused(hit.course(), hit.score(), 0, 0, i + 1, hit.score()));
        }
        return out;
    }

    private CourseHit hit(Fusion.Fused fused, float[] vector, String text,
                          Map<LanguageAnalyzers.Family, List<String>> queryTerms, SearchFilter filter) {
        Course course = fused.course().course();
        HitExplanation.Builder why = HitExplanation.newBuilder()
                .setDenseRank(fused.denseRank())
                .setDenseSimilarity(vector == null ? 0 : VectorUtil.dotProduct(vector, fused.course().vector()))
                .setLexicalRank(fused.lexicalRank())
                .setLexicalScore(fused.lexicalScore());
        if (text != null) {
            why.addAllMatchedTerms(matchedTerms(text, queryTerms, course));
        }
        for (String competency : filter.competencyIds()) {
            competencyMatch(course, competency).ifPresent(why::addCompetencyMatches);
        }
        return CourseHit.newBuilder().setCourse(course).setScore(fused.score()).setExplanation(why).build();
    }

    private List<String> matchedTerms(String query, Map<LanguageAnalyzers.Family, List<String>> queryTerms,
                                      Course course) {
        LanguageAnalyzers.Family family = LanguageAnalyzers.family(course.getLanguage());
        Set<String> present = new HashSet<>(analyzers.terms(family, course.getTitle()));
        present.addAll(analyzers.terms(family, course.getDescription()));
        Set<String> matched = new LinkedHashSet<>();
        for (String term : queryTerms.computeIfAbsent(family, f -> analyzers.terms(f, query))) {
            if (present.contains(term) && matched.size() < MAX_MATCHED_TERMS) {
                matched.add(term);
            }
        }
        return List.copyOf(matched);
    }

    private static Optional<CompetencyMatch> competencyMatch(Course course, String competency) {
        if (course.getCompetencyIdsList().contains(competency)) {
            return Optional.of(CompetencyMatch.newBuilder().setCompetencyId(competency).setExplicitMatch(true).build());
        }
        for (InferredCompetency inferred : course.getInferredCompetenciesList()) {
            if (inferred.getCompetencyId().equals(competency)) {
                return Optional.of(CompetencyMatch.newBuilder().setCompetencyId(competency)
                        .setSimilarity(inferred.getSimilarity()).build());
            }
        }
        return Optional.empty();
    }


    // ------------------------------------------------------------------------------------------- shared

    /** The tenant's course count, framework size and last change. */
    public record TenantInfo(long courses, long competencies, Optional<Instant> updatedAt) {
    }

    public TenantInfo info(String tenant) {
        return new TenantInfo(index.courseCount(tenant), tagger.framework(tenant).size(), index.updatedAt(tenant));
    }

    /** The tenant's framework by competency id, as stored (cached until the framework changes). */
    public Map<String, IndexedCompetency> competencies(String tenant) {
        return tagger.framework(tenant).byId();
    }

    public int dimensions() {
        return embedding.batcher().dimensions();
    }

    public ModelVersion embeddingModel() {
        EmbeddingBatcher batcher = embedding.batcher();
        return ModelVersion.newBuilder().setName(batcher.modelName()).setVersion(batcher.modelVersion()).build();
    }

    /** Unit vectors for texts, in order, through the shared embedding batcher. */
    public List<float[]> embed(List<String> texts, CallerBudget budget) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += EMBEDDING_CHUNK) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + EMBEDDING_CHUNK));
            BatchedEmbeddings result = await(embedding.batcher().submit(chunk, budget), budget);
            for (TextEmbedding text : result.embeddings()) {
                vectors.add(text.vector());
            }
        }
        return vectors;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future, CallerBudget budget) {
        try {
            long remaining = budget.remainingNanos(System.nanoTime());
            return remaining == Long.MAX_VALUE ? future.get()
                    : future.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new RejectedWorkException(Reason.DEADLINE, "deadline passed while embedding");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedWorkException(Reason.CANCELLED, "interrupted while embedding");
        }
    }


    private Timestamp now() {
        Instant now = clock.instant();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }
}

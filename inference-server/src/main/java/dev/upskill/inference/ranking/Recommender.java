package dev.upskill.inference.ranking;

import com.google.protobuf.Timestamp;
import dev.upskill.inference.catalog.CatalogGrpcService.CatalogAccess;
import dev.upskill.inference.catalog.CourseCatalog;
import dev.upskill.inference.catalog.IndexedCompetency;
import dev.upskill.inference.catalog.IndexedCourse;
import dev.upskill.inference.catalog.SearchFilter;
import dev.upskill.inference.ranking.LearnedWeightsFile.Learned;
import dev.upskill.inference.rpc.CallContext;
import dev.upskill.inference.rpc.CallerBudget;
import dev.upskill.inference.rpc.Statuses;
import dev.upskill.inference.text.LanguageTags;
import dev.upskill.proto.v1.CompetencyGap;
import dev.upskill.proto.v1.CourseFilter;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Diversity;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.GapCoverage;
import dev.upskill.proto.v1.LearnerContext;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RankCoursesRequest;
import dev.upskill.proto.v1.RankCoursesResponse;
import dev.upskill.proto.v1.RankedCourse;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.RecordOutcomeResponse;
import dev.upskill.proto.v1.ResponseMeta;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ranking feature over the catalog: validates requests, resolves gaps against the tenant's framework, looks
 * up or retrieves candidates (in-process catalog searches, no network hop), excludes what the learner has done or
 * cannot read, and ranks with {@link CourseRanker}; records outcomes in the {@link OutcomeStore}. Methods block;
 * the gRPC service runs them on the catalog's threads.
 */
public final class Recommender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recommender.class);

    /** Rating the quality prior centres on while a tenant has no rated course. */
    static final double NEUTRAL_RATING = 3.5;
    private static final float DEFAULT_RELEVANCE_WEIGHT = 0.7f;
    private static final int MAX_TEXT_CHARS = 500;
    private static final int MAX_ID_CHARS = 128;
    private static final int MAX_LANGUAGES = 10;
    private static final int MAX_PROVIDERS = 20;
    private static final int MAX_FORMATS = 10;
    private static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private final CatalogAccess access;
    private final OutcomeStore outcomes;
    private final RankingSettings settings;
    private final CourseRanker ranker = new CourseRanker();
    private final Clock clock;
    /** Per tenant: the mean rating, and the catalog and tenant course generation it was computed at. */
    private final Map<String, MeanRating> meanRatings = new ConcurrentHashMap<>();

    private record MeanRating(CourseCatalog catalog, long generation, double mean) {
    }

    private final PairwiseLogisticTrainer trainer = new PairwiseLogisticTrainer();
    private final LearnedWeightsFile weightsFile;
    /** Per tenant: the weights last fitted, read from its weights file on first use (empty: none yet). */
    private final Map<String, Optional<Learned>> learned = new ConcurrentHashMap<>();
    private final Set<String> fitting = ConcurrentHashMap.newKeySet();
    private final ExecutorService fitter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ranking-fit").daemon(true).factory());

    public Recommender(CatalogAccess access, OutcomeStore outcomes, RankingSettings settings, Clock clock) {
        this.access = access;
        this.outcomes = outcomes;
        this.settings = settings;
        this.clock = clock;
        this.weightsFile = new LearnedWeightsFile(settings.directory());
    }

    /**
     * The weights serving a tenant: the defaults until it has {@code ranking.learning.min-outcomes} outcomes, then
     * the last weights fitted to its outcomes. Fitting runs in the background, once the threshold is reached and
     * again every {@code ranking.learning.refit-every} new outcomes; until a fit finishes the previous weights
     * serve. Fitted weights are kept in the tenant's weights file ({@link LearnedWeightsFile}), so they survive
     * a restart.
     */
    public RankingWeights weights(String tenant) {
        long count = outcomes.count(tenant);
        Learned current = learned.computeIfAbsent(tenant, weightsFile::read).orElse(null);
        boolean due = count >= settings.learningMinOutcomes()
                && (current == null || count - current.outcomes() >= settings.learningRefitEvery());
        if (due && fitting.add(tenant)) {
            try {
                fitter.execute(() -> {
                    try {
                        RankingWeights fitted = trainer.fit(outcomes.pairs(tenant), Long.toString(count));
                        Learned fresh = new Learned(count, fitted);
                        learned.put(tenant, Optional.of(fresh));
                        weightsFile.write(tenant, fresh);
                        log.info("ranking weights for tenant {} fitted on {} outcomes: {}", tenant, count,
                                java.util.Arrays.toString(fitted.values()));
                    } catch (RuntimeException e) {
                        log.warn("fitting ranking weights for tenant {} failed", tenant, e);
                    } finally {
                        fitting.remove(tenant);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                fitting.remove(tenant); // shutting down
            }
        }
        return current == null ? RankingWeights.DEFAULT : current.weights();
    }

    @Override
    public void close() {
        fitter.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------- RankCourses

    public RankCoursesResponse rank(RankCoursesRequest request, CallerBudget budget) {
        String tenant = CourseCatalog.checkTenant(request.getTenantId(), "tenant_id");
        CourseCatalog catalog = access.catalog();
        checkGapCount(request.getGapsCount());
        int topK = topK(request.getTopK(), "top_k");
        Float lambda = relevanceWeight(request.hasDiversity(), request.getDiversity());
        checkContext(request.getContext());
        if (request.getCandidateCourseIdsCount() > settings.maxCandidates()) {
            throw Statuses.invalidArgument("candidate_course_ids", request.getCandidateCourseIdsCount()
                    + " ids; the limit is " + settings.maxCandidates());
        }
        for (int i = 0; i < request.getCandidateCourseIdsCount(); i++) {
            if (request.getCandidateCourseIds(i).isBlank()) {
                throw Statuses.invalidArgument("candidate_course_ids[" + i + "]", "is blank");
            }
        }
        List<CourseRanker.Gap> gaps = gaps(catalog, tenant, request.getGapsList());
        RankCoursesResponse.Builder response = RankCoursesResponse.newBuilder();
        List<IndexedCourse> candidates;
        if (request.getCandidateCourseIdsCount() == 0) {
            candidates = retrieve(catalog, tenant, gaps, SearchFilter.none(),
                    RankingSettings.DEFAULT_CANDIDATES_PER_GAP, budget);
        } else {
            Set<String> ids = new java.util.LinkedHashSet<>(request.getCandidateCourseIdsList());
            Map<String, IndexedCourse> found = catalog.index().findCourses(tenant, ids);
            candidates = new ArrayList<>(found.size());
            for (String id : ids) {
                IndexedCourse course = found.get(id);
                if (course == null) {
                    response.addUnknownCourseIds(id);
                } else {
                    candidates.add(course);
                }
            }
        }
        CourseCatalog.checkCaller(budget);
        Ranked ranked = rankCandidates(catalog, tenant, gaps, request.getContext(), candidates, topK, lambda,
                budget);
        return response.addAllCourses(ranked.courses()).setExcluded(ranked.excluded())
                .setCatalogIndex(catalog.version())
                .setMeta(ResponseMeta.newBuilder().setModel(ranked.weights().modelVersion()))
                .build();
    }

    // ------------------------------------------------------------------------------------------- RecommendForGaps

    public RecommendForGapsResponse recommend(RecommendForGapsRequest request, CallerBudget budget) {
        String tenant = CourseCatalog.checkTenant(request.getTenantId(), "tenant_id");
        CourseCatalog catalog = access.catalog();
        checkGapCount(request.getGapsCount());
        int topK = topK(request.getTopK(), "top_k");
        Float lambda = relevanceWeight(request.hasDiversity(), request.getDiversity());
        checkContext(request.getContext());
        int perGap = request.getCandidatesPerGap();
        if (perGap < 0 || perGap > RankingSettings.MAX_CANDIDATES_PER_GAP) {
            throw Statuses.invalidArgument("candidates_per_gap", perGap + " is outside 0.."
                    + RankingSettings.MAX_CANDIDATES_PER_GAP);
        }
        if (perGap == 0) {
            perGap = RankingSettings.DEFAULT_CANDIDATES_PER_GAP;
        }
        SearchFilter filter = request.hasFilter() ? catalog.checkFilter(request.getFilter(), "filter")
                : SearchFilter.none();
        List<CourseRanker.Gap> gaps = gaps(catalog, tenant, request.getGapsList());
        List<IndexedCourse> candidates = retrieve(catalog, tenant, gaps, filter, perGap, budget);
        CourseCatalog.checkCaller(budget);
        Ranked ranked = rankCandidates(catalog, tenant, gaps, request.getContext(), candidates, topK, lambda,
                budget);
        RecommendForGapsResponse.Builder response = RecommendForGapsResponse.newBuilder()
                .addAllCourses(ranked.courses())
                .setCandidatesRetrieved(candidates.size())
                .setExcluded(ranked.excluded())
                .setCatalogIndex(catalog.version())
                .setMeta(ResponseMeta.newBuilder().setModel(ranked.weights().modelVersion()));
        for (CourseRanker.Gap gap : gaps) {
            GapCoverage.Builder coverage = GapCoverage.newBuilder().setCompetencyId(gap.competencyId());
            for (RankedCourse course : ranked.courses()) {
                if (course.getCoveredCompetencyIdsList().contains(gap.competencyId())) {
                    coverage.addCourseIds(course.getCourse().getId());
                }
            }
            response.addCoverage(coverage);
        }
        return response.build();
    }

    /** The union of one hybrid search per gap (the competency's name and description, its stored vector). */
    private static List<IndexedCourse> retrieve(CourseCatalog catalog, String tenant, List<CourseRanker.Gap> gaps,
                                                SearchFilter filter, int perGap, CallerBudget budget) {
        Map<String, IndexedCourse> union = new LinkedHashMap<>();
        for (CourseRanker.Gap gap : gaps) {
            CourseCatalog.checkCaller(budget);
            String text = gap.name() + "\n" + gap.description();
            for (IndexedCourse course : catalog.retrieve(tenant, text, gap.vector(), filter, perGap)) {
                union.putIfAbsent(course.id(), course);
            }
        }
        return List.copyOf(union.values());
    }

    // ------------------------------------------------------------------------------------------- shared

    private record Ranked(List<RankedCourse> courses, int excluded, RankingWeights weights) {
    }

    private Ranked rankCandidates(CourseCatalog catalog, String tenant, List<CourseRanker.Gap> gaps,
                                  LearnerContext context, List<IndexedCourse> candidates, int topK, Float lambda,
                                  CallerBudget budget) {
        Set<String> done = new HashSet<>(context.getCompletedCourseIdsList());
        done.addAll(context.getInProgressCourseIdsList());
        List<String> languages = context.getLanguagesList().stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        List<IndexedCourse> kept = new ArrayList<>(candidates.size());
        int excluded = 0;
        for (IndexedCourse course : candidates) {
            if (done.contains(course.id()) || !readable(course.course().getLanguage(), languages)) {
                excluded++;
            } else {
                kept.add(course);
            }
        }
        float[] role = context.getRole().isBlank() ? null
                : catalog.embed(List.of(context.getRole()), budget).getFirst();
        CourseRanker.Learner learner = new CourseRanker.Learner(role,
                context.hasTimeBudgetMinutes() ? OptionalInt.of(context.getTimeBudgetMinutes()) : OptionalInt.empty(),
                context.getManagerPreferences().getPreferredProvidersList().stream()
                        .map(p -> p.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet()),
                Set.copyOf(context.getManagerPreferences().getPreferredFormatsList()));
        CourseRanker.QualityPrior prior = new CourseRanker.QualityPrior(meanRating(catalog, tenant),
                settings.qualityPriorCount());
        CourseRanker.OutcomeRates rates = outcomes.rates(tenant);
        RankingWeights weights = weights(tenant);
        List<CourseRanker.Scored> scored = new ArrayList<>(kept.size());
        for (IndexedCourse course : kept) {
            scored.add(ranker.score(course, gaps, learner, prior, rates, weights));
        }
        CourseCatalog.checkCaller(budget);
        List<RankedCourse> list = ranker.list(scored, topK, lambda, gaps, weights);
        if (!context.getEmployeeId().isEmpty() && !list.isEmpty()) {
            List<String> ids = new ArrayList<>(list.size());
            List<float[]> features = new ArrayList<>(list.size());
            for (RankedCourse course : list) {
                ids.add(course.getCourse().getId());
                float[] values = new float[RankingWeights.FEATURES.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = course.getContributions(i).getValue();
                }
                features.add(values);
            }
            outcomes.recordList(tenant, CallContext.requestId(),
                    new OutcomeStore.ServedList(context.getEmployeeId(), ids, features));
        }
        return new Ranked(list, excluded, weights);
    }

    /** Whether a course's language is one the learner reads; a tag without region matches its variants. */
    static boolean readable(String courseLanguage, List<String> languages) {
        if (languages.isEmpty()) {
            return true;
        }
        String language = courseLanguage.toLowerCase(Locale.ROOT);
        if (language.isEmpty()) {
            return false;
        }
        String primary = LanguageTags.primary(language);
        for (String wanted : languages) {
            if (wanted.equals(language) || wanted.equals(primary)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tenant's mean rating over rated courses: one scan of its courses, cached until they change. Keyed on the
     * tenant's course generation rather than the index version, so writes to other tenants (and competency
     * re-tagging, which leaves ratings alone) do not cost a rescan. The generation is read before the scan and
     * bumped after a write is visible, so a scan racing a write is stored under the old generation and redone.
     */
    private double meanRating(CourseCatalog catalog, String tenant) {
        long generation = catalog.courseGeneration(tenant);
        MeanRating cached = meanRatings.get(tenant);
        if (cached != null && cached.catalog() == catalog && cached.generation() == generation) {
            return cached.mean();
        }
        double[] sum = new double[2];
        catalog.index().forEachCourse(tenant, course -> {
            if (course.course().hasRating() && course.course().getRatingCount() > 0) {
                sum[0] += course.course().getRating();
                sum[1]++;
            }
        });
        double mean = sum[1] == 0 ? NEUTRAL_RATING : sum[0] / sum[1];
        meanRatings.put(tenant, new MeanRating(catalog, generation, mean));
        return mean;
    }

    private void checkGapCount(int count) {
        if (count == 0) {
            throw Statuses.invalidArgument("gaps", "name at least one gap");
        }
        if (count > settings.maxGaps()) {
            throw Statuses.invalidArgument("gaps", count + " gaps; the limit is " + settings.maxGaps());
        }
    }

    private int topK(int topK, String field) {
        if (topK < 0 || topK > settings.maxTopK()) {
            throw Statuses.invalidArgument(field, topK + " is outside 0.." + settings.maxTopK());
        }
        return topK == 0 ? RankingSettings.DEFAULT_TOP_K : topK;
    }

    private static Float relevanceWeight(boolean set, Diversity diversity) {
        if (!set) {
            return null;
        }
        float lambda = diversity.getRelevanceWeight();
        if (!Float.isFinite(lambda) || lambda < 0 || lambda > 1) {
            throw Statuses.invalidArgument("diversity.relevance_weight", lambda + " is outside 0..1");
        }
        return lambda == 0 ? DEFAULT_RELEVANCE_WEIGHT : lambda;
    }

    private void checkContext(LearnerContext context) {
        if (context.getEmployeeId().length() > MAX_ID_CHARS) {
            throw Statuses.invalidArgument("context.employee_id", "longer than " + MAX_ID_CHARS + " characters");
        }
        if (context.getRole().length() > MAX_TEXT_CHARS) {
            throw Statuses.invalidArgument("context.role", "longer than " + MAX_TEXT_CHARS + " characters");
        }
        if (context.getLanguagesCount() > MAX_LANGUAGES) {
            throw Statuses.invalidArgument("context.languages", context.getLanguagesCount()
                    + " languages; the limit is " + MAX_LANGUAGES);
        }
        for (int i = 0; i < context.getLanguagesCount(); i++) {
            if (!context.getLanguages(i).matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")) {
                throw Statuses.invalidArgument("context.languages[" + i + "]", "'" + context.getLanguages(i)
                        + "' is not a BCP 47 language tag");
            }
        }
        if (context.hasTimeBudgetMinutes() && context.getTimeBudgetMinutes() < 0) {
            throw Statuses.invalidArgument("context.time_budget_minutes", "is negative");
        }
        if (context.getCompletedCourseIdsCount() > settings.maxIds()) {
            throw Statuses.invalidArgument("context.completed_course_ids", context.getCompletedCourseIdsCount()
                    + " ids; the limit is " + settings.maxIds());
        }
        if (context.getInProgressCourseIdsCount() > settings.maxIds()) {
            throw Statuses.invalidArgument("context.in_progress_course_ids", context.getInProgressCourseIdsCount()
                    + " ids; the limit is " + settings.maxIds());
        }
        if (context.getManagerPreferences().getPreferredProvidersCount() > MAX_PROVIDERS) {
            throw Statuses.invalidArgument("context.manager_preferences.preferred_providers",
                    "the limit is " + MAX_PROVIDERS);
        }
        List<CourseFormat> formats = context.getManagerPreferences().getPreferredFormatsList();
        if (formats.size() > MAX_FORMATS) {
            throw Statuses.invalidArgument("context.manager_preferences.preferred_formats",
                    "the limit is " + MAX_FORMATS);
        }
        for (int i = 0; i < formats.size(); i++) {
            if (formats.get(i) == CourseFormat.UNRECOGNIZED || formats.get(i) == CourseFormat.COURSE_FORMAT_UNSPECIFIED) {
                throw Statuses.invalidArgument("context.manager_preferences.preferred_formats[" + i + "]",
                        "is not a known format");
            }
        }
    }

    /** Resolves the gaps against the framework; masses are weight x size, normalised to sum 1. */
    private List<CourseRanker.Gap> gaps(CourseCatalog catalog, String tenant, List<CompetencyGap> sent) {
        Set<String> seen = new HashSet<>();
        double[] mass = new double[sent.size()];
        double total = 0;
        for (int i = 0; i < sent.size(); i++) {
            CompetencyGap gap = sent.get(i);
            String field = "gaps[" + i + "]";
            if (gap.getCompetencyId().isBlank()) {
                throw Statuses.invalidArgument(field + ".competency_id", "is required");
            }
            if (!seen.add(gap.getCompetencyId())) {
                throw Statuses.invalidArgument(field + ".competency_id", "'" + gap.getCompetencyId()
                        + "' is named by another gap");
            }
            int current = gap.getCurrentLevelValue();
            int target = gap.getTargetLevelValue();
            if (current < 0 || current > 4) {
                throw Statuses.invalidArgument(field + ".current_level", "unknown level " + current);
            }
            if (target < 1 || target > 4 || target <= current) {
                throw Statuses.invalidArgument(field + ".target_level", "must be a level above current_level");
            }
            float weight = gap.getWeight();
            if (!Float.isFinite(weight) || weight < 0 || weight > 100) {
                throw Statuses.invalidArgument(field + ".weight", weight + " is outside 0..100");
            }
            mass[i] = (weight == 0 ? 1 : weight) * (target - current);
            total += mass[i];
        }
        Map<String, IndexedCompetency> framework = catalog.competencies(tenant);
        if (framework.isEmpty()) {
            throw Status.FAILED_PRECONDITION.withDescription("tenant_id: tenant '" + tenant
                    + "' has no competency framework; send it with CatalogService.UpsertCompetencies")
                    .asRuntimeException();
        }
        List<CourseRanker.Gap> gaps = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            CompetencyGap gap = sent.get(i);
            IndexedCompetency competency = framework.get(gap.getCompetencyId());
            if (competency == null) {
                throw Status.NOT_FOUND.withDescription("gaps[" + i + "].competency_id: '" + gap.getCompetencyId()
                        + "' is not in the tenant's framework").asRuntimeException();
            }
            gaps.add(new CourseRanker.Gap(gap.getCompetencyId(), competency.competency().getName(),
                    competency.competency().getDescription(), competency.vector(), gap.getCurrentLevelValue(),
                    gap.getTargetLevelValue(), mass[i] / total));
        }
        return gaps;
    }

    // ------------------------------------------------------------------------------------------- RecordOutcome

    public RecordOutcomeResponse record(RecordOutcomeRequest request) {
        String tenant = CourseCatalog.checkTenant(request.getTenantId(), "tenant_id");
        requiredId(request.getOutcomeId(), "outcome_id");
        requiredId(request.getEmployeeId(), "employee_id");
        requiredId(request.getCourseId(), "course_id");
        if (request.getStatus() == OutcomeStatus.OUTCOME_STATUS_UNSPECIFIED
                || request.getStatus() == OutcomeStatus.UNRECOGNIZED) {
            throw Statuses.invalidArgument("status", "set started, completed or abandoned");
        }
        if (request.getRecommendationRequestId().length() > MAX_ID_CHARS) {
            throw Statuses.invalidArgument("recommendation_request_id", "longer than " + MAX_ID_CHARS
                    + " characters");
        }
        if (request.getGapClosuresCount() > settings.maxGaps()) {
            throw Statuses.invalidArgument("gap_closures", request.getGapClosuresCount() + " closures; the limit is "
                    + settings.maxGaps());
        }
        for (int i = 0; i < request.getGapClosuresCount(); i++) {
            GapClosure gap = request.getGapClosures(i);
            String field = "gap_closures[" + i + "]";
            if (gap.getCompetencyId().isBlank()) {
                throw Statuses.invalidArgument(field + ".competency_id", "is required");
            }
            int before = gap.getLevelBeforeValue();
            int after = gap.getLevelAfterValue();
            int target = gap.getTargetLevelValue();
            if (before < 0 || before > 4) {
                throw Statuses.invalidArgument(field + ".level_before", "unknown level " + before);
            }
            if (after < 0 || after > 4) {
                throw Statuses.invalidArgument(field + ".level_after", "unknown level " + after);
            }
            if (target < 1 || target > 4 || target <= before) {
                throw Statuses.invalidArgument(field + ".target_level", "must be a level above level_before");
            }
        }
        Instant now = clock.instant();
        if (request.hasOccurredAt()) {
            Instant at = Instant.ofEpochSecond(request.getOccurredAt().getSeconds(), request.getOccurredAt().getNanos());
            if (at.isAfter(now.plus(MAX_FUTURE))) {
                throw Statuses.invalidArgument("occurred_at", "more than 5 minutes in the future");
            }
        }
        CourseCatalog catalog = access.catalog();
        if (catalog.index().findCourses(tenant, List.of(request.getCourseId())).isEmpty()) {
            throw Status.NOT_FOUND.withDescription("course_id: '" + request.getCourseId()
                    + "' is not in the tenant's catalog").asRuntimeException();
        }
        if (request.getGapClosuresCount() > 0) {
            Map<String, IndexedCompetency> framework = catalog.competencies(tenant);
            for (int i = 0; i < request.getGapClosuresCount(); i++) {
                if (!framework.containsKey(request.getGapClosures(i).getCompetencyId())) {
                    throw Status.NOT_FOUND.withDescription("gap_closures[" + i + "].competency_id: '"
                            + request.getGapClosures(i).getCompetencyId() + "' is not in the tenant's framework")
                            .asRuntimeException();
                }
            }
        }
        RecordOutcomeRequest stored = request.hasOccurredAt() ? request : request.toBuilder()
                .setOccurredAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        OutcomeStore.Recorded recorded;
        try {
            recorded = outcomes.record(tenant, stored, request);
        } catch (OutcomeStore.ConflictException e) {
            throw Status.ALREADY_EXISTS.withDescription(e.getMessage()).asRuntimeException();
        }
        RecordOutcomeResponse.Builder response = RecordOutcomeResponse.newBuilder()
                .setDuplicate(recorded.duplicate())
                .setTenantOutcomes(recorded.tenantOutcomes())
                .setOutcomesUntilLearning(Math.max(0, settings.learningMinOutcomes() - recorded.tenantOutcomes()))
                .setMeta(ResponseMeta.newBuilder().setModel(weights(tenant).modelVersion()));
        for (GapClosure gap : request.getGapClosuresList()) {
            response.addClosure(OutcomeStore.closure(gap));
        }
        return response.build();
    }

    private static void requiredId(String id, String field) {
        if (id.isBlank()) {
            throw Statuses.invalidArgument(field, "is required");
        }
        if (id.length() > MAX_ID_CHARS) {
            throw Statuses.invalidArgument(field, "longer than " + MAX_ID_CHARS + " characters");
        }
    }
}

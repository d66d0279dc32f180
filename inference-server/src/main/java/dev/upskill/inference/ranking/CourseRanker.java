package dev.upskill.inference.ranking;

import dev.upskill.inference.catalog.IndexedCourse;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.FeatureContribution;
import dev.upskill.proto.v1.InferredCompetency;
import dev.upskill.proto.v1.RankedCourse;
import dev.upskill.proto.v1.RankingFeature;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

import static org.apache.lucene.util.VectorUtil.dotProduct;

/**
 * Scores courses for an employee's gaps: a 0..1 value per {@link RankingFeature}, the weighted sum, a reason a
 * person can read, and optionally maximal marginal relevance (MMR) re-ranking against near-duplicates. Pure
 * computation over what the caller looked up (courses with vectors, gap competencies with vectors, outcome
 * rates); thread-safe.
 */
public final class CourseRanker {

    private static final int SEMANTIC = 0;
    private static final int COVERAGE = 1;
    private static final int LEVEL = 2;
    private static final int QUALITY = 3;
    private static final int OUTCOME = 4;
    private static final int DURATION = 5;
    private static final int MANAGER = 6;
    /** Share of semantic relevance that comes from the role when the context names one. */
    private static final double ROLE_SHARE = 0.2;
    private static final int MAX_REASON_CHARS = 300;
    private static final int MAX_NAMED_GAPS = 3;

    /**
     * One gap of the request, resolved against the framework.
     *
     * @param vector the competency's unit embedding (name and description)
     * @param current current level, 0 (none) to 4
     * @param target target level, above {@code current}
     * @param mass the gap's share of the request's total gap: weight x (target - current), normalised to sum 1
     */
    public record Gap(String competencyId, String name, String description, float[] vector, int current, int target,
                      double mass) {
    }

    /**
     * What the ranking knows about the learner.
     *
     * @param role the role's unit embedding, or null
     * @param timeBudgetMinutes the remaining budget, empty for none
     * @param providers preferred providers, lower-cased
     */
    public record Learner(float[] role, OptionalInt timeBudgetMinutes, Set<String> providers,
                          Set<CourseFormat> formats) {

        public static final Learner NONE = new Learner(null, OptionalInt.empty(), Set.of(), Set.of());
    }

    /** How often a course closed a competency's gap, smoothed (0..1). */
    public interface OutcomeRates {
        double rate(String courseId, String competencyId);
    }

    /**
     * The rating prior: a course's rating r from n ratings counts as (C·m + n·r) / (C + n).
     *
     * @param mean m, the catalog's mean rating (0..5)
     * @param count C, how many ratings the prior weighs
     */
    public record QualityPrior(double mean, int count) {

        double shrunk(Course course) {
            if (!course.hasRating() || course.getRatingCount() <= 0) {
                return mean;
            }
            long n = course.getRatingCount();
            return (count * mean + n * (double) course.getRating()) / (count + n);
        }
    }

    /** A course with its feature values and score, before it is placed in the list. */
    public record Scored(IndexedCourse course, float[] values, double score, List<String> covered) {
    }

    /** The feature values of one course (in {@link RankingWeights#FEATURES} order) and the gaps it covers. */
    public Scored score(IndexedCourse indexed, List<Gap> gaps, Learner learner, QualityPrior prior,
                        OutcomeRates outcomes, RankingWeights weights) {
        Course course = indexed.course();
        Set<String> carried = new HashSet<>(course.getCompetencyIdsList());
        for (InferredCompetency inferred : course.getInferredCompetenciesList()) {
            carried.add(inferred.getCompetencyId());
        }
        float[] values = new float[RankingWeights.FEATURES.size()];
        double semantic = 0;
        double coverage = 0;
        double outcome = 0;
        double coveredMass = 0;
        double levelCovered = 0;
        double levelAll = 0;
        int level = course.getLevelValue();
        List<String> covered = new ArrayList<>();
        for (Gap gap : gaps) {
            semantic += gap.mass() * Math.max(0, dotProduct(gap.vector(), indexed.vector()));
            outcome += gap.mass() * outcomes.rate(course.getId(), gap.competencyId());
            double fit = levelFit(level, gap);
            levelAll += gap.mass() * fit;
            if (carried.contains(gap.competencyId())) {
                coverage += gap.mass();
                coveredMass += gap.mass();
                levelCovered += gap.mass() * fit;
                covered.add(gap.competencyId());
            }
        }
        if (learner.role() != null) {
            float role = Math.max(0, dotProduct(learner.role(), indexed.vector()));
            semantic = (1 - ROLE_SHARE) * semantic + ROLE_SHARE * role;
        }
        values[SEMANTIC] = clip(semantic);
        values[COVERAGE] = clip(coverage);
        values[LEVEL] = level == 0 ? 0.5f : clip(coveredMass > 0 ? levelCovered / coveredMass : levelAll);
        values[QUALITY] = clip(prior.shrunk(course) / 5);
        values[OUTCOME] = clip(outcome);
        values[DURATION] = durationFit(course.getDurationMinutes(), learner.timeBudgetMinutes());
        values[MANAGER] = preference(course, learner);
        double score = 0;
        for (int i = 0; i < values.length; i++) {
            score += weights.weight(i) * values[i];
        }
        return new Scored(indexed, values, score, covered);
    }

    /** 1 when the level is inside current+1 .. target, half a point less per level outside. */
    private static double levelFit(int level, Gap gap) {
        int low = gap.current() + 1;
        int distance = level < low ? low - level : Math.max(0, level - gap.target());
        return Math.max(0, 1 - 0.5 * distance);
    }

    private static float durationFit(int minutes, OptionalInt budget) {
        if (budget.isEmpty()) {
            return 1;
        }
        if (minutes <= 0) {
            return 0.5f;
        }
        return minutes <= budget.getAsInt() ? 1 : (float) budget.getAsInt() / minutes;
    }

    private static float preference(Course course, Learner learner) {
        boolean provider = !course.getProvider().isEmpty()
                && learner.providers().contains(course.getProvider().toLowerCase(Locale.ROOT));
        boolean format = learner.formats().contains(course.getFormat());
        return provider && format ? 1 : provider || format ? 0.5f : 0;
    }

    /**
     * Orders the scored courses and builds the list: by score, or with {@code relevanceWeight} (MMR's lambda)
     * greedily by lambda x score - (1 - lambda) x the highest similarity to a course already placed.
     *
     * @param relevanceWeight null for no diversity
     */
    public List<RankedCourse> list(List<Scored> scored, int topK, Float relevanceWeight, List<Gap> gaps,
                                   RankingWeights weights) {
        List<RankedCourse> out = new ArrayList<>(Math.min(topK, scored.size()));
        if (relevanceWeight == null) {
            List<Scored> sorted = new ArrayList<>(scored);
            sorted.sort(Comparator.comparingDouble(Scored::score).reversed()
                    .thenComparing(s -> s.course().id()));
            for (int i = 0; i < Math.min(topK, sorted.size()); i++) {
                out.add(ranked(sorted.get(i), i + 1, 1, null, gaps, weights));
            }
            return out;
        }
        double lambda = relevanceWeight;
        List<Scored> left = new ArrayList<>(scored);
        left.sort(Comparator.comparing(s -> s.course().id()));
        double[] maxSimilarity = new double[left.size()];
        boolean[] placed = new boolean[left.size()];
        for (int rank = 1; rank <= Math.min(topK, left.size()); rank++) {
            int best = -1;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < left.size(); i++) {
                if (placed[i]) {
                    continue;
                }
                double value = lambda * left.get(i).score() - (1 - lambda) * maxSimilarity[i];
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            placed[best] = true;
            Scored chosen = left.get(best);
            out.add(ranked(chosen, rank, lambda, (float) (0 - maxSimilarity[best]), gaps, weights));
            for (int i = 0; i < left.size(); i++) {
                if (!placed[i]) {
                    double similarity = Math.max(0,
                            dotProduct(chosen.course().vector(), left.get(i).course().vector()));
                    maxSimilarity[i] = Math.max(maxSimilarity[i], Math.min(1, similarity));
                }
            }
        }
        return out;
    }

    private static RankedCourse ranked(Scored scored, int rank, double lambda, Float penalty, List<Gap> gaps,
                                       RankingWeights weights) {
        RankedCourse.Builder out = RankedCourse.newBuilder().setRank(rank).setCourse(scored.course().course());
        double total = 0;
        for (int i = 0; i < scored.values().length; i++) {
            float weight = (float) (weights.weight(i) * lambda);
            float contribution = weight * scored.values()[i];
            total += contribution;
            out.addContributions(FeatureContribution.newBuilder().setFeature(RankingWeights.FEATURES.get(i))
                    .setValue(scored.values()[i]).setWeight(weight).setContribution(contribution));
        }
        if (penalty != null) {
            float weight = (float) (1 - lambda);
            float contribution = weight * penalty;
            total += contribution;
            out.addContributions(FeatureContribution.newBuilder()
                    .setFeature(RankingFeature.RANKING_FEATURE_DIVERSITY_PENALTY)
                    .setValue(penalty).setWeight(weight).setContribution(contribution));
        }
        return out.setScore((float) total)
                .setReason(reason(scored, gaps))
                .addAllCoveredCompetencyIds(scored.covered())
                .build();
    }

    /**
     * "Covers Negotiation and Stakeholder management, level 2 → 3, rated 4.6 by 1,200 learners." The level step
     * is the one of the largest covered gap (of the most relevant gap when none is covered).
     */
    static String reason(Scored scored, List<Gap> gaps) {
        List<Gap> covered = gaps.stream().filter(g -> scored.covered().contains(g.competencyId())).toList();
        StringBuilder out = new StringBuilder();
        Gap step;
        if (covered.isEmpty()) {
            step = gaps.stream().max(Comparator.comparingDouble(
                    g -> dotProduct(g.vector(), scored.course().vector()))).orElseThrow();
            out.append("Related to ").append(step.name());
        } else {
            step = covered.stream().max(Comparator.comparingDouble(Gap::mass)).orElseThrow();
            out.append("Covers ").append(names(covered));
        }
        out.append(", level ").append(step.current()).append(" → ").append(step.target());
        Course course = scored.course().course();
        if (course.hasRating() && course.getRatingCount() > 0) {
            out.append(", rated ").append(String.format(Locale.ROOT, "%.1f", course.getRating())).append(" by ")
                    .append(NumberFormat.getIntegerInstance(Locale.US).format(course.getRatingCount()))
                    .append(course.getRatingCount() == 1 ? " learner" : " learners");
        } else {
            out.append(", not yet rated");
        }
        out.append('.');
        if (out.length() > MAX_REASON_CHARS) {
            out.setLength(MAX_REASON_CHARS - 2);
            out.append("….");
        }
        return out.toString();
    }

    private static String names(List<Gap> covered) {
        List<String> names = covered.stream().limit(MAX_NAMED_GAPS).map(Gap::name).toList();
        String listed = names.size() == 1 ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
        if (covered.size() > MAX_NAMED_GAPS) {
            return String.join(", ", names) + " and " + (covered.size() - MAX_NAMED_GAPS) + " more";
        }
        return listed;
    }

    private static float clip(double value) {
        return (float) Math.max(0, Math.min(1, value));
    }

}

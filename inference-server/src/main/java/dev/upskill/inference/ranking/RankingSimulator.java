package dev.upskill.inference.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated company for evaluating learned ranking weights: courses, employees with gaps, the ranked lists
 * they are shown and the outcomes they produce. It works at the level of the ranking's feature vectors (no text,
 * no embeddings), so it runs in milliseconds and its ground truth is known exactly.
 *
 * <h2>Generative process (seeded, deterministic)</h2>
 * <ul>
 *   <li><b>Courses</b> ({@code courses}, default 2,000): a competency k uniform in 0..39; a level uniform in
 *       1..4; a duration of exp(N(ln 120, 0.8)) minutes; a provider uniform in 0..9 and a format uniform in 0..3;
 *       a latent <i>effectiveness</i> e ~ Beta(2, 2) (how well it closes gaps — never observed directly); a topical
 *       focus t ~ U(0.3, 1) (how squarely its text is about k); n = floor(exp(N(3, 1.5))) ratings whose mean is
 *       clip(3 + 1.5·e + N(0, 0.6/√(n+1)) · 3, 1, 5) (ratings track effectiveness, noisily for few ratings); and
 *       h ~ U{0..8} past closures of k, each a Bernoulli(e) draw (the outcome history).</li>
 *   <li><b>Employees</b>: 1 to 3 distinct gap competencies, each with a current level uniform in 0..2, a target
 *       level uniform above it up to 4, and weight 1; a time budget uniform in 60..600 minutes; one preferred
 *       provider and one preferred format.</li>
 *   <li><b>Candidates</b> of an employee: 15 courses carrying one of the gap competencies and 15 random ones.</li>
 *   <li><b>Features</b> (as {@link CourseRanker} defines them): semantic relevance = gap share·(0.35 + 0.4·t)
 *       + (1 - gap share)·0.15 + N(0, 0.05); gap coverage, level fit, duration fit and manager preference by
 *       their definitions; quality = the rating shrunk towards the catalog mean by 50 ratings, / 5; outcome rate
 *       = (5·0.5 + closures) / (5 + h).</li>
 *   <li><b>Truth</b>: the probability that taking the course closes the employee's gap is
 *       sigmoid(-8 + 4·coverage + 5·e + 3·level fit + 2·duration fit + 0.5·manager preference). Semantic
 *       relevance adds nothing beyond coverage, and quality and outcome rate are only noisy views of e: the
 *       default weights are deliberately not the truth.</li>
 *   <li><b>Outcomes</b>: each training employee is shown the top 10 of the candidates under the default weights
 *       and takes 1 to 3 of them uniformly at random; each taken course is completed with its gap closed with
 *       the true probability (a positive outcome), else abandoned (a negative one).</li>
 * </ul>
 */
public final class RankingSimulator {

    static final int COMPETENCIES = 40;
    private static final int CANDIDATES_PER_SIDE = 15;
    /** Courses shown to an employee. */
    public static final int SHOWN = 10;

    private final SplittableRandom random;
    private final List<SimCourse> courses = new ArrayList<>();
    private final List<List<SimCourse>> byCompetency = new ArrayList<>();
    private final double meanRating;

    record SimCourse(int competency, int level, int minutes, int provider, int format, double effectiveness,
                     double focus, long ratings, double rating, int history, int closures) {
    }

    record SimGap(int competency, int current, int target) {
    }

    /** One candidate of one employee: its features and the true probability that it closes the gap. */
    public record Candidate(float[] features, double truth) {
    }

    public RankingSimulator(int courseCount, long seed) {
        this.random = new SplittableRandom(seed);
        for (int k = 0; k < COMPETENCIES; k++) {
            byCompetency.add(new ArrayList<>());
        }
        double ratingSum = 0;
        for (int i = 0; i < courseCount; i++) {
            double e = beta22();
            long n = (long) Math.floor(Math.exp(3 + 1.5 * random.nextGaussian()));
            double rating = clip(3 + 1.5 * e + random.nextGaussian() * 0.6 / Math.sqrt(n + 1) * 3, 1, 5);
            int history = random.nextInt(9);
            int closures = 0;
            for (int h = 0; h < history; h++) {
                closures += random.nextDouble() < e ? 1 : 0;
            }
            SimCourse course = new SimCourse(random.nextInt(COMPETENCIES), 1 + random.nextInt(4),
                    (int) Math.max(5, Math.exp(Math.log(120) + 0.8 * random.nextGaussian())), random.nextInt(10),
                    random.nextInt(4), e, 0.3 + 0.7 * random.nextDouble(), n, rating, history, closures);
            courses.add(course);
            byCompetency.get(course.competency()).add(course);
            ratingSum += rating;
        }
        this.meanRating = ratingSum / courseCount;
    }

    /** A new employee's candidates (30), with features and truth. */
    public List<Candidate> employee() {
        int gapCount = 1 + random.nextInt(3);
        List<SimGap> gaps = new ArrayList<>();
        while (gaps.size() < gapCount) {
            int k = random.nextInt(COMPETENCIES);
            if (gaps.stream().noneMatch(g -> g.competency() == k) && !byCompetency.get(k).isEmpty()) {
                int current = random.nextInt(3);
                gaps.add(new SimGap(k, current, current + 1 + random.nextInt(4 - current)));
            }
        }
        int budget = 60 + random.nextInt(541);
        int provider = random.nextInt(10);
        int format = random.nextInt(4);
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < 2 * CANDIDATES_PER_SIDE; i++) {
            SimCourse course;
            if (i < CANDIDATES_PER_SIDE) {
                List<SimCourse> pool = byCompetency.get(gaps.get(random.nextInt(gaps.size())).competency());
                course = pool.get(random.nextInt(pool.size()));
            } else {
                course = courses.get(random.nextInt(courses.size()));
            }
            out.add(candidate(course, gaps, budget, provider, format));
        }
        return out;
    }

    private Candidate candidate(SimCourse course, List<SimGap> gaps, int budget, int provider, int format) {
        double total = 0;
        double coveredMass = 0;
        double levelCovered = 0;
        double levelAll = 0;
        for (SimGap gap : gaps) {
            double mass = gap.target() - gap.current();
            total += mass;
            int low = gap.current() + 1;
            int distance = course.level() < low ? low - course.level() : Math.max(0, course.level() - gap.target());
            double fit = Math.max(0, 1 - 0.5 * distance);
            levelAll += mass * fit;
            if (gap.competency() == course.competency()) {
                coveredMass += mass;
                levelCovered += mass * fit;
            }
        }
        double coverage = coveredMass / total;
        double levelFit = coveredMass > 0 ? levelCovered / coveredMass : levelAll / total;
        double semantic = clip(coverage * (0.35 + 0.4 * course.focus()) + (1 - coverage) * 0.15
                + 0.05 * random.nextGaussian(), 0, 1);
        double quality = (50 * meanRating + course.ratings() * course.rating()) / (50 + course.ratings()) / 5;
        double outcome = (5 * 0.5 + course.closures()) / (5.0 + course.history());
        double duration = course.minutes() <= budget ? 1 : (double) budget / course.minutes();
        boolean p = course.provider() == provider;
        boolean f = course.format() == format;
        double preference = p && f ? 1 : p || f ? 0.5 : 0;
        float[] features = {(float) semantic, (float) coverage, (float) levelFit, (float) clip(quality, 0, 1),
                (float) outcome, (float) duration, (float) preference};
        double truth = 1 / (1 + Math.exp(-(-8 + 4 * coverage + 5 * course.effectiveness() + 3 * levelFit
                + 2 * duration + 0.5 * preference)));
        return new Candidate(features, truth);
    }

    /**
     * The training pairs of one employee: shown the top {@link #SHOWN} under {@code weights}, takes 1 to 3 of
     * them; each completed-and-closed course is preferred to every other shown course that was not.
     */
    public List<PairwiseLogisticTrainer.Pair> outcomes(List<Candidate> candidates, RankingWeights weights) {
        List<Candidate> shown = top(candidates, weights, SHOWN);
        int taken = 1 + random.nextInt(3);
        boolean[] positive = new boolean[shown.size()];
        for (int t = 0; t < taken; t++) {
            int i = random.nextInt(shown.size());
            positive[i] = random.nextDouble() < shown.get(i).truth();
        }
        List<PairwiseLogisticTrainer.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            for (int j = 0; j < shown.size(); j++) {
                if (positive[i] && !positive[j]) {
                    pairs.add(new PairwiseLogisticTrainer.Pair(shown.get(i).features(), shown.get(j).features()));
                }
            }
        }
        return pairs;
    }

    /** The {@code k} best candidates under {@code weights}, best first. */
    public static List<Candidate> top(List<Candidate> candidates, RankingWeights weights, int k) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort((a, b) -> Double.compare(score(b.features(), weights), score(a.features(), weights)));
        return sorted.subList(0, Math.min(k, sorted.size()));
    }

    static double score(float[] features, RankingWeights weights) {
        double sum = 0;
        for (int i = 0; i < features.length; i++) {
            sum += weights.weight(i) * features[i];
        }
        return sum;
    }

    /** NDCG@k of ranking the candidates by {@code weights}, with the true probabilities as graded relevance. */
    public static double ndcg(List<Candidate> candidates, RankingWeights weights, int k) {
        List<Candidate> ranked = top(candidates, weights, k);
        List<Candidate> ideal = new ArrayList<>(candidates);
        ideal.sort((a, b) -> Double.compare(b.truth(), a.truth()));
        double dcg = 0;
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            double discount = 1 / (Math.log(i + 2) / Math.log(2));
            dcg += ranked.get(i).truth() * discount;
            idcg += ideal.get(i).truth() * discount;
        }
        return idcg == 0 ? 1 : dcg / idcg;
    }

    private double beta22() {
        // Beta(2, 2) as the median of three uniforms.
        double a = random.nextDouble();
        double b = random.nextDouble();
        double c = random.nextDouble();
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static double clip(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}

package dev.upskill.benchmarks.ranking;

import dev.upskill.inference.catalog.IndexedCourse;
import dev.upskill.inference.ranking.CourseRanker;
import dev.upskill.inference.ranking.RankingWeights;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.InferredCompetency;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.RankedCourse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ranking in-process: 100 candidate courses (384-dimensional unit vectors, explicit and inferred competencies,
 * levels, durations, ratings) for 3 gaps, with a role, a time budget and manager preferences — every feature,
 * the weighted score, the reason sentence and the {@code RankedCourse} messages of the top 10, with diversity
 * (MMR, λ = 0.7) off and on. What {@code Recommender} adds around it — reading the candidates from the index, the
 * role's embedding — is measured by the catalog and embedding benchmarks.
 */
@Fork(value = 2, jvmArgsAppend = {"-Dlogback.configurationFile=logback-benchmarks.xml", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RankingBenchmark {

    private static final int DIMENSIONS = 384;
    private static final int COMPETENCIES = 20;

    @Param({"100"})
    public int candidates;

    @Param({"off", "0.7"})
    public String diversity;

    private final CourseRanker ranker = new CourseRanker();
    private List<IndexedCourse> courses;
    private List<CourseRanker.Gap> gaps;
    private CourseRanker.Learner learner;
    private CourseRanker.QualityPrior prior;
    private CourseRanker.OutcomeRates rates;
    private Float lambda;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        courses = new ArrayList<>(candidates);
        for (int i = 0; i < candidates; i++) {
            Course.Builder course = Course.newBuilder().setId("c-" + i).setTitle("Course " + i)
                    .setLanguage("en").setProvider("Provider " + random.nextInt(10))
                    .setLevel(Level.forNumber(1 + random.nextInt(4)))
                    .setDurationMinutes(30 + random.nextInt(600))
                    .setFormat(CourseFormat.forNumber(1 + random.nextInt(8)))
                    .addCompetencyIds("k-" + random.nextInt(COMPETENCIES))
                    .addInferredCompetencies(InferredCompetency.newBuilder()
                            .setCompetencyId("k-" + random.nextInt(COMPETENCIES)).setSimilarity(0.6f));
            if (random.nextBoolean()) {
                course.setRating(1 + 4 * (float) random.nextDouble()).setRatingCount(random.nextInt(5000));
            }
            courses.add(new IndexedCourse(course.build(), unit(random), ""));
        }
        gaps = List.of(
                new CourseRanker.Gap("k-1", "Negotiation", "", unit(random), 1, 3, 0.5),
                new CourseRanker.Gap("k-2", "Stakeholder management", "", unit(random), 2, 3, 0.25),
                new CourseRanker.Gap("k-3", "Presenting", "", unit(random), 0, 2, 0.25));
        learner = new CourseRanker.Learner(unit(random), OptionalInt.of(240), Set.of("provider 3"),
                Set.of(CourseFormat.COURSE_FORMAT_WORKSHOP));
        prior = new CourseRanker.QualityPrior(4.1, 50);
        rates = (course, competency) -> 0.5;
        lambda = diversity.equals("off") ? null : Float.parseFloat(diversity);
    }

    private static float[] unit(SplittableRandom random) {
        float[] vector = new float[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] = (float) random.nextDouble(-1, 1);
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    @Benchmark
    public List<RankedCourse> rank100For3Gaps() {
        List<CourseRanker.Scored> scored = new ArrayList<>(courses.size());
        for (IndexedCourse course : courses) {
            scored.add(ranker.score(course, gaps, learner, prior, rates, RankingWeights.DEFAULT));
        }
        return ranker.list(scored, 10, lambda, gaps, RankingWeights.DEFAULT);
    }
}

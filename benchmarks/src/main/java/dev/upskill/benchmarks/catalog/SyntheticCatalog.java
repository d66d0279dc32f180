package dev.upskill.benchmarks.catalog;

import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.CourseFormat;
import dev.upskill.proto.v1.Level;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * A synthetic course catalog of any size for benchmarks, made from a competency framework (by default the
 * demo company's) and word lists. Course {@code i} depends only on the seed, the framework and {@code i}, so a
 * catalog is the same on every run and can be generated lazily, one course at a time, in any order: a million
 * courses are never in memory together.
 *
 * <p>What the courses look like:
 * <ul>
 *   <li>0 to 3 explicit competencies (12% none, mean 1.6), drawn Zipf–Mandelbrot-like over a seed-shuffled
 *       ranking of the framework (weight {@code (rank + 31)^-3}): with the demo framework (115 competencies) a
 *       one-competency filter matches from about 10% of the courses (the commonest) down to about 0.1% (the
 *       rarest). A larger framework has a longer, rarer tail.</li>
 *   <li>Title and description built around the first competency ({@link CourseText}), often quoting its
 *       description, with technical terms (Kubernetes, GDPR, SQL, ...) in a share of them.</li>
 *   <li>Languages: 85% en, 4% de, 3% fr, 2% es, 2% ru, 1% each pt, it, nl, pl. Levels: 34% beginner, 36% intermediate,
 *       18% advanced, 5% expert, 7% unknown. Formats of all kinds, durations that fit the format (3% unknown),
 *       50 providers (a few large ones), 10% unrated courses and rating counts from 1 to about 30,000.</li>
 * </ul>
 *
 * {@link #main} writes a catalog as JSON lines for {@code bin/upskill catalog import}.
 */
public final class SyntheticCatalog {

    // Tuned so that with ~100 competencies the commonest is on ~10% of courses and the rarest on ~0.1%.
    private static final double ZIPF_EXPONENT = 3.0;
    private static final double ZIPF_OFFSET = 30.0;
    private static final String[] PROVIDER_NAMES = {"Northwind", "BrightPath", "Summit", "Lumen", "Clearview",
        "Ironbridge", "DataWise", "CloudNine", "Harbor", "Maple"};
    private static final String[] PROVIDER_KINDS = {"Academy", "Learning", "Institute", "Training", "School"};
    private static final String[] LANGUAGES = {"en", "de", "fr", "es", "ru", "pt", "it", "nl", "pl"};
    private static final int[] LANGUAGE_PERCENT = {85, 4, 3, 2, 2, 1, 1, 1};  // the rest (1%): pl
    private static final Level[] LEVELS = {Level.LEVEL_BEGINNER, Level.LEVEL_INTERMEDIATE, Level.LEVEL_ADVANCED,
        Level.LEVEL_EXPERT, Level.LEVEL_UNSPECIFIED};
    private static final int[] LEVEL_PERCENT = {34, 36, 18, 5};
    private static final CourseFormat[] FORMATS = {CourseFormat.COURSE_FORMAT_COURSE, CourseFormat.COURSE_FORMAT_VIDEO,
        CourseFormat.COURSE_FORMAT_ARTICLE, CourseFormat.COURSE_FORMAT_WORKSHOP, CourseFormat.COURSE_FORMAT_WEBINAR,
        CourseFormat.COURSE_FORMAT_BOOK, CourseFormat.COURSE_FORMAT_PODCAST, CourseFormat.COURSE_FORMAT_MENTORING,
        CourseFormat.COURSE_FORMAT_OTHER};
    private static final int[] FORMAT_PERCENT = {40, 20, 10, 8, 7, 5, 5, 3};
    private static final Integer[] COMPETENCY_COUNTS = {0, 1, 2, 3};
    private static final int[] COMPETENCY_COUNT_PERCENT = {12, 38, 32};  // the rest (18%): 3

    private final long seed;
    private final List<Competency> ranked;
    private final ZipfSampler competencies;
    private final List<String> providers;
    private final ZipfSampler providerSampler;

    /**
     * @param framework the competencies courses are about and tagged with (at least one)
     * @param seed the catalog's seed: equal seeds and frameworks give equal catalogs
     */
    public SyntheticCatalog(List<Competency> framework, long seed) {
        if (framework.isEmpty()) {
            throw new IllegalArgumentException("the framework has no competencies");
        }
        this.seed = seed;
        List<Competency> shuffled = new ArrayList<>(framework);
        // Which competencies are popular depends on the seed, not on the file's order.
        Collections.shuffle(shuffled, new SplittableRandom(seed));
        this.ranked = List.copyOf(shuffled);
        this.competencies = new ZipfSampler(ranked.size(), ZIPF_EXPONENT, ZIPF_OFFSET);
        List<String> names = new ArrayList<>();
        for (String kind : PROVIDER_KINDS) {
            for (String name : PROVIDER_NAMES) {
                names.add(name + " " + kind);
            }
        }
        Collections.shuffle(names, new SplittableRandom(seed + 1));
        this.providers = List.copyOf(names);
        this.providerSampler = new ZipfSampler(providers.size(), 0.8, 1);
    }

    /** Writes a catalog as JSON lines: {@code --count N --seed S --out FILE} (see {@code --help}). */
    public static void main(String... args) {
        System.exit(new CommandLine(new SyntheticCatalogCommand()).execute(args));
    }

    /** Courses {@code 0..count-1}, generated as the stream is consumed. */
    public Stream<Course> courses(long count) {
        return LongStream.range(0, count).mapToObj(this::course);
    }

    /** Course number {@code index} of this catalog. */
    public Course course(long index) {
        SplittableRandom random = new SplittableRandom(mix(seed, index));
        String id = String.format(Locale.ROOT, "syn-%07d", index);
        String language = pick(random, LANGUAGES, LANGUAGE_PERCENT);
        Level level = pick(random, LEVELS, LEVEL_PERCENT);
        CourseFormat format = pick(random, FORMATS, FORMAT_PERCENT);
        List<Competency> tagged = drawCompetencies(random, pick(random, COMPETENCY_COUNTS, COMPETENCY_COUNT_PERCENT));
        // A course without explicit competencies is still about one: the server's tagging should find it.
        Competency topic = tagged.isEmpty() ? ranked.get(competencies.next(random)) : tagged.get(0);
        List<Competency> related = tagged.size() > 1 ? tagged.subList(1, tagged.size()) : List.of();
        String provider = providers.get(providerSampler.next(random));

        Course.Builder course = Course.newBuilder()
                .setId(id)
                .setTitle(CourseText.title(random, topic, related.isEmpty() ? null : related.get(0), language))
                .setDescription(CourseText.description(random, topic, related, format, language))
                .setProvider(provider)
                .setUrl("https://learn.example.com/" + provider.toLowerCase(Locale.ROOT).replace(' ', '-') + "/" + id)
                .setLanguage(language)
                .setLevel(level)
                .setDurationMinutes(duration(random, format))
                .setFormat(format);
        tagged.forEach(competency -> course.addCompetencyIds(competency.getId()));
        if (random.nextInt(10) > 0) {
            long count = Math.round(Math.pow(10, random.nextDouble(0, 4.5)));
            double spread = 0.25 + 1 / Math.sqrt(count);
            // Few ratings can average anything; thousands rarely stray far from the mean, and never reach 5.0.
            double rating = Math.clamp(4.25 + spread * random.nextGaussian(), 1, count < 20 ? 5 : 4.9);
            course.setRating(Math.round(rating * 10) / 10f).setRatingCount(count);
        }
        return course.build();
    }

    private List<Competency> drawCompetencies(SplittableRandom random, int count) {
        List<Competency> drawn = new ArrayList<>(count);
        // Distinct draws; with 3 of ~100 a repeat is rare, and the attempt limit keeps tiny frameworks finite.
        for (int attempt = 0; drawn.size() < count && attempt < 20; attempt++) {
            Competency competency = ranked.get(competencies.next(random));
            if (!drawn.contains(competency)) {
                drawn.add(competency);
            }
        }
        return drawn;
    }

    private static int duration(SplittableRandom random, CourseFormat format) {
        if (random.nextInt(100) < 3) {
            return 0;  // unknown
        }
        int[] range = switch (format) {
            case COURSE_FORMAT_VIDEO -> new int[] {3, 90};
            case COURSE_FORMAT_ARTICLE -> new int[] {5, 30};
            case COURSE_FORMAT_WORKSHOP -> new int[] {120, 960};
            case COURSE_FORMAT_WEBINAR -> new int[] {30, 120};
            case COURSE_FORMAT_BOOK -> new int[] {240, 1200};
            case COURSE_FORMAT_PODCAST -> new int[] {15, 90};
            case COURSE_FORMAT_MENTORING -> new int[] {120, 1440};
            case COURSE_FORMAT_OTHER -> new int[] {30, 600};
            default -> new int[] {60, 2400};
        };
        // Log-uniform: short courses are as common as long ones per doubling of length.
        double minutes = Math.exp(random.nextDouble(Math.log(range[0]), Math.log(range[1])));
        return minutes > 30 ? (int) Math.round(minutes / 5) * 5 : (int) Math.round(minutes);
    }

    private static <T> T pick(SplittableRandom random, T[] values, int[] percents) {
        int roll = random.nextInt(100);
        for (int i = 0; i < percents.length; i++) {
            roll -= percents[i];
            if (roll < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    /** A seed for course {@code index}: neighbouring indices and seeds give unrelated streams. */
    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

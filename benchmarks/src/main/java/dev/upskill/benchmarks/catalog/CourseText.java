package dev.upskill.benchmarks.catalog;

import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.CourseFormat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes plausible course titles and descriptions around competencies: the competency's name and (often) its
 * description, combined with word lists of subtitles, audiences, activities, goals and technical terms, so
 * that many courses on one competency still differ in their words (BM25) and wording (embeddings). The text
 * is English; a course in another language gets a title prefix and a closing sentence in that language.
 */
final class CourseText {

    private static final List<String> SUBTITLES = List.of("a practical introduction", "from basics to practice",
            "the essentials", "a hands-on workshop", "tools and techniques", "for busy professionals",
            "in 90 minutes", "lessons from the field", "beyond the basics", "a step-by-step guide",
            "common mistakes and how to avoid them", "case studies", "what works and what does not", "a refresher",
            "getting it right the first time", "from theory to everyday work");
    private static final List<String> AUDIENCES = List.of("team leads", "new managers", "analysts", "developers",
            "sales teams", "HR professionals", "project managers", "customer service agents", "executives",
            "consultants", "engineers", "everyone", "graduates", "operations staff", "product owners");
    private static final List<String> CONTEXTS = List.of("practice", "remote teams", "regulated industries",
            "the public sector", "fast-growing companies", "agile teams", "a hybrid workplace", "small businesses",
            "international projects", "times of change");
    private static final List<String> FORMAT_WORDS = List.of("masterclass", "bootcamp", "clinic", "crash course",
            "deep dive", "essentials", "fundamentals", "workshop", "primer", "toolkit");
    private static final List<String> ACTIVITIES = List.of("short videos", "hands-on exercises", "case studies",
            "role plays", "guided labs", "group discussions", "quizzes", "real-world projects", "peer reviews",
            "live demonstrations", "worked examples", "templates and checklists");
    private static final List<String> GOALS = List.of("work more effectively", "prepare for a new role",
            "lead with confidence", "make better decisions", "save time every week", "support their team",
            "deliver projects on time", "grow into a senior role", "close a skills gap quickly",
            "get recognised results", "speak the language of specialists", "avoid costly mistakes");
    private static final List<String> OPENINGS = List.of("This course shows how to", "Learn to",
            "A practical guide to help you", "Discover how experienced professionals", "Build the confidence to",
            "Understand when and how to", "Step by step, you will learn to");
    private static final List<String> TERMS = List.of("Kubernetes", "GDPR", "SQL", "Excel", "pivot tables", "Scrum",
            "Kanban", "OWASP", "Power BI", "Salesforce", "Jira", "Python", "AWS", "Azure", "Tableau", "SAP",
            "Docker", "Git", "Terraform", "Kafka", "Snowflake", "ISO 27001", "PRINCE2", "OKRs", "NPS", "ITIL",
            "Lean Six Sigma", "Figma", "Looker", "ChatGPT");

    /** How a course in another language than English marks it: a title prefix and a closing sentence. */
    private record Localised(String titlePrefix, String closing) {
    }

    private static final Map<String, Localised> LOCALISED = Map.of(
            "de", new Localised("Kurs: ", "Dieser Kurs wird auf Deutsch unterrichtet."),
            "fr", new Localised("Formation : ", "Cette formation est dispensée en français."),
            "es", new Localised("Curso: ", "Este curso se imparte en español."),
            "ru", new Localised("Курс: ", "Курс проводится на русском языке."),
            "pt", new Localised("Curso: ", "Este curso é ministrado em português."),
            "it", new Localised("Corso: ", "Il corso si tiene in italiano."),
            "nl", new Localised("Cursus: ", "Deze cursus wordt in het Nederlands gegeven."),
            "pl", new Localised("Kurs: ", "Kurs prowadzony jest w języku polskim."));
    private static final Localised ENGLISH = new Localised("", "");

    private CourseText() {
    }

    /**
     * A title about {@code main} (and sometimes {@code other} or a technical term).
     *
     * @param other a second competency, or null
     */
    static String title(SplittableRandom random, Competency main, Competency other, String language) {
        String name = name(main);
        String title = switch (random.nextInt(7)) {
            case 0 -> capitalise(name) + ": " + pick(random, SUBTITLES);
            case 1 -> capitalise(name) + " for " + pick(random, AUDIENCES);
            case 2 -> capitalise(name) + " in " + pick(random, CONTEXTS);
            case 3 -> capitalise(name) + " " + pick(random, FORMAT_WORDS);
            case 4 -> other != null ? capitalise(name) + " and " + name(other) : capitalise(name) + ": the essentials";
            case 5 -> capitalise(name) + " with " + pick(random, TERMS);
            default -> pick(random, TERMS) + " for " + pick(random, AUDIENCES) + ": " + name;
        };
        return LOCALISED.getOrDefault(language, ENGLISH).titlePrefix() + title;
    }

    /** Two to five sentences: the competency, how it is taught, for whom, and perhaps related topics and tools. */
    static String description(SplittableRandom random, Competency main, List<Competency> others,
            CourseFormat format, String language) {
        StringBuilder text = new StringBuilder();
        String competencyText = main.getDescription().strip();
        if (!competencyText.isEmpty() && random.nextInt(10) < 6) {
            text.append(competencyText);
            if (!competencyText.endsWith(".")) {
                text.append('.');
            }
        } else {
            text.append(pick(random, OPENINGS)).append(' ').append(name(main)).append('.');
        }
        text.append(" Through ").append(pick(random, ACTIVITIES)).append(" and ").append(pick(random, ACTIVITIES))
                .append(", this ").append(formatWord(format)).append(" helps you apply it in your own work.");
        text.append(" Designed for ").append(pick(random, AUDIENCES)).append(" who want to ")
                .append(pick(random, GOALS)).append('.');
        if (!others.isEmpty()) {
            text.append(" It also covers ").append(name(others.get(0)));
            if (others.size() > 1) {
                text.append(" and ").append(name(others.get(1)));
            }
            text.append('.');
        }
        if (random.nextInt(4) == 0) {
            text.append(" Examples use ").append(pick(random, TERMS)).append('.');
        }
        String closing = LOCALISED.getOrDefault(language, ENGLISH).closing();
        if (!closing.isEmpty()) {
            text.append(' ').append(closing);
        }
        return text.toString();
    }

    // ESCO names carry qualifiers such as "Python (computer programming)": drop them in running text.
    private static String name(Competency competency) {
        return competency.getName().replaceAll("\\s*\\([^)]*\\)", "").strip();
    }

    private static String formatWord(CourseFormat format) {
        return switch (format) {
            case COURSE_FORMAT_VIDEO -> "video";
            case COURSE_FORMAT_ARTICLE -> "article";
            case COURSE_FORMAT_WORKSHOP -> "workshop";
            case COURSE_FORMAT_BOOK -> "book";
            case COURSE_FORMAT_PODCAST -> "podcast";
            case COURSE_FORMAT_WEBINAR -> "webinar";
            case COURSE_FORMAT_MENTORING -> "mentoring programme";
            default -> "course";
        };
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static String pick(SplittableRandom random, List<String> words) {
        return words.get(random.nextInt(words.size()));
    }
}

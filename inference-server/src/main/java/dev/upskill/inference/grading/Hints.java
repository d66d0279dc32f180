package dev.upskill.inference.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Short templated hints naming what an answer misses, in the answer's language (en, ru, de, fr, es; English
 * otherwise). Fluent wording is the journey engine's job; these are for a person to act on as they are.
 */
final class Hints {

    static final int MAX_HINTS = 5;
    static final int MAX_CHARS = 200;

    /** Per language: a missed key point, and reference terms the answer never mentions. */
    private record Templates(String missedPoint, String missingTerms) {
    }

    private static final Map<String, Templates> TEMPLATES = Map.of(
            "en", new Templates("Missing: %s", "Consider covering: %s"),
            "ru", new Templates("Не раскрыто: %s", "Стоит упомянуть: %s"),
            "de", new Templates("Es fehlt: %s", "Gehen Sie auch ein auf: %s"),
            "fr", new Templates("Il manque : %s", "Pensez à aborder : %s"),
            "es", new Templates("Falta: %s", "Considere mencionar: %s"));

    private Hints() {
    }

    private static Templates templates(String language) {
        return TEMPLATES.getOrDefault(language, TEMPLATES.get("en"));
    }

    /** One hint per missed key point, heaviest first, at most {@link #MAX_HINTS}. */
    static List<String> missedPoints(String language, List<String> missedByWeight) {
        List<String> hints = new ArrayList<>();
        for (String point : missedByWeight) {
            if (hints.size() == MAX_HINTS) {
                break;
            }
            hints.add(fit(String.format(templates(language).missedPoint(), point)));
        }
        return hints;
    }

    /** One hint listing up to five words of the reference the answer lacks; none when nothing is missing. */
    static List<String> missingTerms(String language, List<String> words) {
        if (words.isEmpty()) {
            return List.of();
        }
        String list = String.join(", ", words.subList(0, Math.min(MAX_HINTS, words.size())));
        return List.of(fit(String.format(templates(language).missingTerms(), list)));
    }

    private static String fit(String hint) {
        return hint.length() <= MAX_CHARS ? hint : hint.substring(0, MAX_CHARS - 1) + "…";
    }
}

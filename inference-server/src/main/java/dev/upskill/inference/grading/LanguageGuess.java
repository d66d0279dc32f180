package dev.upskill.inference.grading;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Guesses the language of a question sent without a tag, among the five the grader analyses: Cyrillic script
 * means Russian; otherwise the Latin-script language whose stop words (Lucene's lists) occur most. Text with
 * neither Latin nor Cyrillic letters is "und" (the language-neutral analyser).
 */
final class LanguageGuess {

    private static final Map<String, CharArraySet> STOP_WORDS = new LinkedHashMap<>();

    static {
        STOP_WORDS.put("en", EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        STOP_WORDS.put("de", GermanAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("fr", FrenchAnalyzer.getDefaultStopSet());
        STOP_WORDS.put("es", SpanishAnalyzer.getDefaultStopSet());
    }

    private LanguageGuess() {
    }

    static String of(String text) {
        int cyrillic = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                continue;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script == Character.UnicodeScript.CYRILLIC) {
                cyrillic++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        if (cyrillic == 0 && latin == 0) {
            return "und";
        }
        if (cyrillic > latin) {
            return "ru";
        }
        String best = "en";
        int bestHits = 0;
        String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}']+");
        for (Map.Entry<String, CharArraySet> language : STOP_WORDS.entrySet()) {
            int hits = 0;
            for (String w : words) {
                hits += !w.isEmpty() && language.getValue().contains(w) ? 1 : 0;
            }
            if (hits > bestHits) {
                best = language.getKey();
                bestHits = hits;
            }
        }
        return best;
    }
}

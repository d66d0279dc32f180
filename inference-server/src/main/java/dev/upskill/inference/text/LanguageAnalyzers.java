package dev.upskill.inference.text;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Lucene's language analyzers (tokenising, lower-casing, stop words, stemming) by BCP 47 language tag. Languages
 * without a stemmer of their own get the standard analyzer. Analyzers are thread-safe; one instance serves the
 * whole server.
 */
public final class LanguageAnalyzers implements AutoCloseable {

    /** Analysis families: one per supported stemmer, plus {@link #STANDARD} for every other language. */
    public enum Family {
        ENGLISH("en"), RUSSIAN("ru"), GERMAN("de"), FRENCH("fr"), SPANISH("es"), STANDARD("std");

        private final String code;

        Family(String code) {
            this.code = code;
        }

        /** Short code, used in index field names such as {@code title.en}. */
        public String code() {
            return code;
        }
    }

    private final Map<Family, Analyzer> analyzers = new EnumMap<>(Family.class);

    public LanguageAnalyzers() {
        analyzers.put(Family.ENGLISH, new EnglishAnalyzer());
        analyzers.put(Family.RUSSIAN, new RussianAnalyzer());
        analyzers.put(Family.GERMAN, new GermanAnalyzer());
        analyzers.put(Family.FRENCH, new FrenchAnalyzer());
        analyzers.put(Family.SPANISH, new SpanishAnalyzer());
        analyzers.put(Family.STANDARD, new StandardAnalyzer());
    }

    /**
     * The family of a BCP 47 tag by its primary subtag ("en-GB" → ENGLISH). Unknown or empty tags are English:
     * most catalogs are, and English stemming does little harm to names and technical terms.
     */
    public static Family family(String languageTag) {
        return switch (LanguageTags.primary(languageTag)) {
            case "", "en" -> Family.ENGLISH;
            case "ru" -> Family.RUSSIAN;
            case "de" -> Family.GERMAN;
            case "fr" -> Family.FRENCH;
            case "es" -> Family.SPANISH;
            default -> Family.STANDARD;
        };
    }

    public Analyzer analyzer(Family family) {
        return analyzers.get(family);
    }

    /** The terms of {@code text} as the family's analyzer indexes them, in order, repeats kept. */
    public List<String> terms(Family family, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzers.get(family).tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string cannot fail", e);
        }
        return terms;
    }

    @Override
    public void close() {
        analyzers.values().forEach(Analyzer::close);
    }
}

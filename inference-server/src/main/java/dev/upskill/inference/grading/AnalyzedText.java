package dev.upskill.inference.grading;

import dev.upskill.inference.text.LanguageAnalyzers;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A text as the lexical signals see it: its content terms (the language's Lucene analyzer: lower-cased, stop
 * words removed, stemmed), each with the word it came from, so a hint can name "recursion" rather than the
 * stem "recurs".
 *
 * @param terms content terms in order, repeats kept
 * @param surface for each distinct term, the first word of the text it came from
 */
record AnalyzedText(List<String> terms, Map<String, String> surface) {

    static AnalyzedText of(LanguageAnalyzers analyzers, LanguageAnalyzers.Family family, String text) {
        List<String> terms = new ArrayList<>();
        Map<String, String> surface = new LinkedHashMap<>();
        try (TokenStream stream = analyzers.analyzer(family).tokenStream("", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                String t = term.toString();
                terms.add(t);
                surface.putIfAbsent(t, text.substring(offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a string cannot fail", e);
        }
        return new AnalyzedText(List.copyOf(terms), surface);
    }

    Set<String> distinct() {
        return surface.keySet();
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }
}

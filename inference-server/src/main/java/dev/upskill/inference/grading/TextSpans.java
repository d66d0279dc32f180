package dev.upskill.inference.grading;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an answer into the units a key point is matched against: sentences (by the JDK's locale-aware
 * {@link BreakIterator}), and long sentences further into clauses at semicolons, so a run-on answer that makes
 * three points in one sentence gets evidence for each. Offsets are UTF-16 indices into the original text;
 * surrounding whitespace is trimmed off each span.
 */
final class TextSpans {

    /** A sentence or clause longer than this many characters is split at ';' when it has one. */
    private static final int CLAUSE_SPLIT_CHARS = 160;

    record Span(int start, int end, String text) {
    }

    private TextSpans() {
    }

    static List<Span> sentences(String text, Locale locale) {
        List<Span> spans = new ArrayList<>();
        BreakIterator it = BreakIterator.getSentenceInstance(locale);
        it.setText(text);
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            addClauses(text, start, end, spans);
        }
        return spans;
    }

    private static void addClauses(String text, int start, int end, List<Span> out) {
        if (end - start > CLAUSE_SPLIT_CHARS) {
            int from = start;
            for (int i = start; i < end; i++) {
                if (text.charAt(i) == ';') {
                    addTrimmed(text, from, i + 1, out);
                    from = i + 1;
                }
            }
            addTrimmed(text, from, end, out);
        } else {
            addTrimmed(text, start, end, out);
        }
    }

    private static void addTrimmed(String text, int start, int end, List<Span> out) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start && hasLetterOrDigit(text, start, end)) {
            out.add(new Span(start, end, text.substring(start, end)));
        }
    }

    private static boolean hasLetterOrDigit(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (Character.isLetterOrDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}

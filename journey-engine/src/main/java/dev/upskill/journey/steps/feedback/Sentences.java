package dev.upskill.journey.steps.feedback;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits feedback text into sentences with {@link BreakIterator}, line by line (a line break always ends a
 * sentence, so bullet lists split per bullet). Each sentence is an exact span of the text: surrounding white space
 * and a leading bullet marker ({@code -}, {@code *}, {@code •}, {@code 1.}, {@code 2)}, {@code a)}) are left out,
 * nothing else is changed. A break after a common abbreviation ("e.g.", "Mr.") is undone. Spans without a letter
 * are dropped.
 */
final class Sentences {

    /** {@code text} is {@code source.substring(start, end)}. */
    record Sentence(int start, int end, String text) {
    }

    private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.",
            "dr.", "prof.", "approx.", "incl.", "esp.", "cf.", "no.", "jr.", "sr.");

    private Sentences() {
    }

    static List<Sentence> split(String text) {
        List<Sentence> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        BreakIterator breaks = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = lineStart;
            while (lineEnd < text.length() && !isLineBreak(text.charAt(lineEnd))) {
                lineEnd++;
            }
            splitLine(text, lineStart, lineEnd, breaks, out);
            lineStart = lineEnd + 1;
        }
        return out;
    }

    private static void splitLine(String text, int from, int to, BreakIterator breaks, List<Sentence> out) {
        if (from >= to) {
            return;
        }
        breaks.setText(text.substring(from, to));
        int start = breaks.first();
        int pendingStart = -1;
        for (int end = breaks.next(); end != BreakIterator.DONE; start = end, end = breaks.next()) {
            int spanStart = pendingStart >= 0 ? pendingStart : from + start;
            int spanEnd = from + end;
            if (end < to - from && endsWithAbbreviation(text, spanStart, spanEnd)) {
                pendingStart = spanStart;
                continue;
            }
            pendingStart = -1;
            add(text, spanStart, spanEnd, out);
        }
        if (pendingStart >= 0) {
            add(text, pendingStart, to, out);
        }
    }

    private static void add(String text, int start, int end, List<Sentence> out) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        start = afterBullet(text, start, end);
        boolean letter = false;
        for (int i = start; i < end && !letter; i++) {
            letter = Character.isLetter(text.charAt(i));
        }
        if (letter) {
            out.add(new Sentence(start, end, text.substring(start, end)));
        }
    }

    /** Where the sentence starts after a bullet marker and the white space after it; {@code start} if none. */
    private static int afterBullet(String text, int start, int end) {
        int i = start;
        char c = i < end ? text.charAt(i) : ' ';
        if (c == '-' || c == '*' || c == '•' || c == '–' || c == '·') {
            i++;
        } else {
            int j = i;
            while (j < end && j - i < 3 && Character.isLetterOrDigit(text.charAt(j))) {
                j++;
            }
            boolean digits = j > i && text.substring(i, j).chars().allMatch(Character::isDigit);
            boolean marker = j < end && (digits && (text.charAt(j) == '.' || text.charAt(j) == ')')
                    || j - i == 1 && text.charAt(j) == ')');
            if (!marker) {
                return start;
            }
            i = j + 1;
        }
        if (i >= end || !Character.isWhitespace(text.charAt(i))) {
            return start;
        }
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean endsWithAbbreviation(String text, int start, int end) {
        int last = end;
        while (last > start && Character.isWhitespace(text.charAt(last - 1))) {
            last--;
        }
        int first = last;
        while (first > start && !Character.isWhitespace(text.charAt(first - 1))) {
            first--;
        }
        return ABBREVIATIONS.contains(text.substring(first, last).toLowerCase(Locale.ROOT));
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }
}

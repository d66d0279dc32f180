package dev.upskill.inference.grading;

import java.util.List;

/**
 * An answer ready to be compared: its content terms, its sentences (or clauses) with their terms, and the
 * embeddings of the whole answer and of each sentence.
 */
record AnalyzedAnswer(String text, AnalyzedText terms, List<Sentence> sentences, float[] vector) {

    record Sentence(TextSpans.Span span, AnalyzedText terms, float[] vector) {
    }

    boolean hasContent() {
        return !terms.isEmpty();
    }
}

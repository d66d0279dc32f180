package dev.upskill.inference.grading;

import dev.upskill.inference.text.LanguageAnalyzers;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The work on a question shared by every answer to it: the analysed question, references and key points, and
 * their embeddings. Immutable; computed once per GradeAnswer or GradeBatch call.
 */
record PreparedQuestion(LanguageAnalyzers.Family family, String language, AnalyzedText question,
        float[] questionVector, List<AnalyzedText> references, List<float[]> referenceVectors,
        List<KeyPointText> keyPoints, List<float[]> otherReferenceVectors, Set<String> referenceAndQuestionTerms) {

    /** A key point as analysed: its text, weight (normalised to sum 1 over the rubric), terms and embedding. */
    record KeyPointText(String id, String text, double weight, AnalyzedText terms, float[] vector) {
    }

    static Set<String> union(AnalyzedText question, List<AnalyzedText> references) {
        Set<String> all = new HashSet<>(question.distinct());
        for (AnalyzedText r : references) {
            all.addAll(r.distinct());
        }
        return Set.copyOf(all);
    }

    AnswerSignals signals(AnalyzedAnswer answer) {
        Set<String> have = answer.terms().distinct();
        Set<String> questionTerms = question.distinct();
        double semantic = Vectors.best(answer.vector(), referenceVectors);
        double bestSentence = 0;
        for (AnalyzedAnswer.Sentence s : answer.sentences()) {
            bestSentence = Math.max(bestSentence, Vectors.best(s.vector(), referenceVectors));
        }
        double recall = 0;
        double newRecall = 0;
        int referenceLength = 0;
        for (AnalyzedText r : references) {
            recall = Math.max(recall, Overlap.recall(r.distinct(), have));
            newRecall = Math.max(newRecall, Overlap.recallWithout(r.distinct(), have, questionTerms));
            referenceLength = Math.max(referenceLength, r.terms().size());
        }
        int known = 0;
        int novel = 0;
        for (String t : have) {
            known += referenceAndQuestionTerms.contains(t) ? 1 : 0;
            novel += questionTerms.contains(t) ? 0 : 1;
        }
        double precision = have.isEmpty() ? 0 : (double) known / have.size();
        double novelty = have.isEmpty() ? 0 : (double) novel / have.size();
        int length = answer.terms().terms().size();
        double lengthRatio = Math.max(-3, Math.min(3,
                Math.log((length + 1.0) / (referenceLength + 1.0)) / Math.log(2)));
        return new AnswerSignals(semantic, bestSentence, Vectors.cosine(answer.vector(), questionVector), recall,
                newRecall, precision, novelty, lengthRatio, length);
    }
}

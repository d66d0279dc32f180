package dev.upskill.inference.grading;

/**
 * What the grader measures about one answer, each roughly on 0..1. The calibration combines them into a score.
 *
 * @param semantic best cosine similarity of the whole answer to a reference answer
 * @param bestSentence best cosine similarity of one of the answer's sentences to a reference answer
 * @param questionSimilarity cosine similarity of the answer to the question
 * @param recall best share of a reference's content terms the answer contains
 * @param newRecall the same, counting only reference terms that are not in the question
 * @param precision share of the answer's content terms found in the references or the question
 * @param novelty share of the answer's content terms that are not in the question
 * @param lengthRatio log2 of (answer content terms + 1) / (reference content terms + 1), clipped to -3..3
 * @param contentTerms the answer's content terms, repeats counted
 */
public record AnswerSignals(double semantic, double bestSentence, double questionSimilarity, double recall,
        double newRecall, double precision, double novelty, double lengthRatio, int contentTerms) {

    /** The names of {@link #features()}, in order: the calibration file's keys. */
    static final String[] FEATURES = {"semantic", "bestSentence", "questionSimilarity", "recall", "newRecall",
            "precision", "novelty", "lengthRatio"};

    public double[] features() {
        return new double[] {semantic, bestSentence, questionSimilarity, recall, newRecall, precision, novelty,
                lengthRatio};
    }

    /** These signals with the semantic ones zeroed: what the lexical calibration sees. */
    public AnswerSignals lexicalOnly() {
        return new AnswerSignals(0, 0, 0, recall, newRecall, precision, novelty, lengthRatio, contentTerms);
    }
}

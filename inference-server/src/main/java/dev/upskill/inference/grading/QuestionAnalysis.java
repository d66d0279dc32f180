package dev.upskill.inference.grading;

import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.inference.text.LanguageTags;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.KeyPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns questions and answers into what the signals compare: analysed terms (the language's Lucene analyzer)
 * and embeddings, with all of a call's texts embedded in one request to the {@link Embedder}.
 */
final class QuestionAnalysis {

    /** Question-side texts whose vectors are kept: ~6 MB of 384-dimension vectors. */
    static final int RECENT_TEXTS = 4096;

    private final LanguageAnalyzers analyzers;
    private final Embedder embedder;
    private final Embedder questionEmbedder;

    QuestionAnalysis(LanguageAnalyzers analyzers, Embedder embedder) {
        this.analyzers = analyzers;
        this.embedder = embedder;
        this.questionEmbedder = new RecentEmbeddings(embedder, RECENT_TEXTS);
    }

    /** The language a question is analysed in: its tag's primary subtag, or a guess from its text. */
    static String language(GradingQuestion question) {
        String primary = LanguageTags.primary(question.getLanguage());
        return primary.isEmpty() ? LanguageGuess.of(question.getText()) : primary;
    }

    static LanguageAnalyzers.Family family(String language) {
        return "und".equals(language) ? LanguageAnalyzers.Family.STANDARD : LanguageAnalyzers.family(language);
    }

    PreparedQuestion prepare(GradingQuestion q) {
        String language = language(q);
        LanguageAnalyzers.Family family = family(language);
        List<String> texts = new ArrayList<>();
        texts.add(q.getText());
        texts.addAll(q.getReferenceAnswersList());
        for (KeyPoint k : q.getKeyPointsList()) {
            texts.add(k.getText());
        }
        texts.addAll(q.getOtherQuestionReferencesList());
        List<float[]> vectors = questionEmbedder.embed(texts);
        int at = 1;
        List<AnalyzedText> references = new ArrayList<>();
        List<float[]> referenceVectors = new ArrayList<>();
        for (String r : q.getReferenceAnswersList()) {
            references.add(AnalyzedText.of(analyzers, family, r));
            referenceVectors.add(vectors.get(at++));
        }
        double totalWeight = 0;
        for (KeyPoint k : q.getKeyPointsList()) {
            totalWeight += weight(k);
        }
        List<PreparedQuestion.KeyPointText> keyPoints = new ArrayList<>();
        for (KeyPoint k : q.getKeyPointsList()) {
            keyPoints.add(new PreparedQuestion.KeyPointText(k.getId(), k.getText(),
                    totalWeight == 0 ? 1.0 / q.getKeyPointsCount() : weight(k) / totalWeight,
                    AnalyzedText.of(analyzers, family, k.getText()), vectors.get(at++)));
        }
        List<float[]> others = List.copyOf(vectors.subList(at, vectors.size()));
        AnalyzedText question = AnalyzedText.of(analyzers, family, q.getText());
        return new PreparedQuestion(family, language, question, vectors.get(0), List.copyOf(references),
                List.copyOf(referenceVectors), List.copyOf(keyPoints), others,
                PreparedQuestion.union(question, references));
    }

    /** Key point weight: 0 (unset) means 1. */
    private static double weight(KeyPoint k) {
        return k.getWeight() == 0 ? 1 : k.getWeight();
    }

    /**
     * Analyses answers to {@code question}. The sentences of one answer are embedded together, in a model run
     * that holds nothing else (so an answer's vectors depend on that answer alone); the whole answer's vector is
     * the normalised mean of its sentences' vectors rather than a run of its own: the model's cost grows with the
     * longest text of a run, and the whole answer would be the longest by far (the calibration is fitted on
     * vectors made this way).
     */
    List<AnalyzedAnswer> analyze(PreparedQuestion question, List<String> answers) {
        Locale locale = Locale.forLanguageTag(question.language());
        List<AnalyzedAnswer> out = new ArrayList<>(answers.size());
        for (String answer : answers) {
            List<TextSpans.Span> spans = TextSpans.sentences(answer, locale);
            List<float[]> vectors = spans.isEmpty() ? List.of()
                    : embedder.embed(spans.stream().map(TextSpans.Span::text).toList());
            List<AnalyzedAnswer.Sentence> sentences = new ArrayList<>(spans.size());
            for (int i = 0; i < spans.size(); i++) {
                sentences.add(new AnalyzedAnswer.Sentence(spans.get(i),
                        AnalyzedText.of(analyzers, question.family(), spans.get(i).text()), vectors.get(i)));
            }
            out.add(new AnalyzedAnswer(answer, AnalyzedText.of(analyzers, question.family(), answer),
                    List.copyOf(sentences), Vectors.normalizedMean(vectors, question.questionVector().length)));
        }
        return out;
    }
}

package dev.upskill.inference.grading;

import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.inference.text.LanguageTags;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradedExample;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.KeyPointResult;
import dev.upskill.proto.v1.OffTopicReason;
import dev.upskill.proto.v1.TextSpan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Grades free-text answers against a question's references and rubric (see {@code docs/grading.md} for the
 * method and its measured quality). Deterministic: the same question and answer give the same grade from the same
 * model and calibration. Thread-safe; one instance serves the server.
 *
 * <p>Per answer: the signals ({@link AnswerSignals}) go through the calibration to a share of the maximum score;
 * with a rubric, 60 % of the share comes from the key points the answer makes (each key point's credit from its
 * best-matching sentence) and 40 % from the calibrated comparison with the references; graded examples shift the
 * question's scale; an answer that only restates the question is halved, one below the off-topic floor scaled
 * towards 0. Sentences that address the grader are
 * tried away and the lower of the two grades is kept, so they never raise a score.
 */
public final class Grader {

    /** Share of a rubric question's score that comes from its key points. */
    static final double KEY_POINT_SHARE = 0.6;
    /** Key point similarity (0..1) at which a point starts to earn credit, and at which it earns it all. */
    static final double CREDIT_FROM = 0.35;
    static final double CREDIT_FULL = 0.65;
    /** An answer whose content terms are at most this share new to the question restates it. */
    static final double RESTATE_NOVELTY = 0.3;
    static final double RESTATE_FACTOR = 0.5;
    /** Another question's reference must be this much closer than this question's to flag the answer. */
    static final double OTHER_QUESTION_MARGIN = 0.05;

    /**
     * @param offTopicFloor an answer whose closeness to the question and its references is below this is flagged
     * @param multilingualModel true when the embedding model handles every language; otherwise semantic signals
     *        serve English only and other languages are graded by the lexical calibration
     */
    public record Settings(double offTopicFloor, boolean multilingualModel) {
        public Settings {
            if (!(offTopicFloor >= 0 && offTopicFloor <= 1)) {
                throw new IllegalArgumentException("grading.off-topic-floor must be 0..1, got " + offTopicFloor);
            }
        }
    }

    private final QuestionAnalysis analysis;
    private final LanguageAnalyzers analyzers;
    private final Calibration full;
    private final Calibration lexical;
    private final Settings settings;

    public Grader(LanguageAnalyzers analyzers, Embedder embedder, Calibration full, Calibration lexical,
            Settings settings) {
        this.analyzers = analyzers;
        this.analysis = new QuestionAnalysis(analyzers, embedder);
        this.full = full;
        this.lexical = lexical;
        this.settings = settings;
    }

    /** "full-version+lexical-version": names the calibration in responses. */
    public String calibrationVersion() {
        return full.version() + "+" + lexical.version();
    }

    /** Grades each answer to {@code question}, in order, sharing the work on the question. */
    public List<Grade> grade(GradingQuestion question, List<Answer> answers) {
        QuestionContext context = context(question);
        List<String> texts = new ArrayList<>();
        List<int[]> versions = new ArrayList<>();
        for (Answer a : answers) {
            String clean = withoutInstructions(a.getText(), context.prepared.language());
            int original = texts.size();
            texts.add(a.getText());
            if (clean.equals(a.getText())) {
                versions.add(new int[] {original});
            } else {
                texts.add(clean);
                versions.add(new int[] {original, original + 1});
            }
        }
        List<AnalyzedAnswer> analyzed = analysis.analyze(context.prepared, texts);
        List<Grade> grades = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            Scored best = null;
            for (int v : versions.get(i)) {
                Scored s = score(context, analyzed.get(v));
                if (best == null || s.share < best.share) {
                    best = s;
                }
            }
            grades.add(toGrade(context, a, best));
        }
        return grades;
    }

    /**
     * The signals of each answer to {@code question}, before calibration: what {@link CalibrationFit} fits on.
     */
    public List<AnswerSignals> signals(GradingQuestion question, List<String> answers) {
        PreparedQuestion prepared = analysis.prepare(question);
        return analysis.analyze(prepared, answers).stream().map(prepared::signals).toList();
    }

    /** The question, analysed, with its graded examples turned into a shift of its scale. */
    private record QuestionContext(PreparedQuestion prepared, double maxScore, Calibration calibration,
            boolean semanticUsable, double shift, List<AnalyzedText> otherTerms, int examples) {
    }

    private QuestionContext context(GradingQuestion question) {
        PreparedQuestion prepared = analysis.prepare(question);
        double maxScore = question.getMaxScore() == 0 ? 5 : question.getMaxScore();
        boolean semanticUsable = settings.multilingualModel() || "en".equals(prepared.language());
        Calibration calibration = semanticUsable ? full : lexical;
        List<AnalyzedText> others = question.getOtherQuestionReferencesList().stream()
                .map(t -> AnalyzedText.of(analyzers, prepared.family(), t)).toList();
        QuestionContext unshifted = new QuestionContext(prepared, maxScore, calibration, semanticUsable, 0, others,
                0);
        List<GradedExample> examples = question.getGradedExamplesList();
        if (examples.isEmpty()) {
            return unshifted;
        }
        List<AnalyzedAnswer> analyzed = analysis.analyze(prepared,
                examples.stream().map(GradedExample::getAnswer).toList());
        double[] predicted = new double[examples.size()];
        double[] graded = new double[examples.size()];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = score(unshifted, analyzed.get(i)).share;
            graded[i] = examples.get(i).getScore() / maxScore;
        }
        return new QuestionContext(prepared, maxScore, calibration, semanticUsable,
                calibration.exampleShift(predicted, graded), others, examples.size());
    }

    /** The answer with every sentence that addresses the grader blanked out (offsets stay valid). */
    static String withoutInstructions(String text, String language) {
        StringBuilder clean = null;
        for (TextSpans.Span s : TextSpans.sentences(text, Locale.forLanguageTag(language))) {
            if (InstructionSpans.isInstruction(s.text())) {
                if (clean == null) {
                    clean = new StringBuilder(text);
                }
                for (int i = s.start(); i < s.end(); i++) {
                    clean.setCharAt(i, ' ');
                }
            }
        }
        return clean == null ? text : clean.toString();
    }

    private record PointResult(double similarity, double credit, TextSpans.Span evidence) {
    }

    private record Scored(double share, AnswerSignals signals, List<PointResult> points, boolean restates,
            OffTopicReason offTopic, String offTopicDetail, double confidence, AnalyzedAnswer answer) {
    }

    private Scored score(QuestionContext c, AnalyzedAnswer answer) {
        PreparedQuestion q = c.prepared;
        AnswerSignals signals = q.signals(answer);
        if (!answer.hasContent()) {
            List<PointResult> none = q.keyPoints().stream().map(k -> new PointResult(0, 0, null)).toList();
            return new Scored(0, signals, none, false, OffTopicReason.OFF_TOPIC_REASON_NO_CONTENT,
                    "the answer has no content words", 0.95, answer);
        }
        double semanticWeight = c.semanticUsable ? 0.6 : 0.25;
        double referenceShare = c.calibration.share(c.semanticUsable ? signals : signals.lexicalOnly());
        List<PointResult> points = new ArrayList<>();
        double coverage = 0;
        for (PreparedQuestion.KeyPointText k : q.keyPoints()) {
            PointResult r = matchKeyPoint(k, answer, semanticWeight);
            points.add(r);
            coverage += k.weight() * r.credit;
        }
        double share = points.isEmpty() ? referenceShare
                : KEY_POINT_SHARE * coverage + (1 - KEY_POINT_SHARE) * referenceShare;
        boolean restates = signals.novelty() <= RESTATE_NOVELTY && (c.semanticUsable
                ? signals.questionSimilarity() >= signals.semantic() : signals.newRecall() < 0.2);
        if (restates) {
            share *= RESTATE_FACTOR;
        }
        share = Calibration.clip(share + c.shift);

        // Without a model for the language, its cosines say little (the English MiniLM finds most Cyrillic texts
        // alike), so closeness is lexical only: the share of the reference's or the question's terms present.
        double own = c.semanticUsable
                ? semanticWeight * Math.max(signals.semantic(), signals.questionSimilarity())
                        + (1 - semanticWeight) * signals.recall()
                : Math.max(signals.recall(), Overlap.recall(q.question().distinct(), answer.terms().distinct()));
        OffTopicReason reason = OffTopicReason.OFF_TOPIC_REASON_UNSPECIFIED;
        String detail = "";
        int closestOther = -1;
        double other = 0;
        for (int i = 0; i < c.otherTerms.size(); i++) {
            double otherRecall = Overlap.recall(c.otherTerms.get(i).distinct(), answer.terms().distinct());
            double closeness = c.semanticUsable
                    ? semanticWeight * Vectors.cosine(answer.vector(), q.otherReferenceVectors().get(i))
                            + (1 - semanticWeight) * otherRecall
                    : otherRecall;
            if (closeness > other) {
                other = closeness;
                closestOther = i;
            }
        }
        if (closestOther >= 0 && other > own + OTHER_QUESTION_MARGIN) {
            reason = OffTopicReason.OFF_TOPIC_REASON_CLOSER_TO_OTHER_QUESTION;
            detail = String.format(Locale.ROOT, "closer to other_question_references[%d] (%.2f) than to this "
                    + "question's references (%.2f)", closestOther, other, own);
        } else if (own < settings.offTopicFloor()) {
            reason = OffTopicReason.OFF_TOPIC_REASON_BELOW_SIMILARITY_FLOOR;
            // The calibration's intercept gives even an unrelated answer a little; a grader gives it nothing.
            share *= own / settings.offTopicFloor();
            detail = String.format(Locale.ROOT, "similarity to the question and its references %.2f is below "
                    + "the floor %.2f", own, settings.offTopicFloor());
        }
        return new Scored(share, signals, points, restates, reason, detail, confidence(c, signals, referenceShare), answer);
    }

    /** A key point's best match: a sentence of the answer, or the answer as a whole (a point made across sentences). */
    private static PointResult matchKeyPoint(PreparedQuestion.KeyPointText k, AnalyzedAnswer answer,
            double semanticWeight) {
        Set<String> wanted = k.terms().distinct();
        double best = -1;
        TextSpans.Span evidence = null;
        double bestSentenceCosine = -2;
        TextSpans.Span closest = null;
        for (AnalyzedAnswer.Sentence s : answer.sentences()) {
            double cos = Vectors.cosine(s.vector(), k.vector());
            double sim = semanticWeight * cos + (1 - semanticWeight) * Overlap.recall(wanted, s.terms().distinct());
            if (sim > best) {
                best = sim;
                evidence = s.span();
            }
            if (cos > bestSentenceCosine) {
                bestSentenceCosine = cos;
                closest = s.span();
            }
        }
        double whole = semanticWeight * Vectors.cosine(answer.vector(), k.vector())
                + (1 - semanticWeight) * Overlap.recall(wanted, answer.terms().distinct());
        if (whole > best) {
            best = whole;
            evidence = closest;
        }
        best = Math.max(0, best);
        double credit = Calibration.clip((best - CREDIT_FROM) / (CREDIT_FULL - CREDIT_FROM));
        return new PointResult(best, credit, evidence);
    }

    /**
     * 0..1: lower for very short answers, when the semantic and lexical calibrations disagree, for a language
     * without an analyser, and without semantic signals; a little higher with graded examples.
     */
    private double confidence(QuestionContext c, AnswerSignals s, double referenceShare) {
        double confidence = 0.9;
        if (s.contentTerms() < 3) {
            confidence -= 0.4;
        } else if (s.contentTerms() < 6) {
            confidence -= 0.2;
        }
        if (c.semanticUsable) {
            // referenceShare is the full calibration's share here (semantic signals serve this language).
            confidence -= 0.5 * Math.abs(referenceShare - lexical.share(s.lexicalOnly()));
        } else {
            confidence -= 0.1;
        }
        if (c.prepared.family() == LanguageAnalyzers.Family.STANDARD) {
            confidence -= 0.2;
        }
        if (c.examples >= 3) {
            confidence += 0.05;
        }
        return Math.max(0.05, Math.min(0.99, confidence));
    }

    private Grade toGrade(QuestionContext c, Answer answer, Scored s) {
        PreparedQuestion q = c.prepared;
        String language = LanguageTags.primary(answer.getLanguage());
        if (language.isEmpty()) {
            language = q.language();
        }
        Grade.Builder grade = Grade.newBuilder()
                .setAnswerId(answer.getId())
                .setScore(s.share * c.maxScore)
                .setMaxScore(c.maxScore)
                .setOffTopic(s.offTopic != OffTopicReason.OFF_TOPIC_REASON_UNSPECIFIED)
                .setOffTopicReason(s.offTopic)
                .setOffTopicDetail(s.offTopicDetail)
                .setRestatesQuestion(s.restates)
                .setConfidence((float) s.confidence)
                .setLanguage(q.family() == LanguageAnalyzers.Family.STANDARD ? "und" : q.language());
        List<Integer> missed = new ArrayList<>();
        for (int i = 0; i < s.points.size(); i++) {
            PointResult r = s.points.get(i);
            PreparedQuestion.KeyPointText k = q.keyPoints().get(i);
            boolean matched = r.credit >= 0.5;
            KeyPointResult.Builder kr = KeyPointResult.newBuilder().setKeyPointId(k.id()).setIndex(i)
                    .setMatched(matched).setSimilarity((float) r.similarity).setCredit((float) r.credit);
            if (matched && r.evidence != null) {
                kr.setEvidence(TextSpan.newBuilder().setStart(r.evidence.start()).setEnd(r.evidence.end())
                        .setText(answer.getText().substring(r.evidence.start(), r.evidence.end())));
            } else {
                missed.add(i);
            }
            grade.addKeyPoints(kr);
        }
        if (s.share < 0.95) {
            if (!q.keyPoints().isEmpty()) {
                missed.sort(Comparator.comparingDouble((Integer i) -> -q.keyPoints().get(i).weight()));
                grade.addAllHints(Hints.missedPoints(language, missed.stream()
                        .map(i -> q.keyPoints().get(i).text()).toList()));
            } else {
                grade.addAllHints(Hints.missingTerms(language, missingReferenceWords(q, s.answer)));
            }
        }
        return grade.build();
    }

    /** Words of the best-matching reference the answer lacks, excluding the question's own words, in order. */
    private static List<String> missingReferenceWords(PreparedQuestion q, AnalyzedAnswer answer) {
        Set<String> have = answer.terms().distinct();
        AnalyzedText best = null;
        double bestRecall = -1;
        for (AnalyzedText r : q.references()) {
            double recall = Overlap.recall(r.distinct(), have);
            if (recall > bestRecall) {
                bestRecall = recall;
                best = r;
            }
        }
        List<String> words = new ArrayList<>();
        if (best != null) {
            for (var e : best.surface().entrySet()) {
                if (!have.contains(e.getKey()) && !q.question().distinct().contains(e.getKey())) {
                    words.add(e.getValue());
                }
            }
        }
        return words;
    }
}

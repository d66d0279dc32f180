package dev.upskill.inference.grading;

import dev.upskill.inference.rpc.Statuses;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradedExample;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.KeyPoint;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

/**
 * Checks grading requests against grading.proto's documented ranges and the configured limits. Every failure is
 * INVALID_ARGUMENT whose message starts with the field path ({@code question.key_points[2].weight},
 * {@code answers[12].text}) and, for a limit, names the limit and its setting.
 */
final class GradingValidator {

    /** Ids of questions, key points and answers (grading.proto: 0 to 128 characters). */
    static final int MAX_ID_CHARS = 128;
    /** A key point is a short statement (grading.proto: 1 to 1,000 characters); not a setting. */
    static final int MAX_KEY_POINT_CHARS = 1000;
    static final double MAX_SCORE_LIMIT = 1000;
    static final double DEFAULT_MAX_SCORE = 5;
    static final double MAX_WEIGHT = 100;

    private final GradingLimits limits;

    GradingValidator(GradingLimits limits) {
        this.limits = limits;
    }

    void check(GradeAnswerRequest request) {
        if (!request.hasQuestion()) {
            throw Statuses.invalidArgument("question", "is required");
        }
        check(request.getQuestion());
        if (!request.hasAnswer()) {
            throw Statuses.invalidArgument("answer", "is required");
        }
        check(request.getAnswer(), "answer");
    }

    void check(GradeBatchRequest request) {
        if (!request.hasQuestion()) {
            throw Statuses.invalidArgument("question", "is required");
        }
        check(request.getQuestion());
        if (request.getAnswersCount() == 0) {
            throw Statuses.invalidArgument("answers", "is empty; send 1 to " + limits.maxAnswers() + " answers");
        }
        count("answers", request.getAnswersCount(), limits.maxAnswers(), "limits.max-answers");
        for (int i = 0; i < request.getAnswersCount(); i++) {
            check(request.getAnswers(i), "answers[" + i + "]");
        }
    }

    private void check(GradingQuestion q) {
        id("question.id", q.getId());
        required("question.text", q.getText(), limits.maxTextChars(), "limits.max-text-chars");
        // Checked before the numbers that depend on it: example scores are bounded by the effective max_score.
        double maxScore = maxScore(q.getMaxScore());
        language("question.language", q.getLanguage());

        if (q.getReferenceAnswersCount() == 0) {
            throw Statuses.invalidArgument("question.reference_answers", "is empty; give at least one reference "
                    + "answer");
        }
        count("question.reference_answers", q.getReferenceAnswersCount(), limits.maxReferenceAnswers(),
                "limits.max-reference-answers");
        texts("question.reference_answers", q.getReferenceAnswersList());

        count("question.key_points", q.getKeyPointsCount(), limits.maxKeyPoints(), "limits.max-key-points");
        for (int i = 0; i < q.getKeyPointsCount(); i++) {
            KeyPoint k = q.getKeyPoints(i);
            String field = "question.key_points[" + i + "]";
            id(field + ".id", k.getId());
            required(field + ".text", k.getText(), MAX_KEY_POINT_CHARS, null);
            float weight = k.getWeight();
            if (!Float.isFinite(weight) || weight < 0 || weight > MAX_WEIGHT) {
                throw Statuses.invalidArgument(field + ".weight", "is " + weight + "; must be finite, 0 to "
                        + (int) MAX_WEIGHT + " (0 means 1)");
            }
        }

        count("question.graded_examples", q.getGradedExamplesCount(), limits.maxGradedExamples(),
                "limits.max-graded-examples");
        for (int i = 0; i < q.getGradedExamplesCount(); i++) {
            GradedExample e = q.getGradedExamples(i);
            String field = "question.graded_examples[" + i + "]";
            length(field + ".answer", e.getAnswer(), limits.maxTextChars(), "limits.max-text-chars");
            double score = e.getScore();
            if (!Double.isFinite(score) || score < 0 || score > maxScore) {
                throw Statuses.invalidArgument(field + ".score", "is " + score + "; must be finite, 0 to the "
                        + "question's max_score " + maxScore);
            }
        }

        count("question.other_question_references", q.getOtherQuestionReferencesCount(),
                limits.maxOtherReferences(), "limits.max-other-references");
        // Blank ones are refused too: an empty text's embedding is close to every short answer and would flag
        // answers as closer to "another question".
        texts("question.other_question_references", q.getOtherQuestionReferencesList());
    }

    private void check(Answer a, String field) {
        id(field + ".id", a.getId());
        // An empty answer is not an error: it scores 0 and is flagged NO_CONTENT.
        length(field + ".text", a.getText(), limits.maxTextChars(), "limits.max-text-chars");
        language(field + ".language", a.getLanguage());
    }

    /** The effective maximum score: 0 (unset) means 5. */
    static double maxScore(double given) {
        if (!Double.isFinite(given) || given < 0 || given > MAX_SCORE_LIMIT) {
            throw Statuses.invalidArgument("question.max_score", "is " + given + "; must be finite, above 0 and at "
                    + "most " + (int) MAX_SCORE_LIMIT + " (0 means " + (int) DEFAULT_MAX_SCORE + ")");
        }
        return given == 0 ? DEFAULT_MAX_SCORE : given;
    }

    /** Each text non-blank and within {@code limits.max-text-chars}. */
    private void texts(String field, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            required(field + "[" + i + "]", texts.get(i), limits.maxTextChars(), "limits.max-text-chars");
        }
    }

    private static void required(String field, String text, int max, String setting) {
        if (text.isBlank()) {
            throw Statuses.invalidArgument(field, "must not be empty or blank");
        }
        length(field, text, max, setting);
    }

    private static void length(String field, String text, int max, String setting) {
        if (text.length() > max) {
            throw Statuses.invalidArgument(field, "is " + text.length() + " characters; the limit is " + max
                    + (setting == null ? "" : " (" + setting + ")"));
        }
    }

    private static void count(String field, int count, int max, String setting) {
        if (count > max) {
            throw Statuses.invalidArgument(field, count + " values; the limit is " + max + " (" + setting + ")");
        }
    }

    private static void id(String field, String id) {
        if (id.length() > MAX_ID_CHARS) {
            throw Statuses.invalidArgument(field, "is " + id.length() + " characters; the limit is " + MAX_ID_CHARS);
        }
    }

    /** Empty, or a well-formed BCP 47 tag (RFC 5646 syntax, as {@link Locale.Builder} checks it). */
    private static void language(String field, String tag) {
        if (tag.isEmpty()) {
            return;
        }
        try {
            new Locale.Builder().setLanguageTag(tag);
        } catch (IllformedLocaleException e) {
            throw Statuses.invalidArgument(field, "'" + tag + "' is not a well-formed BCP 47 language tag "
                    + "(e.g. \"en\", \"ru\", \"de-AT\")");
        }
    }
}

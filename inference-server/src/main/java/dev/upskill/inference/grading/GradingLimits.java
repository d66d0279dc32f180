package dev.upskill.inference.grading;

/**
 * What one grading request may hold (grading.proto's limits; each is a {@code limits.*} setting).
 *
 * @param maxTextChars characters of the question, a reference, a graded example, another question's reference
 *        or an answer ({@code limits.max-text-chars}, shared with the other services)
 * @param maxReferenceAnswers reference answers per question
 * @param maxKeyPoints key points per question
 * @param maxGradedExamples graded examples per question
 * @param maxOtherReferences other questions' references per question
 * @param maxAnswers answers per GradeBatch
 */
public record GradingLimits(int maxTextChars, int maxReferenceAnswers, int maxKeyPoints, int maxGradedExamples,
        int maxOtherReferences, int maxAnswers) {
}

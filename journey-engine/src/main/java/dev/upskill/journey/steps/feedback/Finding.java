package dev.upskill.journey.steps.feedback;

/**
 * One feedback sentence speaking of one competency.
 *
 * @param feedbackId {@code company.feedback.id} (for {@link FeedbackExtractor#extract(java.util.List,
 *     java.util.List)}: the id the caller gave)
 * @param direction what the sentence says, from its wording; for a sentence without cues, from the feedback's rating
 * @param severity 0 to 1, how strongly the finding indicates a gap: direction strength × relevance × source weight;
 *     0 for {@link Direction#STRENGTH} and {@link Direction#NEUTRAL}
 * @param similarity cosine similarity of the sentence and the competency's name and description (-1 to 1; the
 *     tag boost is not included)
 * @param quote the sentence exactly as it appears in the feedback text
 * @param source the feedback's source: MANAGER_REVIEW, PEER, SELF or 360
 */
public record Finding(long feedbackId, String competencyId, Direction direction, double severity, double similarity,
        String quote, String source) {
}

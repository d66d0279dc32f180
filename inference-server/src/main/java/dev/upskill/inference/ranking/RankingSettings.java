package dev.upskill.inference.ranking;

import java.nio.file.Path;

/**
 * How ranking is configured (the {@code ranking.*} and ranking {@code limits.*} settings).
 *
 * @param directory where recorded outcomes are kept, one JSON-lines file per tenant
 * @param qualityPriorCount ratings the catalog's mean rating counts as when a course's rating is shrunk towards it
 * @param maxGaps most gaps per request
 * @param maxCandidates most candidate course ids per RankCourses request
 * @param maxIds most completed, and most in-progress, course ids per request
 * @param maxTopK most courses per ranked list
 * @param learningMinOutcomes outcomes a tenant needs before learned weights may replace the defaults
 * @param learningRefitEvery new outcomes after which the learned weights are fitted again
 * @param outcomePriorObservations observations a tenant's overall closure rate counts as in a course's outcome rate
 * @param positiveClosure mean gap closure from which a completed course is a success for learning to rank
 */
public record RankingSettings(Path directory, int qualityPriorCount, int maxGaps, int maxCandidates, int maxIds,
                              int maxTopK, int learningMinOutcomes, int learningRefitEvery,
                              double outcomePriorObservations, double positiveClosure) {

    /** Courses in a ranked list when the request asks for 0. */
    public static final int DEFAULT_TOP_K = 10;
    /** Courses retrieved per gap when the request asks for 0. */
    public static final int DEFAULT_CANDIDATES_PER_GAP = 50;
    public static final int MAX_CANDIDATES_PER_GAP = 200;

    public RankingSettings withDirectory(Path newDirectory) {
        return new RankingSettings(newDirectory, qualityPriorCount, maxGaps, maxCandidates, maxIds, maxTopK,
                learningMinOutcomes, learningRefitEvery, outcomePriorObservations, positiveClosure);
    }

    public RankingSettings withLearning(int minOutcomes, int refitEvery) {
        return new RankingSettings(directory, qualityPriorCount, maxGaps, maxCandidates, maxIds, maxTopK,
                minOutcomes, refitEvery, outcomePriorObservations, positiveClosure);
    }
}

package dev.upskill.inference.prediction;

/**
 * A training row: the 11 feature values in {@link AssignmentFeature} order (NaN = missing) and the outcome.
 */
public record LabelledRow(double[] features, boolean success) {
}

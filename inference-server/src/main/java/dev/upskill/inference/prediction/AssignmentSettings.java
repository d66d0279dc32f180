package dev.upskill.inference.prediction;

import java.nio.file.Path;

/**
 * How the assignment-success service is configured (the {@code assignment.*} settings and its limits).
 *
 * @param directory versioned model artifacts
 * @param trainingDir where TrainModel may read CSV files
 * @param threshold default decision threshold
 * @param minTrainingRows fewest rows a training accepts
 * @param sampleRows rows of sample data the first model of a fresh install is trained on
 * @param snapValues distinct values per numeric feature the forest trains on
 * @param threads threads running predictions and training
 * @param queueCapacity calls waiting for a thread
 * @param predictionLog log every prediction as a JSON line
 * @param maxBatchRows most pairs per batch message / rows per training message
 * @param maxTrainingRows most rows per training call
 */
public record AssignmentSettings(Path directory, Path trainingDir, double threshold, int minTrainingRows,
        int sampleRows, int snapValues, int threads, int queueCapacity, boolean predictionLog, int maxBatchRows,
        int maxTrainingRows) {

    public AssignmentSettings withDirectory(Path newDirectory) {
        return new AssignmentSettings(newDirectory, trainingDir, threshold, minTrainingRows, sampleRows, snapValues,
                threads, queueCapacity, predictionLog, maxBatchRows, maxTrainingRows);
    }

    public AssignmentSettings withTrainingDir(Path newTrainingDir) {
        return new AssignmentSettings(directory, newTrainingDir, threshold, minTrainingRows, sampleRows, snapValues,
                threads, queueCapacity, predictionLog, maxBatchRows, maxTrainingRows);
    }

    public AssignmentSettings withSampleRows(int rows) {
        return new AssignmentSettings(directory, trainingDir, threshold, minTrainingRows, rows, snapValues,
                threads, queueCapacity, predictionLog, maxBatchRows, maxTrainingRows);
    }
}

package dev.upskill.client.cli;

import com.google.protobuf.util.Timestamps;
import dev.upskill.proto.v1.AssignmentModelInfo;
import dev.upskill.proto.v1.ModelMetrics;

import java.util.Locale;

/** Renders a trained model's provenance and evaluation as text, for {@code model train} and {@code evaluate}. */
final class ModelReport {

    private ModelReport() {
    }

    /**
     * @param previous the previously serving model's metrics on the same test split, or null
     */
    static String render(AssignmentModelInfo model, ModelMetrics previous) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "version        %s%n", model.getVersion()));
        out.append(String.format(Locale.ROOT, "trained at     %s (%.1f s)%n",
                model.hasTrainedAt() ? Timestamps.toString(model.getTrainedAt()) : "?",
                model.getTrainingMillis() / 1000.0));
        out.append(String.format(Locale.ROOT, "data           %s: %,d training rows, %,d test rows%n",
                model.getDataSource(), model.getTrainingRows(), model.getTestRows()));
        out.append(String.format(Locale.ROOT, "threshold      %.2f%n%n", model.getThreshold()));
        boolean withPrevious = previous != null;
        String[] header = withPrevious
                ? new String[] {"metric", "test split", "previous model", "cross-validation"}
                : new String[] {"metric", "test split", "cross-validation"};
        int columns = header.length;
        int[] widths = new int[columns];
        boolean[] right = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            widths[i] = 24;
            right[i] = i > 0;
        }
        TextTable table = new TextTable(header, widths, right);
        ModelMetrics test = model.getTestMetrics();
        ModelMetrics cv = model.getCrossValidation().getMean();
        row(table, withPrevious, "ROC-AUC", test.getRocAuc(), previous == null ? 0 : previous.getRocAuc(),
                cv.getRocAuc(), model.getCrossValidation().getRocAucStddev());
        row(table, withPrevious, "F1", test.getF1(), previous == null ? 0 : previous.getF1(), cv.getF1(),
                model.getCrossValidation().getF1Stddev());
        row(table, withPrevious, "precision", test.getPrecision(), previous == null ? 0 : previous.getPrecision(),
                cv.getPrecision(), -1);
        row(table, withPrevious, "recall", test.getRecall(), previous == null ? 0 : previous.getRecall(),
                cv.getRecall(), -1);
        row(table, withPrevious, "accuracy", test.getAccuracy(), previous == null ? 0 : previous.getAccuracy(),
                cv.getAccuracy(), -1);
        out.append(table.render());
        var matrix = test.getConfusionMatrix();
        out.append(String.format(Locale.ROOT, "%ntest split at %.2f: %,d true positives, %,d false positives, "
                        + "%,d true negatives, %,d false negatives%n", test.getThreshold(),
                matrix.getTruePositives(), matrix.getFalsePositives(), matrix.getTrueNegatives(),
                matrix.getFalseNegatives()));
        return out.toString();
    }

    private static void row(TextTable table, boolean withPrevious, String name, double test, double previous,
            double cv, double stddev) {
        String cross = String.format(Locale.ROOT, "%.3f", cv) + (stddev >= 0
                ? String.format(Locale.ROOT, " ± %.3f", stddev) : "");
        String testText = String.format(Locale.ROOT, "%.3f", test);
        if (withPrevious) {
            table.add(name, testText, String.format(Locale.ROOT, "%.3f", previous), cross);
        } else {
            table.add(name, testText, cross);
        }
    }
}

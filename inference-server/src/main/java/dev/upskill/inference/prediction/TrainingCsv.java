package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.Statuses;
import io.grpc.Status;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads training rows from a CSV file under {@code assignment.training-dir}: a header with the 11 feature
 * names and {@code success} in any order; categories as lower-case words; {@code success} as 1/0 or
 * true/false; an empty cell is a missing value. Plain comma-separated cells (no quoting: every value is a
 * number or a word). Errors are INVALID_ARGUMENT on {@code spec.csv_path} naming the line and column.
 */
public final class TrainingCsv {

    private static final String FIELD = "spec.csv_path";

    private TrainingCsv() {
    }

    /** The file {@code csvPath} names, checked to lie under {@code trainingDir}. */
    public static Path resolve(Path trainingDir, String csvPath) {
        Path root = trainingDir.toAbsolutePath().normalize();
        Path file = root.resolve(csvPath).normalize();
        if (!file.startsWith(root)) {
            throw Statuses.invalidArgument(FIELD, "must lie under assignment.training-dir (" + trainingDir + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw Status.NOT_FOUND.withDescription(FIELD + ": no such file: " + csvPath).asRuntimeException();
        }
        return file;
    }

    public static List<LabelledRow> read(Path file, int maxRows) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw Statuses.invalidArgument(FIELD, "line 1: the file is empty");
            }
            List<String> names = Arrays.stream(header.split(",", -1)).map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .toList();
            int[] column = new int[AssignmentFeature.COUNT];
            for (int f = 0; f < column.length; f++) {
                column[f] = names.indexOf(AssignmentFeature.at(f).featureName());
                if (column[f] < 0) {
                    throw Statuses.invalidArgument(FIELD, "line 1: no column "
                            + AssignmentFeature.at(f).featureName());
                }
            }
            int label = names.indexOf("success");
            if (label < 0) {
                throw Statuses.invalidArgument(FIELD, "line 1: no column success");
            }
            List<LabelledRow> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                if (rows.size() >= maxRows) {
                    throw Statuses.invalidArgument(FIELD, "more than limits.max-training-rows (" + maxRows
                            + ") rows");
                }
                String[] cells = line.split(",", -1);
                if (cells.length != names.size()) {
                    throw Statuses.invalidArgument(FIELD, "line " + lineNumber + ": " + cells.length
                            + " cells, the header has " + names.size());
                }
                double[] features = new double[AssignmentFeature.COUNT];
                for (int f = 0; f < features.length; f++) {
                    AssignmentFeature feature = AssignmentFeature.at(f);
                    String cell = cells[column[f]].strip();
                    String where = "line " + lineNumber + " column " + feature.featureName();
                    if (cell.isEmpty()) {
                        features[f] = Double.NaN;
                    } else if (feature.categorical()) {
                        int code = feature.categoryCode(cell);
                        if (code < 0) {
                            throw Statuses.invalidArgument(FIELD, where + ": '" + cell + "' is not one of "
                                    + feature.categories());
                        }
                        features[f] = code;
                    } else {
                        try {
                            features[f] = Double.parseDouble(cell);
                        } catch (NumberFormatException e) {
                            throw Statuses.invalidArgument(FIELD, where + ": '" + cell + "' is not a number");
                        }
                        String problem = Double.isNaN(features[f]) ? "must be finite" : feature.problem(features[f]);
                        if (problem != null) {
                            throw Statuses.invalidArgument(FIELD, where + ": " + problem);
                        }
                    }
                }
                String outcome = cells[label].strip().toLowerCase(Locale.ROOT);
                boolean success = switch (outcome) {
                    case "1", "true" -> true;
                    case "0", "false" -> false;
                    default -> throw Statuses.invalidArgument(FIELD, "line " + lineNumber
                            + " column success: '" + outcome + "' is not 1, 0, true or false");
                };
                rows.add(new LabelledRow(features, success));
            }
            return rows;
        } catch (NoSuchFileException e) {
            throw Status.NOT_FOUND.withDescription(FIELD + ": no such file").asRuntimeException();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

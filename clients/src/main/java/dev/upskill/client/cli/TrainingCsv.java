package dev.upskill.client.cli;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.upskill.proto.v1.AssignmentFeatures;
import dev.upskill.proto.v1.TrainingRow;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a training CSV as the server reads one (assignment.proto, TrainingSpec.csv_path): a header of the 11
 * feature names (the {@link AssignmentFeatures} fields) and {@code success}, in any order; categories as
 * lower-case words; {@code success} as 1/0 or true/false; an empty cell is a missing value.
 */
final class TrainingCsv {

    static final String LABEL = "success";

    private TrainingCsv() {
    }

    /** @throws CommandFailure naming the line and column of the first bad value, or a bad header */
    static List<TrainingRow> read(Path file) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (!header.containsKey(LABEL)) {
                throw new CommandFailure(file + ": the header has no '" + LABEL + "' column", null);
            }
            for (String column : header.keySet()) {
                if (!column.equals(LABEL) && AssignmentFeatures.getDescriptor().findFieldByName(column) == null) {
                    throw new CommandFailure(file + ": unknown column '" + column + "'; the columns are the feature "
                            + "names of upskill.v1.AssignmentFeatures and '" + LABEL + "'", null);
                }
            }
            List<TrainingRow> rows = new ArrayList<>();
            try {
                for (CSVRecord record : parser) {
                    rows.add(row(file, parser.getCurrentLineNumber(), record));
                }
            } catch (UncheckedIOException e) {
                throw new CommandFailure(file + ": not a well-formed CSV file: " + e.getCause().getMessage(), e);
            }
            return rows;
        }
    }

    private static TrainingRow row(Path file, long line, CSVRecord record) {
        AssignmentFeatures.Builder features = AssignmentFeatures.newBuilder();
        TrainingRow.Builder row = TrainingRow.newBuilder();
        for (Map.Entry<String, String> cell : record.toMap().entrySet()) {
            String value = cell.getValue() == null ? "" : cell.getValue().strip();
            if (value.isEmpty()) {
                continue;
            }
            String where = file + " line " + line + ", column " + cell.getKey() + ": ";
            if (cell.getKey().equals(LABEL)) {
                row.setSuccess(switch (value.toLowerCase(Locale.ROOT)) {
                    case "1", "true" -> true;
                    case "0", "false" -> false;
                    default -> throw new CommandFailure(where + "'" + value + "' is not 1/0 or true/false", null);
                });
                continue;
            }
            FieldDescriptor field = AssignmentFeatures.getDescriptor().findFieldByName(cell.getKey());
            try {
                features.setField(field, switch (field.getJavaType()) {
                    case DOUBLE -> Double.parseDouble(value);
                    case INT -> Integer.parseInt(value);
                    case ENUM -> category(field, value);
                    default -> throw new IllegalStateException("unexpected feature type " + field.getJavaType());
                });
            } catch (NumberFormatException e) {
                throw new CommandFailure(where + (field.getJavaType() == FieldDescriptor.JavaType.ENUM
                        ? e.getMessage() : "'" + value + "' is not a number"), e);
            }
        }
        return row.setFeatures(features).build();
    }

    private static EnumValueDescriptor category(FieldDescriptor field, String value) {
        String suffix = "_" + value.toUpperCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (EnumValueDescriptor candidate : field.getEnumType().getValues()) {
            if (candidate.getNumber() == 0) {
                continue;
            }
            String name = candidate.getName();
            if (name.endsWith(suffix)) {
                return candidate;
            }
            names.add(name.substring(name.lastIndexOf('_') + 1).toLowerCase(Locale.ROOT));
        }
        throw new NumberFormatException("'" + value + "' is not one of " + String.join(", ", names));
    }
}

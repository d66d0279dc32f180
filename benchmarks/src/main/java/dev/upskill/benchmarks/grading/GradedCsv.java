package dev.upskill.benchmarks.grading;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graded answer set: one CSV row per answer with the question, its reference answer, the answer and the
 * human score. Column names are options, so the asag-dev layout and others read the same way.
 */
record GradedCsv(List<Question> questions) {

    record Question(String id, String text, String reference, List<GradedAnswer> answers) {
    }

    record GradedAnswer(String text, double score) {
    }

    record Columns(String questionId, String question, String reference, String answer, String score,
            String filterColumn, String filterValue) {
    }

    static GradedCsv read(Path file, Columns columns) throws IOException {
        Map<String, Question> byId = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(reader)) {
                if (columns.filterColumn() != null && !columns.filterValue().equals(row.get(columns.filterColumn()))) {
                    continue;
                }
                String id = row.get(columns.questionId());
                Question q = byId.computeIfAbsent(id, k -> new Question(k, row.get(columns.question()),
                        row.get(columns.reference()), new ArrayList<>()));
                q.answers().add(new GradedAnswer(row.get(columns.answer()),
                        Double.parseDouble(row.get(columns.score()))));
            }
        }
        return new GradedCsv(List.copyOf(byId.values()));
    }

    int answers() {
        return questions.stream().mapToInt(q -> q.answers().size()).sum();
    }
}

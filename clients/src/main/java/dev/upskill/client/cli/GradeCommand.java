package dev.upskill.client.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradeBatchResponse;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.KeyPoint;
import dev.upskill.proto.v1.KeyPointResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code upskill grade FILE.csv}: grades every answer of a CSV file. Consecutive lines with the same question,
 * reference answers and key points go to the server together, in GradeBatch calls of up to {@code --batch-size}
 * answers.
 */
@Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Grades the answers of a CSV file (upskill.v1.GradingService.GradeBatch) and prints one grade per line: "
                    + "score, maximum, off-topic, confidence, key points matched, hints.",
            "Columns (header line, any order): question, reference_answers, answer (required); key_points, id, "
                    + "max_score (optional). Several reference answers or key points are separated by '|'. "
                    + "Consecutive lines of the same question are graded in one call.",
            "A line without question, reference answer or answer is skipped and reported (exit 3)."
        })
final class GradeCommand implements Callable<Integer> {

    /** The server's default limit of answers per GradeBatch (limits.max-answers). */
    static final int MAX_BATCH_SIZE = 500;
    static final List<String> COLUMNS =
            List.of("question", "reference_answers", "key_points", "answer", "id", "max_score");
    private static final List<String> REQUIRED = List.of("question", "reference_answers", "answer");

    /** How the grades are printed. */
    enum Output { table, csv, json }

    @Parameters(paramLabel = "FILE", description = "The CSV file (UTF-8) of questions and answers.")
    private Path file;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
    private Output output;

    @Option(names = "--batch-size", defaultValue = "100", paramLabel = "N",
            description = "Most answers per call, 1 to " + MAX_BATCH_SIZE + ". Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--no-progress", description = "Do not show the progress bar.")
    private boolean noProgress;

    @Spec
    private CommandSpec spec;

    private final UpskillCommand root;

    GradeCommand(UpskillCommand root) {
        this.root = root;
    }

    /** One answer to grade and the line it came from. */
    record Row(long line, GradingQuestion question, Answer answer) {
    }

    /** A graded row. */
    record Graded(Row row, Grade grade) {
    }

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(),
                    "--batch-size must be 1 to " + MAX_BATCH_SIZE + ", not " + batchSize);
        }
        List<String> problems = new ArrayList<>();
        List<Row> rows = read(file, problems);
        PrintStream err = root.console().err();
        problems.forEach(problem -> err.println("skipped " + problem));
        List<Graded> graded = new ArrayList<>(rows.size());
        try (Connection connection = root.connect(UpskillCommand.DEFAULT_DEADLINE, spec)) {
            ProgressBar bar = ProgressBar.on(root.console(), rows.size(), "answers", noProgress);
            try {
                for (List<Row> batch : batches(rows, batchSize)) {
                    GradeBatchResponse response = GradingServiceGrpc.newBlockingStub(connection.channel())
                            .withDeadlineAfter(connection.deadline().toNanos(), TimeUnit.NANOSECONDS)
                            .gradeBatch(GradeBatchRequest.newBuilder()
                                    .setQuestion(batch.getFirst().question())
                                    .addAllAnswers(batch.stream().map(Row::answer).toList())
                                    .build());
                    for (int i = 0; i < batch.size(); i++) {
                        graded.add(new Graded(batch.get(i), response.getGrades(i)));
                    }
                    bar.update(graded.size());
                }
            } catch (RuntimeException e) {
                bar.abandon();
                throw e;
            }
            bar.finish(graded.size());
        }
        print(graded, root.console().out());
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    /** Consecutive rows of the same question, at most {@code size} each. */
    static List<List<Row>> batches(List<Row> rows, int size) {
        List<List<Row>> batches = new ArrayList<>();
        List<Row> batch = new ArrayList<>();
        for (Row row : rows) {
            if (!batch.isEmpty() && (batch.size() == size || !batch.getFirst().question().equals(row.question()))) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
            batch.add(row);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /**
     * The rows of a grading CSV; lines missing a required value are left out and described in {@code problems}.
     *
     * @throws CommandFailure when the header lacks a required column or names an unknown one
     */
    static List<Row> read(Path file, List<String> problems) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : header.keySet()) {
                if (!COLUMNS.contains(column.strip().replace("\uFEFF", ""))) {
                    throw new CommandFailure(file + ": unknown column '" + column + "'; the columns are "
                            + String.join(", ", COLUMNS), null);
                }
            }
            for (String column : REQUIRED) {
                if (header.keySet().stream().noneMatch(name -> name.replace("\uFEFF", "").equals(column))) {
                    throw new CommandFailure(file + ": the header has no '" + column + "' column", null);
                }
            }
            List<Row> rows = new ArrayList<>();
            try {
                for (CSVRecord record : parser) {
                    long line = parser.getCurrentLineNumber();
                    String question = value(record, "question");
                    List<String> references = split(value(record, "reference_answers"));
                    String answer = value(record, "answer");
                    if (question.isEmpty() || references.isEmpty() || answer.isEmpty()) {
                        problems.add("line " + line + ": question, reference_answers and answer are required");
                        continue;
                    }
                    GradingQuestion.Builder q = GradingQuestion.newBuilder().setText(question)
                            .addAllReferenceAnswers(references);
                    int k = 0;
                    for (String point : split(value(record, "key_points"))) {
                        q.addKeyPoints(KeyPoint.newBuilder().setId("kp" + ++k).setText(point));
                    }
                    String maxScore = value(record, "max_score");
                    if (!maxScore.isEmpty()) {
                        try {
                            q.setMaxScore(Double.parseDouble(maxScore));
                        } catch (NumberFormatException e) {
                            problems.add("line " + line + ": max_score '" + maxScore + "' is not a number");
                            continue;
                        }
                    }
                    String id = value(record, "id");
                    rows.add(new Row(line, q.build(),
                            Answer.newBuilder().setId(id.isEmpty() ? "line-" + line : id).setText(answer).build()));
                }
            } catch (UncheckedIOException e) {
                throw new CommandFailure(file + ": not a well-formed CSV file: " + e.getCause().getMessage(), e);
            }
            return rows;
        }
    }

    private static String value(CSVRecord record, String column) {
        for (Map.Entry<String, String> entry : record.toMap().entrySet()) {
            if (entry.getKey().replace("\uFEFF", "").equals(column)) {
                return entry.getValue() == null ? "" : entry.getValue().strip();
            }
        }
        return "";
    }

    private static List<String> split(String cell) {
        return Arrays.stream(cell.split("\\|")).map(String::strip).filter(text -> !text.isEmpty()).toList();
    }

    private void print(List<Graded> graded, PrintStream out) throws IOException {
        switch (output) {
            case json -> {
                JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
                for (Graded g : graded) {
                    out.println("{\"line\":" + g.row().line() + ",\"grade\":" + json(printer, g.grade()) + "}");
                }
            }
            case csv -> {
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
                csv.printRecord("line", "id", "score", "max_score", "off_topic", "confidence", "key_points_matched",
                        "key_points", "hints");
                for (Graded g : graded) {
                    Grade grade = g.grade();
                    csv.printRecord(g.row().line(), grade.getAnswerId(), number(grade.getScore()),
                            number(grade.getMaxScore()), offTopic(grade), number(grade.getConfidence()),
                            matched(grade), grade.getKeyPointsCount(), String.join(" | ", grade.getHintsList()));
                }
                csv.flush();
            }
            case table -> {
                TextTable table = new TextTable(
                        new String[] {"line", "id", "score", "max", "off-topic", "confidence", "key points", "hints"},
                        new int[] {8, 20, 8, 8, 30, 10, 10, Integer.MAX_VALUE},
                        new boolean[] {true, false, true, true, false, true, true, false});
                double total = 0;
                double max = 0;
                for (Graded g : graded) {
                    Grade grade = g.grade();
                    total += grade.getScore();
                    max += grade.getMaxScore();
                    table.add(String.valueOf(g.row().line()), grade.getAnswerId(), number(grade.getScore()),
                            number(grade.getMaxScore()), offTopic(grade), number(grade.getConfidence()),
                            matched(grade) + "/" + grade.getKeyPointsCount(), String.join("; ", grade.getHintsList()));
                }
                out.print(table.render());
                out.printf(Locale.ROOT, "(%d answers, %s of %s points)%n", graded.size(), number(total), number(max));
            }
        }
    }

    private static String json(JsonFormat.Printer printer, Grade grade) {
        try {
            return printer.print(grade);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e); // a Grade has no Any fields
        }
    }

    private static long matched(Grade grade) {
        return grade.getKeyPointsList().stream().filter(KeyPointResult::getMatched).count();
    }

    private static String offTopic(Grade grade) {
        if (!grade.getOffTopic()) {
            return "no";
        }
        return grade.getOffTopicReason().name().replace("OFF_TOPIC_REASON_", "").toLowerCase(Locale.ROOT);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}

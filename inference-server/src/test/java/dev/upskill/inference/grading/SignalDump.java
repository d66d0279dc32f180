package dev.upskill.inference.grading;

import dev.upskill.inference.embedding.TextEmbedding;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.testing.TestModels;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.GradingQuestion;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;

/** Exploration only: dumps signals for asag-dev to a CSV. */
public class SignalDump {
    public static void main(String[] args) throws Exception {
        TextEncoder encoder = TestModels.quantized();
        TextEncoder.Runner runner = encoder.newRunner();
        Map<String, float[]> cache = new HashMap<>();
        Embedder embedder = texts -> {
            List<String> missing = texts.stream().filter(t -> !cache.containsKey(t)).distinct().toList();
            for (int i = 0; i < missing.size(); i += 32) {
                List<String> part = missing.subList(i, Math.min(missing.size(), i + 32));
                List<TextEmbedding> e = runner.encode(part);
                for (int j = 0; j < part.size(); j++) cache.put(part.get(j), e.get(j).vector());
            }
            return texts.stream().map(cache::get).toList();
        };
        QuestionAnalysis analysis = new QuestionAnalysis(new LanguageAnalyzers(), embedder);
        List<CSVRecord> rows;
        try (var reader = Files.newBufferedReader(Path.of(args[0]))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
        Map<String, List<CSVRecord>> byQ = new LinkedHashMap<>();
        for (CSVRecord r : rows) if (r.get("ignored_in_paper").equals("0")) byQ.computeIfAbsent(r.get("question_id"), k -> new ArrayList<>()).add(r);
        try (PrintWriter out = new PrintWriter(args[1])) {
            out.println("qid,gold," + String.join(",", AnswerSignals.FEATURES) + ",terms");
            for (var e : byQ.entrySet()) {
                CSVRecord first = e.getValue().get(0);
                PreparedQuestion q = analysis.prepare(GradingQuestion.newBuilder().setText(first.get("question"))
                        .addReferenceAnswers(first.get("reference_answer")).setLanguage("en").build());
                List<String> answers = e.getValue().stream().map(r -> r.get("student_answer")).toList();
                List<AnalyzedAnswer> analyzed = analysis.analyze(q, answers);
                for (int i = 0; i < answers.size(); i++) {
                    AnswerSignals s = q.signals(analyzed.get(i));
                    StringBuilder sb = new StringBuilder(e.getKey()).append(',').append(e.getValue().get(i).get("score_avg_0_5"));
                    for (double f : s.features()) sb.append(',').append(f);
                    out.println(sb.append(',').append(s.contentTerms()));
                }
            }
        }
        System.exit(0);
    }
}

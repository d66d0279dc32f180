package dev.upskill.benchmarks.grading;

import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.grading.AnswerSignals;
import dev.upskill.inference.grading.Calibration;
import dev.upskill.inference.grading.CalibrationFit;
import dev.upskill.inference.grading.Grader;
import dev.upskill.inference.grading.RunEmbedder;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradedExample;
import dev.upskill.proto.v1.GradingQuestion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * Measures the grader on a graded answer set and fits the calibration shipped with the server.
 *
 * <p>Questions are split into folds; each fold is graded by a calibration fitted on the other folds' answers
 * only, so every reported number is for questions whose grades the grader never saw ("zero-shot"). With
 * {@code --examples k}, k answers of each held-out question (seeded draw) are sent as graded examples and the
 * question's other answers are scored; the zero-shot numbers on those same answers are printed beside them.
 * {@code --write-calibration DIR} then fits on every answer and writes the two calibration files.
 */
@Command(name = "grading-evaluation", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pearson r and RMSE of the grader against human scores, question-grouped cross-validation.",
            "Example: java -cp benchmarks/target/benchmarks.jar dev.upskill.benchmarks.grading.GradingEvaluation "
                    + "--data ../shared/data/asag-dev/answers.csv --where ignored_in_paper=0"})
public final class GradingEvaluation implements Callable<Integer> {

    private static final int BOOTSTRAP_ROUNDS = 2000;

    @Option(names = "--data", required = true, paramLabel = "CSV", description = "Graded answers, one per row.")
    private Path data;
    @Option(names = "--question-id-column", defaultValue = "question_id")
    private String questionIdColumn;
    @Option(names = "--question-column", defaultValue = "question")
    private String questionColumn;
    @Option(names = "--reference-column", defaultValue = "reference_answer")
    private String referenceColumn;
    @Option(names = "--answer-column", defaultValue = "student_answer")
    private String answerColumn;
    @Option(names = "--score-column", defaultValue = "score_avg_0_5")
    private String scoreColumn;
    @Option(names = "--max-score", defaultValue = "5", description = "The scale's maximum (default: ${DEFAULT-VALUE}).")
    private double maxScore;
    @Option(names = "--where", paramLabel = "COLUMN=VALUE", description = "Only rows with this value, e.g. ignored_in_paper=0.")
    private String where;
    @Option(names = "--language", defaultValue = "en")
    private String language;
    @Option(names = "--folds", defaultValue = "5", description = "Question-grouped folds (default: ${DEFAULT-VALUE}).")
    private int folds;
    @Option(names = "--examples", split = ",", defaultValue = "3", description = "Graded examples per question to try (default: ${DEFAULT-VALUE}).")
    private List<Integer> examples;
    @Option(names = "--ridge", defaultValue = "0.1", description = "Ridge penalty of the fit (default: ${DEFAULT-VALUE}).")
    private double ridge;
    @Option(names = "--example-shrinkage", defaultValue = "4", description = "Pseudo-count of the example shift's prior (default: ${DEFAULT-VALUE}).")
    private double exampleShrinkage;
    @Option(names = "--seed", defaultValue = "1")
    private long seed;
    @Option(names = "--model-path", paramLabel = "DIR", description = "A sentence-transformer ONNX directory instead of the bundled MiniLM.")
    private Path modelPath;
    @Option(names = "--write-calibration", paramLabel = "DIR", description = "Fit on all answers and write calibration.json and calibration-lexical.json here.")
    private Path writeCalibration;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GradingEvaluation()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String[] filter = where == null ? new String[] {null, null} : where.split("=", 2);
        GradedCsv csv = GradedCsv.read(data, new GradedCsv.Columns(questionIdColumn, questionColumn,
                referenceColumn, answerColumn, scoreColumn, filter[0], filter[1]));
        System.out.printf(Locale.ROOT, "%s: %d questions, %d answers%n", data, csv.questions().size(), csv.answers());
        ModelSource source = modelPath == null ? ModelSource.quantizedMiniLm()
                : ModelSource.directory(modelPath, ModelSource.MINILM_MAX_TOKENS);
        try (TextEncoder encoder = SentenceEncoder.load(source, new OnnxOptions(2, false));
             RunEmbedder runs = new RunEmbedder(encoder, 1);
             LanguageAnalyzers analyzers = new LanguageAnalyzers()) {
            CachingEmbedder embedder = new CachingEmbedder(runs);
            Grader.Settings settings = new Grader.Settings(0.15, modelPath != null);
            Calibration shipped = Calibration.shipped(Calibration.FULL);
            Grader signalsOnly = new Grader(analyzers, embedder, shipped, shipped, settings);
            Map<String, List<AnswerSignals>> signals = new HashMap<>();
            for (GradedCsv.Question q : csv.questions()) {
                signals.put(q.id(), signalsOnly.signals(question(q, List.of()),
                        q.answers().stream().map(GradedCsv.GradedAnswer::text).toList()));
            }
            List<GradedCsv.Question> order = new ArrayList<>(csv.questions());
            Collections.shuffle(order, new Random(seed));
            Series zero = new Series();
            Series lexical = new Series();
            Map<Integer, Series[]> withExamples = new HashMap<>();
            for (int fold = 0; fold < folds; fold++) {
                List<GradedCsv.Question> test = new ArrayList<>();
                List<GradedCsv.Question> train = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    (i % folds == fold ? test : train).add(order.get(i));
                }
                Calibration[] fit = fit(train, signals, "fold-" + fold, "");
                Grader grader = new Grader(analyzers, embedder, fit[0], fit[1], settings);
                for (GradedCsv.Question q : test) {
                    List<Grade> grades = grader.grade(question(q, List.of()), answers(q.answers()));
                    List<AnswerSignals> s = signals.get(q.id());
                    for (int i = 0; i < grades.size(); i++) {
                        zero.add(q.id(), grades.get(i).getScore(), q.answers().get(i).score());
                        lexical.add(q.id(), fit[1].share(s.get(i).lexicalOnly()) * maxScore, q.answers().get(i).score());
                    }
                    for (int k : examples) {
                        if (q.answers().size() <= k) {
                            continue;
                        }
                        List<Integer> idx = new ArrayList<>();
                        for (int i = 0; i < q.answers().size(); i++) {
                            idx.add(i);
                        }
                        Collections.shuffle(idx, new Random(seed + q.id().hashCode()));
                        List<GradedCsv.GradedAnswer> ex = idx.subList(0, k).stream().map(q.answers()::get).toList();
                        List<Integer> rest = idx.subList(k, idx.size());
                        List<Grade> adapted = grader.grade(question(q, ex),
                                answers(rest.stream().map(q.answers()::get).toList()));
                        Series[] pair = withExamples.computeIfAbsent(k, x -> new Series[] {new Series(), new Series()});
                        for (int j = 0; j < rest.size(); j++) {
                            double gold = q.answers().get(rest.get(j)).score();
                            pair[0].add(q.id(), grades.get(rest.get(j)).getScore(), gold);
                            pair[1].add(q.id(), adapted.get(j).getScore(), gold);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-44s %6s %9s %6s   %s%n", "setting (held-out questions)", "n",
                    "Pearson r", "RMSE", "95% interval over questions (r; RMSE)");
            print("zero-shot", zero);
            print("zero-shot, lexical signals only", lexical);
            for (int k : examples) {
                Series[] pair = withExamples.get(k);
                if (pair != null) {
                    print("zero-shot, on the answers left after " + k, pair[0]);
                    print(k + " graded examples per question", pair[1]);
                }
            }
            if (writeCalibration != null) {
                String provenance = String.format(Locale.ROOT, "fitted %s on %s (%d questions, %d answers); "
                        + "%d-fold question-grouped CV there: zero-shot r=%.3f RMSE=%.3f", LocalDate.now(),
                        data.getFileName(), csv.questions().size(), csv.answers(), folds, zero.agreement().pearson(),
                        zero.agreement().rmse());
                Calibration[] all = fit(csv.questions(), signals, LocalDate.now().toString(), provenance);
                Files.createDirectories(writeCalibration);
                Files.writeString(writeCalibration.resolve(Calibration.FULL), all[0].toJson() + "\n");
                Files.writeString(writeCalibration.resolve(Calibration.LEXICAL), all[1].toJson() + "\n");
                System.out.println("wrote " + writeCalibration.resolve(Calibration.FULL) + " and "
                        + Calibration.LEXICAL);
            }
        }
        return 0;
    }

    /** The full and the lexical calibration fitted on {@code questions}' answers. */
    private Calibration[] fit(List<GradedCsv.Question> questions, Map<String, List<AnswerSignals>> signals,
            String version, String provenance) {
        List<AnswerSignals> x = new ArrayList<>();
        List<AnswerSignals> lexicalX = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (GradedCsv.Question q : questions) {
            List<AnswerSignals> s = signals.get(q.id());
            for (int i = 0; i < s.size(); i++) {
                x.add(s.get(i));
                lexicalX.add(s.get(i).lexicalOnly());
                y.add(q.answers().get(i).score() / maxScore);
            }
        }
        double[] shares = y.stream().mapToDouble(Double::doubleValue).toArray();
        return new Calibration[] {
            CalibrationFit.fit(x, shares, ridge, exampleShrinkage, "full-" + version, provenance),
            CalibrationFit.fit(lexicalX, shares, ridge, exampleShrinkage, "lexical-" + version, provenance)};
    }

    private GradingQuestion question(GradedCsv.Question q, List<GradedCsv.GradedAnswer> graded) {
        GradingQuestion.Builder b = GradingQuestion.newBuilder().setId(q.id()).setText(q.text())
                .addReferenceAnswers(q.reference()).setMaxScore(maxScore).setLanguage(language);
        for (GradedCsv.GradedAnswer g : graded) {
            b.addGradedExamples(GradedExample.newBuilder().setAnswer(g.text()).setScore(g.score()));
        }
        return b.build();
    }

    private static List<Answer> answers(List<GradedCsv.GradedAnswer> answers) {
        return answers.stream().map(a -> Answer.newBuilder().setText(a.text()).build()).toList();
    }

    private void print(String setting, Series series) {
        Agreement a = series.agreement();
        double[] ci = series.interval(BOOTSTRAP_ROUNDS, seed);
        System.out.printf(Locale.ROOT, "%-44s %6d %9.3f %6.3f   %.3f-%.3f; %.3f-%.3f%n", setting, a.n(), a.pearson(),
                a.rmse(), ci[0], ci[1], ci[2], ci[3]);
    }

    /** Predicted and gold scores, collected with their question. */
    private static final class Series {
        private final List<String> questions = new ArrayList<>();
        private final List<double[]> pairs = new ArrayList<>();

        void add(String question, double predicted, double gold) {
            questions.add(question);
            pairs.add(new double[] {predicted, gold});
        }

        Agreement agreement() {
            return Agreement.of(pairs.stream().mapToDouble(p -> p[0]).toArray(),
                    pairs.stream().mapToDouble(p -> p[1]).toArray());
        }

        /**
         * 95 % percentile intervals of Pearson r and RMSE over {@code rounds} resamples of the questions (with
         * replacement, each with all its answers): with a few dozen questions, question-to-question variation is
         * the main uncertainty.
         */
        double[] interval(int rounds, long seed) {
            Map<String, List<double[]>> byQuestion = new java.util.LinkedHashMap<>();
            for (int i = 0; i < pairs.size(); i++) {
                byQuestion.computeIfAbsent(questions.get(i), k -> new ArrayList<>()).add(pairs.get(i));
            }
            List<List<double[]>> groups = new ArrayList<>(byQuestion.values());
            Random random = new Random(seed);
            double[] r = new double[rounds];
            double[] rmse = new double[rounds];
            for (int b = 0; b < rounds; b++) {
                List<double[]> sample = new ArrayList<>();
                for (int q = 0; q < groups.size(); q++) {
                    sample.addAll(groups.get(random.nextInt(groups.size())));
                }
                Agreement a = Agreement.of(sample.stream().mapToDouble(p -> p[0]).toArray(),
                        sample.stream().mapToDouble(p -> p[1]).toArray());
                r[b] = a.pearson();
                rmse[b] = a.rmse();
            }
            java.util.Arrays.sort(r);
            java.util.Arrays.sort(rmse);
            int lo = (int) Math.floor(0.025 * rounds);
            int hi = (int) Math.ceil(0.975 * rounds) - 1;
            return new double[] {r[lo], r[hi], rmse[lo], rmse[hi]};
        }
    }
}

package dev.upskill.benchmarks.grading;

import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;
import dev.upskill.inference.embedding.TextEncoder;
import dev.upskill.inference.grading.Calibration;
import dev.upskill.inference.grading.Grader;
import dev.upskill.inference.grading.RunEmbedder;
import dev.upskill.inference.text.LanguageAnalyzers;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.KeyPoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The grader in process, as {@code GradingService} runs it: the quantized MiniLM through the grader's own model
 * runs ({@link RunEmbedder}: an answer's sentences in one run), both shipped calibrations. The question's texts are embedded on the first call
 * and then come from the grader's recently-used vectors, as when an assessment's question is graded for one
 * employee after another; every call embeds its answer's sentences.
 *
 * <ul>
 *   <li>{@link #oneAnswer}: one answer of 103 words (6 sentences) to a question with one reference answer and
 *       3 key points, graded: question, reference and key points analysed (their vectors
 *       recently used), the answer's 6 sentences embedded, signals, calibration, key points, hints. The latency goal: p99 ≤ 30 ms.</li>
 *   <li>{@link #batchOf20}: 20 such answers (each sentence order rotated) to the same question in one call, as
 *       {@code GradeBatch} grades them; answers per second.</li>
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
@State(Scope.Benchmark)
public class GradingBenchmark {

    public static final GradingQuestion QUESTION = GradingQuestion.newBuilder()
            .setText("How does a hash table handle two keys that hash to the same bucket, and what does that do to "
                    + "lookup time?")
            .addReferenceAnswers("Collisions are resolved by chaining, where each bucket keeps a list of entries, or "
                    + "by open addressing, where the table probes for the next free slot. With a good hash function "
                    + "and a low load factor lookups stay constant time on average, but many collisions degrade them "
                    + "towards linear time, so the table is resized when the load factor grows.")
            .addKeyPoints(KeyPoint.newBuilder().setId("resolve")
                    .setText("Collisions are resolved by chaining or by open addressing"))
            .addKeyPoints(KeyPoint.newBuilder().setId("cost")
                    .setText("Lookups are constant time on average but degrade to linear time with many collisions"))
            .addKeyPoints(KeyPoint.newBuilder().setId("resize")
                    .setText("The table is resized when the load factor grows"))
            .setLanguage("en")
            .build();

    public static final List<String> SENTENCES = List.of(
            "When two different keys end up in the same bucket we call it a collision, and the table has to keep "
                    + "both of them somehow.",
            "One common way is separate chaining, where every bucket points to a small linked list of the entries "
                    + "that landed there.",
            "Another way is open addressing, where the table looks at the next slots until it finds an empty one.",
            "As long as the hash function spreads keys well, finding a key takes about the same short time no "
                    + "matter how big the table is.",
            "If lots of keys collide the lists or probe sequences get long and a lookup can become as slow as "
                    + "scanning a list.",
            "That is why implementations grow the array and rehash everything once it gets too full.");

    public static final String ANSWER = String.join(" ", SENTENCES);

    /** ONNX Runtime's threads spin between runs ({@code model.spin-wait}; the server's default is false). */
    @Param({"false"})
    public boolean spinWait;

    private TextEncoder encoder;
    private RunEmbedder runs;
    private LanguageAnalyzers analyzers;
    private Grader grader;
    private List<Answer> twenty;

    @Setup(Level.Trial)
    public void setUp() {
        encoder = SentenceEncoder.load(ModelSource.quantizedMiniLm(),
                new OnnxOptions(Runtime.getRuntime().availableProcessors(), spinWait));
        runs = new RunEmbedder(encoder, 1);
        analyzers = new LanguageAnalyzers();
        grader = new Grader(analyzers, runs,
                Calibration.shipped(Calibration.FULL), Calibration.shipped(Calibration.LEXICAL),
                new Grader.Settings(0.15, false));
        twenty = rotatedAnswers(20);
    }

    /** {@code count} answers "a0", "a1", ...: {@link #ANSWER} with its sentence order rotated by 0, 1, ... */
    public static List<Answer> rotatedAnswers(int count) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> rotated = new ArrayList<>(SENTENCES);
            Collections.rotate(rotated, i);
            answers.add(Answer.newBuilder().setId("a" + i).setText(String.join(" ", rotated)).build());
        }
        return answers;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runs.close();
        encoder.close();
        analyzers.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Grade oneAnswer() {
        return grader.grade(QUESTION, List.of(Answer.newBuilder().setText(ANSWER).build())).getFirst();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(20)
    public List<Grade> batchOf20() {
        return grader.grade(QUESTION, twenty);
    }
}

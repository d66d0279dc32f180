package dev.upskill.inference.grading;

import dev.upskill.inference.server.ConfigSources;
import dev.upskill.inference.server.Setting;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.KeyPoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.upskill.inference.grading.GradingFixtures.STACK;
import static dev.upskill.inference.grading.GradingFixtures.STACK_GOOD;
import static dev.upskill.inference.grading.GradingFixtures.answer;
import static dev.upskill.inference.grading.GradingFixtures.batch;
import static dev.upskill.inference.grading.GradingFixtures.example;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request rule of grading.proto, table-driven: each bad request is INVALID_ARGUMENT whose message starts
 * with the field path and, for a limit, names the limit. The server runs with small grading limits so the limit
 * cases stay small.
 */
class GradingValidationTest {

    static final int MAX_TEXT_CHARS = 300;
    static final int MAX_REFERENCES = 2;
    static final int MAX_KEY_POINTS = 3;
    static final int MAX_EXAMPLES = 2;
    static final int MAX_OTHERS = 2;
    static final int MAX_ANSWERS = 4;

    static InProcessInferenceServer server;
    static GradingServiceGrpc.GradingServiceBlockingStub grading;

    @BeforeAll
    static void start() {
        server = InProcessInferenceServer.start(ConfigSources.resolve(Map.of(
                Setting.MAX_TEXT_CHARS, "" + MAX_TEXT_CHARS,
                Setting.MAX_REFERENCE_ANSWERS, "" + MAX_REFERENCES,
                Setting.MAX_KEY_POINTS, "" + MAX_KEY_POINTS,
                Setting.MAX_GRADED_EXAMPLES, "" + MAX_EXAMPLES,
                Setting.MAX_OTHER_REFERENCES, "" + MAX_OTHERS,
                Setting.MAX_ANSWERS, "" + MAX_ANSWERS), Map.of(), null), GatedEncoder.overSharedModel());
        grading = GradingFixtures.stub(server.channel);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record BadQuestion(String expected, UnaryOperator<GradingQuestion.Builder> change) {
    }

    static BadQuestion bad(String expected, UnaryOperator<GradingQuestion.Builder> change) {
        return new BadQuestion(expected, change);
    }

    static String chars(int n) {
        return "a".repeat(n);
    }

    static KeyPoint point(String text) {
        return KeyPoint.newBuilder().setText(text).build();
    }

    static final List<BadQuestion> BAD_QUESTIONS = List.of(
            bad("question.id: is 129 characters; the limit is 128", q -> q.setId(chars(129))),
            bad("question.text: must not be empty or blank", q -> q.setText("")),
            bad("question.text: must not be empty or blank", q -> q.setText(" \n\t")),
            bad("question.text: is 301 characters; the limit is 300 (limits.max-text-chars)",
                    q -> q.setText(chars(301))),
            bad("question.reference_answers: is empty", GradingQuestion.Builder::clearReferenceAnswers),
            bad("question.reference_answers: 3 values; the limit is 2 (limits.max-reference-answers)",
                    q -> q.addReferenceAnswers("second").addReferenceAnswers("third")),
            bad("question.reference_answers[1]: must not be empty or blank", q -> q.addReferenceAnswers("  ")),
            bad("question.reference_answers[1]: is 301 characters; the limit is 300 (limits.max-text-chars)",
                    q -> q.addReferenceAnswers(chars(301))),
            bad("question.key_points: 4 values; the limit is 3 (limits.max-key-points)",
                    q -> q.addKeyPoints(point("a fourth point"))),
            bad("question.key_points[2].text: must not be empty or blank", q -> q.setKeyPoints(2, point(" "))),
            bad("question.key_points[1].text: is 1001 characters; the limit is 1000",
                    q -> q.setKeyPoints(1, point(chars(1001)))),
            bad("question.key_points[0].id: is 129 characters; the limit is 128",
                    q -> q.setKeyPoints(0, point("p").toBuilder().setId(chars(129)))),
            bad("question.key_points[2].weight: is -1.0", q -> q.setKeyPoints(2, weighted(-1))),
            bad("question.key_points[2].weight: is 100.5", q -> q.setKeyPoints(2, weighted(100.5f))),
            bad("question.key_points[2].weight: is NaN", q -> q.setKeyPoints(2, weighted(Float.NaN))),
            bad("question.key_points[2].weight: is Infinity", q -> q.setKeyPoints(2, weighted(Float.POSITIVE_INFINITY))),
            bad("question.graded_examples: 3 values; the limit is 2 (limits.max-graded-examples)",
                    q -> q.addGradedExamples(example("x", 1)).addGradedExamples(example("y", 1))
                            .addGradedExamples(example("z", 1))),
            bad("question.graded_examples[0].answer: is 301 characters; the limit is 300 (limits.max-text-chars)",
                    q -> q.addGradedExamples(example(chars(301), 1))),
            bad("question.graded_examples[0].score: is 5.5; must be finite, 0 to the question's max_score 5.0",
                    q -> q.addGradedExamples(example("x", 5.5))),
            bad("question.graded_examples[1].score: is -0.5", q -> q.addGradedExamples(example("x", 1))
                    .addGradedExamples(example("y", -0.5))),
            bad("question.graded_examples[0].score: is NaN", q -> q.addGradedExamples(example("x", Double.NaN))),
            bad("question.graded_examples[0].score: is 11.0; must be finite, 0 to the question's max_score 10.0",
                    q -> q.setMaxScore(10).addGradedExamples(example("x", 11))),
            bad("question.max_score: is -1.0", q -> q.setMaxScore(-1)),
            bad("question.max_score: is 1000.5", q -> q.setMaxScore(1000.5)),
            bad("question.max_score: is NaN", q -> q.setMaxScore(Double.NaN)),
            bad("question.max_score: is Infinity", q -> q.setMaxScore(Double.POSITIVE_INFINITY)),
            bad("question.language: 'english!' is not a well-formed BCP 47 language tag",
                    q -> q.setLanguage("english!")),
            bad("question.language: 'en_US' is not", q -> q.setLanguage("en_US")),
            bad("question.language: 'e' is not", q -> q.setLanguage("e")),
            bad("question.other_question_references: 3 values; the limit is 2 (limits.max-other-references)",
                    q -> q.addOtherQuestionReferences("x").addOtherQuestionReferences("y")
                            .addOtherQuestionReferences("z")),
            bad("question.other_question_references[0]: must not be empty or blank",
                    q -> q.addOtherQuestionReferences("")),
            bad("question.other_question_references[1]: is 301 characters; the limit is 300 "
                    + "(limits.max-text-chars)", q -> q.addOtherQuestionReferences("x")
                    .addOtherQuestionReferences(chars(301))));

    static KeyPoint weighted(float weight) {
        return point("Pop removes the top element").toBuilder().setWeight(weight).build();
    }

    @Test
    void everyInvalidQuestionIsRefusedNamingTheField() {
        List<String> wrong = new ArrayList<>();
        for (BadQuestion bad : BAD_QUESTIONS) {
            GradingQuestion question = bad.change.apply(STACK.toBuilder()).build();
            for (var call : List.<Runnable>of(
                    () -> grading.gradeAnswer(GradeAnswerRequest.newBuilder().setQuestion(question)
                            .setAnswer(answer("a", STACK_GOOD)).build()),
                    () -> grading.gradeBatch(batch(question, List.of(answer("a", STACK_GOOD)))))) {
                String message = invalid(call);
                if (message == null || !message.startsWith(bad.expected)) {
                    wrong.add("expected '" + bad.expected + "...', got " + message);
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void invalidAnswersAreRefusedNamingTheAnswer() {
        assertInvalid("question: is required", () -> grading.gradeAnswer(GradeAnswerRequest.newBuilder()
                .setAnswer(answer("a", "x")).build()));
        assertInvalid("answer: is required", () -> grading.gradeAnswer(GradeAnswerRequest.newBuilder()
                .setQuestion(STACK).build()));
        assertInvalid("answer.text: is 301 characters; the limit is 300 (limits.max-text-chars)",
                () -> grading.gradeAnswer(GradingFixtures.request(STACK, chars(301))));
        assertInvalid("answer.language: 'x_y' is not", () -> grading.gradeAnswer(GradeAnswerRequest.newBuilder()
                .setQuestion(STACK).setAnswer(answer("a", "x").toBuilder().setLanguage("x_y")).build()));
        assertInvalid("answer.id: is 129 characters; the limit is 128", () -> grading.gradeAnswer(
                GradeAnswerRequest.newBuilder().setQuestion(STACK).setAnswer(answer(chars(129), "x")).build()));
        assertInvalid("question: is required", () -> grading.gradeBatch(GradeBatchRequest.newBuilder()
                .addAnswers(answer("a", "x")).build()));
        List<Answer> answers = new ArrayList<>(Collections.nCopies(MAX_ANSWERS - 1, answer("ok", STACK_GOOD)));
        answers.add(answer("long", chars(301)));
        assertInvalid("answers[3].text: is 301 characters; the limit is 300 (limits.max-text-chars)",
                () -> grading.gradeBatch(batch(STACK, answers)));
        assertInvalid("answers[1].language: '12345678901' is not", () -> grading.gradeBatch(batch(STACK, List.of(
                answer("a", "x"), answer("b", "y").toBuilder().setLanguage("12345678901").build()))));
    }

    @Test
    void gradeBatchTakesOneToMaxAnswersAnswers() {
        assertInvalid("answers: is empty; send 1 to 4 answers", () -> grading.gradeBatch(batch(STACK, List.of())));
        List<Answer> tooMany = Collections.nCopies(MAX_ANSWERS + 1, answer("a", STACK_GOOD));
        assertInvalid("answers: 5 values; the limit is 4 (limits.max-answers)",
                () -> grading.gradeBatch(batch(STACK, tooMany)));
        List<Answer> most = Collections.nCopies(MAX_ANSWERS, answer("a", STACK_GOOD));
        assertEquals(MAX_ANSWERS, grading.gradeBatch(batch(STACK, most)).getGradesCount());
    }

    @Test
    void validEdgesAreAccepted() {
        GradingQuestion edges = STACK.toBuilder().setId(chars(128)).setMaxScore(1000).setLanguage("de-AT")
                .setKeyPoints(2, weighted(100)).setKeyPoints(1, weighted(0))
                .addGradedExamples(example("", 0)).addGradedExamples(example(STACK_GOOD, 1000))
                .addOtherQuestionReferences("Plants need sunlight for photosynthesis.").build();
        var grade = grading.gradeAnswer(GradeAnswerRequest.newBuilder().setQuestion(edges)
                .setAnswer(answer(chars(128), STACK_GOOD).toBuilder().setLanguage("zh-Hant-TW")).build()).getGrade();
        assertEquals(1000, grade.getMaxScore());
        assertTrue(grade.getScore() >= 0 && grade.getScore() <= 1000, grade.toString());
    }

    static void assertInvalid(String expectedStart, Runnable call) {
        String message = invalid(call);
        assertTrue(message != null && message.startsWith(expectedStart),
                "expected '" + expectedStart + "...', got " + message);
    }

    /** The description of the INVALID_ARGUMENT the call fails with; null when it does not. */
    static String invalid(Runnable call) {
        StatusRuntimeException e;
        try {
            call.run();
            return null;
        } catch (StatusRuntimeException thrown) {
            e = thrown;
        }
        return e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT ? e.getStatus().getDescription()
                : e.getStatus().toString();
    }
}

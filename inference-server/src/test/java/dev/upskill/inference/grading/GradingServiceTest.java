package dev.upskill.inference.grading;

import dev.upskill.inference.server.ServerConfig;
import dev.upskill.inference.testing.GatedEncoder;
import dev.upskill.inference.testing.InProcessInferenceServer;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradeAnswerResponse;
import dev.upskill.proto.v1.GradeBatchResponse;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.KeyPointResult;
import dev.upskill.proto.v1.OffTopicReason;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.upskill.inference.grading.GradingFixtures.INFLATION_RIGHT;
import static dev.upskill.inference.grading.GradingFixtures.INFLATION_RU;
import static dev.upskill.inference.grading.GradingFixtures.INFLATION_WRONG;
import static dev.upskill.inference.grading.GradingFixtures.PLANTS_ANSWER;
import static dev.upskill.inference.grading.GradingFixtures.PLANTS_REFERENCE;
import static dev.upskill.inference.grading.GradingFixtures.STACK;
import static dev.upskill.inference.grading.GradingFixtures.STACK_GOOD;
import static dev.upskill.inference.grading.GradingFixtures.STACK_PARTIAL;
import static dev.upskill.inference.grading.GradingFixtures.STACK_POOR;
import static dev.upskill.inference.grading.GradingFixtures.STACK_RESTATED;
import static dev.upskill.inference.grading.GradingFixtures.UNRELATED;
import static dev.upskill.inference.grading.GradingFixtures.answer;
import static dev.upskill.inference.grading.GradingFixtures.batch;
import static dev.upskill.inference.grading.GradingFixtures.example;
import static dev.upskill.inference.grading.GradingFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GradingService end to end over a real (in-process) channel with the real embedding model and the shipped
 * calibration, at the default settings. Assertions are about order and direction (good above partial above
 * off topic), not exact scores, so they survive a refit of the calibration.
 */
class GradingServiceTest {

    static InProcessInferenceServer server;
    static GradingServiceGrpc.GradingServiceBlockingStub grading;

    @BeforeAll
    static void start() {
        server = InProcessInferenceServer.start(ServerConfig.defaults(), GatedEncoder.overSharedModel());
        grading = GradingFixtures.stub(server.channel);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Grade grade(GradingQuestion question, String answer) {
        return grading.gradeAnswer(request(question, answer)).getGrade();
    }

    @Test
    void aGoodAnswerScoresAboveAPartialOneAboveAPoorOneAboveAnOffTopicOne() {
        double good = grade(STACK, STACK_GOOD).getScore();
        double partial = grade(STACK, STACK_PARTIAL).getScore();
        double poor = grade(STACK, STACK_POOR).getScore();
        double offTopic = grade(STACK, UNRELATED).getScore();
        String scores = "good " + good + ", partial " + partial + ", poor " + poor + ", off topic " + offTopic;
        assertTrue(good > partial && partial > poor && poor >= offTopic, scores);
        assertTrue(good >= 0.6 * STACK.getMaxScore(), scores);
        assertTrue(offTopic <= 0.2 * STACK.getMaxScore(), scores);
    }

    @Test
    void matchedKeyPointsCarryEvidenceFromTheAnswerAndMissedOnesBecomeHints() {
        Grade good = grade(STACK, STACK_GOOD);
        assertEquals(STACK.getKeyPointsCount(), good.getKeyPointsCount());
        int matched = 0;
        for (int i = 0; i < good.getKeyPointsCount(); i++) {
            KeyPointResult k = good.getKeyPoints(i);
            assertEquals(i, k.getIndex());
            assertEquals(STACK.getKeyPoints(i).getId(), k.getKeyPointId());
            assertTrue(k.getCredit() >= 0 && k.getCredit() <= 1 && k.getSimilarity() >= 0 && k.getSimilarity() <= 1,
                    k.toString());
            if (k.getMatched()) {
                matched++;
                assertTrue(k.hasEvidence(), k.toString());
                assertTrue(k.getEvidence().getEnd() > k.getEvidence().getStart(), k.toString());
                assertEquals(STACK_GOOD.substring(k.getEvidence().getStart(), k.getEvidence().getEnd()),
                        k.getEvidence().getText());
            } else {
                assertFalse(k.hasEvidence(), k.toString());
            }
        }
        assertEquals(3, matched, good.toString());

        Grade partial = grade(STACK, STACK_PARTIAL);
        List<KeyPointResult> missed = partial.getKeyPointsList().stream().filter(k -> !k.getMatched()).toList();
        assertFalse(missed.isEmpty(), partial.toString());
        assertTrue(partial.getHintsCount() > 0 && partial.getHintsCount() <= 5, partial.toString());
        for (KeyPointResult k : missed) {
            String point = STACK.getKeyPoints(k.getIndex()).getText();
            assertTrue(partial.getHintsList().stream().anyMatch(h -> h.contains(point)),
                    "no hint names missed key point '" + point + "': " + partial.getHintsList());
        }
        assertTrue(partial.getHintsList().stream().allMatch(h -> h.length() <= 200));
    }

    @Test
    void anEmptyAnswerHasNoContent() {
        Grade empty = grade(STACK, "");
        assertTrue(empty.getOffTopic());
        assertEquals(OffTopicReason.OFF_TOPIC_REASON_NO_CONTENT, empty.getOffTopicReason());
        assertEquals(0, empty.getScore());
        assertEquals(5, empty.getMaxScore());
        Grade filler = grade(STACK, "... the, and of it?!");
        assertEquals(OffTopicReason.OFF_TOPIC_REASON_NO_CONTENT, filler.getOffTopicReason(), filler.toString());
    }

    @Test
    void anUnrelatedAnswerIsBelowTheSimilarityFloor() {
        Grade unrelated = grade(STACK, UNRELATED);
        assertTrue(unrelated.getOffTopic(), unrelated.toString());
        assertEquals(OffTopicReason.OFF_TOPIC_REASON_BELOW_SIMILARITY_FLOOR, unrelated.getOffTopicReason());
        assertFalse(unrelated.getOffTopicDetail().isEmpty());
        Grade good = grade(STACK, STACK_GOOD);
        assertFalse(good.getOffTopic(), good.toString());
        assertEquals(OffTopicReason.OFF_TOPIC_REASON_UNSPECIFIED, good.getOffTopicReason());
        assertEquals("", good.getOffTopicDetail());
    }

    @Test
    void anAnswerToAnotherQuestionOfTheAssessmentIsFlaggedAsSuch() {
        GradingQuestion withOthers = STACK.toBuilder().addOtherQuestionReferences(PLANTS_REFERENCE).build();
        Grade plants = grade(withOthers, PLANTS_ANSWER);
        assertTrue(plants.getOffTopic(), plants.toString());
        assertEquals(OffTopicReason.OFF_TOPIC_REASON_CLOSER_TO_OTHER_QUESTION, plants.getOffTopicReason());
        assertTrue(plants.getOffTopicDetail().contains("other_question_references[0]"), plants.getOffTopicDetail());
        assertTrue(plants.getScore() < grade(withOthers, STACK_PARTIAL).getScore(), plants.toString());
        // The right answer to this question is not flagged by the other question's presence.
        assertFalse(grade(withOthers, STACK_GOOD).getOffTopic());
    }

    @Test
    void anAnswerThatOnlyRestatesTheQuestionIsDiscounted() {
        Grade restated = grade(STACK, STACK_RESTATED);
        Grade good = grade(STACK, STACK_GOOD);
        assertTrue(restated.getRestatesQuestion(), restated.toString());
        assertFalse(good.getRestatesQuestion(), good.toString());
        assertTrue(restated.getScore() < good.getScore(), restated.getScore() + " vs " + good.getScore());
        assertTrue(restated.getScore() < grade(STACK, STACK_PARTIAL).getScore(), restated.toString());
    }

    @Test
    void aCorrectRussianAnswerScoresClearlyAboveAWrongOneAndHintsAreInRussian() {
        Grade right = grade(INFLATION_RU, INFLATION_RIGHT);
        Grade wrong = grade(INFLATION_RU, INFLATION_WRONG);
        assertEquals("ru", right.getLanguage());
        assertEquals(5, right.getMaxScore(), "max_score 0 means 5");
        assertTrue(right.getScore() - wrong.getScore() >= 1.0, right.getScore() + " vs " + wrong.getScore());
        assertTrue(wrong.getHintsCount() > 0, wrong.toString());
        for (String hint : wrong.getHintsList()) {
            assertTrue(hint.startsWith("Не раскрыто"), hint);
        }
        assertTrue(right.getKeyPointsList().stream().filter(KeyPointResult::getMatched).count()
                > wrong.getKeyPointsList().stream().filter(KeyPointResult::getMatched).count());
    }

    @Test
    void gradedExamplesShiftTheScaleInTheirDirection() {
        double plain = grade(STACK, STACK_PARTIAL).getScore();
        // Graders who were strict with answers as good as these...
        GradingQuestion strict = STACK.toBuilder()
                .addGradedExamples(example(STACK_GOOD, 2))
                .addGradedExamples(example("Push puts an element on top, pop takes the top one off again.", 0.5))
                .addGradedExamples(example("Last in, first out: the element pushed last is popped first.", 1))
                .addGradedExamples(example(STACK_POOR, 0))
                .build();
        // ...and graders who were generous with weak ones.
        GradingQuestion generous = STACK.toBuilder()
                .addGradedExamples(example(STACK_GOOD, 5))
                .addGradedExamples(example("You push things on it.", 4.5))
                .addGradedExamples(example("A list of things.", 4))
                .addGradedExamples(example(STACK_POOR, 4))
                .build();
        double strictScore = grade(strict, STACK_PARTIAL).getScore();
        double generousScore = grade(generous, STACK_PARTIAL).getScore();
        String scores = "strict " + strictScore + ", plain " + plain + ", generous " + generousScore;
        assertTrue(strictScore < plain && plain < generousScore, scores);
    }

    @Test
    void theSameRequestGivesTheSameGrade() {
        GradingQuestion withEverything = STACK.toBuilder().addOtherQuestionReferences(PLANTS_REFERENCE)
                .addGradedExamples(example(STACK_PARTIAL, 2)).build();
        for (String text : List.of(STACK_GOOD, STACK_PARTIAL, UNRELATED, "")) {
            assertEquals(grade(withEverything, text), grade(withEverything, text));
        }
    }

    @Test
    void gradeBatchGradesEachAnswerExactlyAsGradeAnswerDoes() {
        List<Answer> answers = List.of(answer("g", STACK_GOOD), answer("p", STACK_PARTIAL), answer("o", STACK_POOR),
                answer("e", ""), answer("u", UNRELATED), answer("r", STACK_RESTATED));
        GradeBatchResponse response = grading.gradeBatch(batch(STACK, answers));
        assertEquals(answers.size(), response.getGradesCount());
        for (int i = 0; i < answers.size(); i++) {
            Grade alone = grading.gradeAnswer(dev.upskill.proto.v1.GradeAnswerRequest.newBuilder()
                    .setQuestion(STACK).setAnswer(answers.get(i)).build()).getGrade();
            Grade inBatch = response.getGrades(i);
            assertEquals(answers.get(i).getId(), inBatch.getAnswerId());
            assertEquals(alone.toBuilder().setAnswerId(inBatch.getAnswerId()).build(), inBatch);
            assertEquals(alone.getOffTopicReason(), inBatch.getOffTopicReason());
            assertEquals(alone.getRestatesQuestion(), inBatch.getRestatesQuestion());
        }
    }

    @Test
    void responsesNameTheCalibrationAndTheEmbeddingModel() {
        GradeAnswerResponse response = grading.gradeAnswer(request(STACK, STACK_GOOD));
        assertEquals(GradingRuntime.CALIBRATION_NAME, response.getMeta().getModel().getName());
        assertFalse(response.getMeta().getModel().getVersion().isEmpty());
        assertEquals("all-MiniLM-L6-v2-quantized", response.getEmbeddingModel().getName());
        assertEquals(12, response.getEmbeddingModel().getVersion().length());
        assertTrue(response.getMeta().getTiming().getTotalMicros() > 0);
        assertFalse(response.getMeta().getRequestId().isEmpty());
        assertTrue(response.getGrade().getConfidence() > 0 && response.getGrade().getConfidence() <= 1);
        assertEquals("en", response.getGrade().getLanguage());

        HealthCheckResponse health = HealthGrpc.newBlockingStub(server.channel).check(HealthCheckRequest.newBuilder()
                .setService(GradingServiceGrpc.SERVICE_NAME).build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    }
}

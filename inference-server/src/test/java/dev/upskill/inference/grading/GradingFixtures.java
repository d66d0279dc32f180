package dev.upskill.inference.grading;

import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradeBatchRequest;
import dev.upskill.proto.v1.GradedExample;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.GradingServiceGrpc;
import dev.upskill.proto.v1.KeyPoint;
import io.grpc.Channel;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Questions and answers written for these tests (none taken from a data set), and call helpers. */
final class GradingFixtures {

    private GradingFixtures() {
    }

    static final GradingQuestion STACK = GradingQuestion.newBuilder()
            .setId("q-stack")
            .setText("What is a stack in programming?")
            .addReferenceAnswers("A stack is a collection where the last element added is the first one removed: "
                    + "last in, first out. Push adds an element on top and pop removes the element on top.")
            .addKeyPoints(KeyPoint.newBuilder().setId("lifo").setText("Last in, first out: the newest element "
                    + "leaves first"))
            .addKeyPoints(KeyPoint.newBuilder().setId("push").setText("Push adds an element on top"))
            .addKeyPoints(KeyPoint.newBuilder().setId("pop").setText("Pop removes the top element"))
            .setMaxScore(5)
            .setLanguage("en")
            .build();

    static final String STACK_GOOD = "A stack is last in, first out: the element added last is the first one to "
            + "leave. Push puts a new element on the top of the stack. Pop removes the element that is on the top.";
    static final String STACK_PARTIAL = "It is a kind of list where you push new things onto it.";
    static final String STACK_POOR = "Something to do with computers and memory.";
    static final String UNRELATED = "We had pasta for lunch and then walked along the river to the old bridge.";
    /**
     * Says nothing the question does not. (The grader's rule counts distinct content words: one extra word such as
     * "used" in a three-word restatement already makes a third of it new, and it is no longer flagged.)
     */
    static final String STACK_RESTATED = "In programming, a stack is a stack.";

    /** The reference of another question of the same assessment, and an answer to that question. */
    static final String PLANTS_REFERENCE = "Plants use sunlight for photosynthesis: chlorophyll captures light "
            + "energy to turn carbon dioxide and water into glucose and oxygen.";
    static final String PLANTS_ANSWER = "Leaves capture sunlight with chlorophyll and use its energy to make "
            + "glucose from water and carbon dioxide, releasing oxygen.";

    static final GradingQuestion INFLATION_RU = GradingQuestion.newBuilder()
            .setId("q-inflation")
            .setText("Что такое инфляция?")
            .addReferenceAnswers("Инфляция — это устойчивый рост общего уровня цен на товары и услуги, из-за "
                    + "которого покупательная способность денег снижается.")
            .addKeyPoints(KeyPoint.newBuilder().setId("prices").setText("Рост общего уровня цен на товары и услуги"))
            .addKeyPoints(KeyPoint.newBuilder().setId("power").setText("Снижение покупательной способности денег"))
            .setLanguage("ru")
            .build();

    static final String INFLATION_RIGHT = "Инфляция означает, что цены на товары и услуги растут. Покупательная "
            + "способность денег при этом снижается: на ту же сумму можно купить меньше.";
    static final String INFLATION_WRONG = "Инфляция — это когда компания выпускает новые акции и продаёт их "
            + "инвесторам на бирже.";

    static Answer answer(String id, String text) {
        return Answer.newBuilder().setId(id).setText(text).build();
    }

    static GradedExample example(String answer, double score) {
        return GradedExample.newBuilder().setAnswer(answer).setScore(score).build();
    }

    static GradeAnswerRequest request(GradingQuestion question, String answer) {
        return GradeAnswerRequest.newBuilder().setQuestion(question).setAnswer(answer("a", answer)).build();
    }

    static GradeBatchRequest batch(GradingQuestion question, List<Answer> answers) {
        return GradeBatchRequest.newBuilder().setQuestion(question).addAllAnswers(answers).build();
    }

    static GradingServiceGrpc.GradingServiceBlockingStub stub(Channel channel) {
        return GradingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }
}

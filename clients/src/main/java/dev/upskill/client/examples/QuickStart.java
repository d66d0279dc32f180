package dev.upskill.client.examples;

import dev.upskill.client.inference.InferenceClient;
import dev.upskill.client.inference.InferenceDeadlines;
import dev.upskill.client.inference.InferenceSettings;
import dev.upskill.client.inference.RetrySettings;
import dev.upskill.client.journey.JourneyClient;
import dev.upskill.client.journey.JourneySettings;
import dev.upskill.proto.v1.Answer;
import dev.upskill.proto.v1.GetJourneyResponse;
import dev.upskill.proto.v1.Grade;
import dev.upskill.proto.v1.GradeAnswerRequest;
import dev.upskill.proto.v1.GradingQuestion;
import dev.upskill.proto.v1.JourneyStep;
import dev.upskill.proto.v1.KeyPoint;
import dev.upskill.proto.v1.Recommendation;
import dev.upskill.proto.v1.SearchCoursesRequest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The typed clients in a few lines, against the demo company of {@code bin/start} (tenant "demo"): the journey
 * dashboard and course recommendations of an employee from the journey engine, then a catalog search and the
 * grading of an answer on the inference server. See docs/clients.md for how to run it.
 *
 * <pre>java -cp clients/target/upskill-cli.jar dev.upskill.client.examples.QuickStart [EMPLOYEE]
 *     [INFERENCE_HOST:PORT[,...]] [JOURNEY_HOST:PORT[,...]]</pre>
 */
public final class QuickStart {

    private QuickStart() {
    }

    public static void main(String[] args) {
        String employee = args.length > 0 ? args[0] : "omar";
        List<String> inferenceAddresses = List.of((args.length > 1 ? args[1] : "localhost:9090").split(","));
        List<String> journeyAddresses = List.of((args.length > 2 ? args[2] : "localhost:9091").split(","));

        // Settings are checked when built; the clients connect at the first call, so building them never fails
        // because a server is down. Both are thread-safe: share one of each in an application.
        JourneySettings journeySettings = JourneySettings.of(journeyAddresses)
                .withDeadlines(Duration.ofSeconds(10), Duration.ofMinutes(10))
                .withRetry(new RetrySettings(4, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0));
        InferenceSettings inferenceSettings = InferenceSettings.of(inferenceAddresses)
                .withDeadlines(InferenceDeadlines.DEFAULTS);
        try (JourneyClient journeys = new JourneyClient(journeySettings);
                InferenceClient inference = new InferenceClient(inferenceSettings)) {

            GetJourneyResponse journey = journeys.journey("demo", employee);
            System.out.printf("%s's journey: %d%% done%s%n", employee, journey.getCompletionPercent(),
                    journey.getFinished() ? ", finished" : ", at " + journey.getCurrentStage());
            for (JourneyStep step : journey.getStepsList()) {
                System.out.printf("  %-8s %s%n", step.getStatus().name().replace("STEP_STATUS_", "").toLowerCase(Locale.ROOT),
                        step.getName());
            }

            System.out.println("Recommended courses:");
            for (Recommendation course : journeys.recommendations("demo", employee, 3)) {
                System.out.printf("  %.3f  %s  (%s)%n", course.getScore(), course.getCourseTitle(), course.getReason());
            }

            System.out.println("Catalog search \"negotiation\":");
            inference.catalog().search(SearchCoursesRequest.newBuilder()
                            .setTenantId("demo").setText("negotiation").setTopK(3).build())
                    .getHitsList()
                    .forEach(hit -> System.out.printf("  %.3f  %s%n", hit.getScore(), hit.getCourse().getTitle()));

            Grade grade = inference.grade(GradeAnswerRequest.newBuilder()
                    .setQuestion(GradingQuestion.newBuilder()
                            .setText("What is a stack?")
                            .addReferenceAnswers("A last-in, first-out collection: push adds on top, pop takes "
                                    + "the top element off.")
                            .addKeyPoints(KeyPoint.newBuilder().setId("lifo").setText("It is last-in, first-out"))
                            .addKeyPoints(KeyPoint.newBuilder().setId("ops").setText("push and pop")))
                    .setAnswer(Answer.newBuilder().setText("Last in first out: you push and pop at the top."))
                    .build()).getGrade();
            System.out.printf("Grade: %.2f of %.2f (confidence %.2f)%n", grade.getScore(), grade.getMaxScore(),
                    grade.getConfidence());
        }
        // A failed call throws io.grpc.StatusRuntimeException: UNAVAILABLE when no server answers (after the
        // retries of the safe methods), NOT_FOUND for an employee without a journey, DEADLINE_EXCEEDED, ...
    }
}

package dev.upskill.journey.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Feedback for the employee on a graded free-text answer, built on the grader's matched and missing key points:
 * fluent text from the LLM, or {@link #template} (the deterministic path). The answer is employee text and goes
 * into the data block only.
 */
@Component
public class AnswerFeedback {

    static final String TASK = "answer_feedback";
    static final int MAX_CHARS = 1_500;
    static final String INSTRUCTIONS = """
            You write short, friendly feedback (2 to 4 sentences, addressing the employee as "you") on their answer
            (data.answer) to an assessment question (data.question). A grader has already decided which key points
            the answer covers (data.matchedKeyPoints) and which it misses (data.missingKeyPoints): acknowledge the
            covered ones and explain briefly what the missing ones are about. Do not give a score and do not change
            the grader's verdict. Answer as {"feedback": "..."}.""";

    static final JsonObjectSchema SCHEMA = JsonObjectSchema.builder()
            .addProperty("feedback", new JsonStringSchema())
            .required("feedback")
            .build();

    private final OllamaJson llm;

    public AnswerFeedback(OllamaJson llm) {
        this.llm = llm;
    }

    public boolean enabled() {
        return llm.enabled();
    }

    public OllamaJson.Outcome<String> write(String question, String answer, List<String> matched,
            List<String> missing) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("question", question);
        data.put("matchedKeyPoints", matched);
        data.put("missingKeyPoints", missing);
        data.put("answer", answer);
        return llm.ask(TASK, INSTRUCTIONS, data, SCHEMA, AnswerFeedback::parse);
    }

    static String parse(JsonNode json) {
        JsonNode feedback = json.get("feedback");
        if (feedback == null || !feedback.isTextual() || feedback.asText().isBlank()) {
            throw new OllamaJson.InvalidOutput("no feedback text");
        }
        String text = feedback.asText().strip();
        if (text.length() > MAX_CHARS) {
            throw new OllamaJson.InvalidOutput("feedback longer than " + MAX_CHARS + " characters");
        }
        return text;
    }

    /** The deterministic feedback: the matched and missing key points in one or two sentences. */
    public static String template(List<String> matched, List<String> missing) {
        if (matched.isEmpty() && missing.isEmpty()) {
            return "Your answer was graded against the reference answer; there were no key points to compare.";
        }
        StringBuilder text = new StringBuilder();
        if (!matched.isEmpty()) {
            text.append("You covered: ").append(String.join("; ", matched)).append('.');
        }
        if (!missing.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append("Not yet covered: ").append(String.join("; ", missing))
                    .append('.');
        }
        return text.toString();
    }
}

package dev.upskill.journey.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.upskill.journey.data.QuestionBank;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Assessment questions written by the LLM for one competency at one level of the tenant's scale: multiple choice
 * (options, the correct one, an explanation) and free text (a reference answer and key points). The caller stores
 * them unapproved ({@code source = 'llm'}); they are asked only once HR or a manager approves them. A question that
 * breaks the domain is dropped with a log line: a correct option outside its options, fewer than 2 or more than 10
 * options, a blank or too long text, no key point, a duplicate. The prompt holds only HR's competency framework,
 * no employee text.
 */
@Component
public class QuestionWriter {

    static final String TASK = "assessment_questions";
    static final int MAX_TEXT = 2_000;
    private static final Logger log = LoggerFactory.getLogger(QuestionWriter.class);
    static final String INSTRUCTIONS = """
            You write workplace assessment questions for one competency (data.competency) at one proficiency level
            (data.level; data.scale describes the levels). Write data.multipleChoice multiple-choice questions (2 to 6
            options, correctOption = the index of the one correct option counting from 0, an explanation of why it
            is correct) and data.freeText free-text questions (a model referenceAnswer and 2 to 5 short keyPoints a
            good answer covers). Questions must test the competency at that level, be self-contained and
            unambiguous.""";

    static final JsonObjectSchema SCHEMA = JsonObjectSchema.builder()
            .addProperty("multipleChoice", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                    .addProperty("question", new JsonStringSchema())
                    .addProperty("options", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                    .addProperty("correctOption", new JsonIntegerSchema())
                    .addProperty("explanation", new JsonStringSchema())
                    .required("question", "options", "correctOption", "explanation")
                    .build()).build())
            .addProperty("freeText", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                    .addProperty("question", new JsonStringSchema())
                    .addProperty("referenceAnswer", new JsonStringSchema())
                    .addProperty("keyPoints", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                    .required("question", "referenceAnswer", "keyPoints")
                    .build()).build())
            .required("multipleChoice", "freeText")
            .build();

    /** A level of the tenant's scale, as the prompt describes it. */
    public record Level(int level, String name, String description) {
    }

    private final OllamaJson llm;

    public QuestionWriter(OllamaJson llm) {
        this.llm = llm;
    }

    public boolean enabled() {
        return llm.enabled();
    }

    /**
     * Asks for {@code count} questions (half multiple choice, rounded up). The questions have id 0 (not stored yet).
     */
    public OllamaJson.Outcome<List<QuestionBank.Question>> write(String competencyId, String name, String description,
            int level, List<Level> scale, int count) {
        int multipleChoice = (count + 1) / 2;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("competency", Map.of("id", competencyId, "name", name,
                "description", description == null ? "" : description));
        data.put("level", level);
        data.put("scale", scale);
        data.put("multipleChoice", multipleChoice);
        data.put("freeText", count - multipleChoice);
        return llm.ask(TASK, INSTRUCTIONS, data, SCHEMA, json -> parse(json, competencyId, level));
    }

    static List<QuestionBank.Question> parse(JsonNode json, String competencyId, int level) {
        JsonNode choices = json.get("multipleChoice");
        JsonNode texts = json.get("freeText");
        if (choices == null || !choices.isArray() || texts == null || !texts.isArray()) {
            throw new OllamaJson.InvalidOutput("multipleChoice and freeText must be arrays");
        }
        List<QuestionBank.Question> questions = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode q : choices) {
            String text = text(q, "question");
            List<String> options = strings(q.get("options"));
            JsonNode correct = q.get("correctOption");
            String explanation = text(q, "explanation");
            if (text == null || options == null || correct == null || !correct.canConvertToInt()) {
                throw new OllamaJson.InvalidOutput("a multiple-choice question misses a field");
            }
            if (options.size() < 2 || options.size() > 10 || options.stream().anyMatch(String::isEmpty)
                    || Set.copyOf(options).size() != options.size()) {
                rejected.add("options: " + options.size() + ", blank or repeated");
            } else if (correct.asInt() < 0 || correct.asInt() >= options.size()) {
                rejected.add("correct option " + correct.asInt() + " outside 0 to " + (options.size() - 1));
            } else if (!fits(text) || (explanation != null && explanation.length() > MAX_TEXT)
                    || options.stream().anyMatch(o -> o.length() > MAX_TEXT)) {
                rejected.add("a text blank or longer than " + MAX_TEXT);
            } else if (seen.add(text)) {
                questions.add(new QuestionBank.Question(0, competencyId, level, "MULTIPLE_CHOICE", text, options,
                        correct.asInt(), explanation == null || explanation.isEmpty() ? null : explanation, List.of(),
                        List.of()));
            }
        }
        for (JsonNode q : texts) {
            String text = text(q, "question");
            String reference = text(q, "referenceAnswer");
            List<String> keyPoints = strings(q.get("keyPoints"));
            if (text == null || reference == null || keyPoints == null) {
                throw new OllamaJson.InvalidOutput("a free-text question misses a field");
            }
            keyPoints = keyPoints.stream().filter(k -> !k.isEmpty()).distinct().toList();
            if (keyPoints.isEmpty() || keyPoints.size() > 10) {
                rejected.add(keyPoints.size() + " key points");
            } else if (!fits(text) || !fits(reference) || keyPoints.stream().anyMatch(k -> k.length() > MAX_TEXT)) {
                rejected.add("a text blank or longer than " + MAX_TEXT);
            } else if (seen.add(text)) {
                questions.add(new QuestionBank.Question(0, competencyId, level, "FREE_TEXT", text, List.of(), null,
                        null, List.of(reference), keyPoints));
            }
        }
        if (!rejected.isEmpty()) {
            log.warn("LLM questions for {} level {} dropped: {}", competencyId, level, rejected);
        }
        return List.copyOf(questions);
    }

    private static boolean fits(String text) {
        return !text.isEmpty() && text.length() <= MAX_TEXT;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText().strip() : null;
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                return null;
            }
            values.add(v.asText().strip());
        }
        return values;
    }
}

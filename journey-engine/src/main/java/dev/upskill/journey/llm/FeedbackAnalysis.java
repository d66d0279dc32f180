package dev.upskill.journey.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.upskill.journey.steps.feedback.Direction;
import dev.upskill.journey.steps.feedback.FeedbackExtractor.CompetencyText;
import dev.upskill.journey.steps.feedback.FeedbackExtractor.FeedbackText;
import dev.upskill.journey.steps.feedback.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Gap analysis by the LLM: the findings in an employee's feedback texts (competency, direction, severity, a verbatim
 * quote), as {@link dev.upskill.journey.steps.feedback.FeedbackExtractor} finds them without one. A reply that
 * breaks the schema is refused as a whole; a finding that breaks the domain is dropped with a log line and never
 * stored: a competency id not in the tenant's framework, a feedback id not asked about, a quote that does not occur
 * verbatim in that feedback's text, a severity outside 0 to 1. Findings carry similarity 0 (not measured) and
 * severity 0 unless their direction is GAP.
 */
@Component
public class FeedbackAnalysis {

    static final String TASK = "feedback_findings";
    static final int MAX_FINDINGS = 200;
    private static final Logger log = LoggerFactory.getLogger(FeedbackAnalysis.class);
    static final String INSTRUCTIONS = """
            You analyse workplace feedback about one employee against the company's competency framework.
            For every statement in a feedback text that speaks of a competency in data.competencies, return one
            finding: feedbackId (the feedback's id), competencyId (exactly one of data.competencies[].id; never
            another), direction (GAP: the employee lacks it or should improve; STRENGTH: does it well; NEUTRAL),
            severity (0 to 1: how strongly it shows a gap; 0 unless direction is GAP) and quote (the sentence copied
            character for character from that feedback's text). Report only what the texts say.""";

    /** The findings kept, and why the others were dropped (for the log and the audit; no employee text). */
    public record Result(List<Finding> findings, List<String> rejected) {
    }

    static final JsonObjectSchema SCHEMA = JsonObjectSchema.builder()
            .addProperty("findings", JsonArraySchema.builder().items(JsonObjectSchema.builder()
                    .addProperty("feedbackId", new JsonIntegerSchema())
                    .addProperty("competencyId", new JsonStringSchema())
                    .addProperty("direction", JsonEnumSchema.builder().enumValues("GAP", "STRENGTH", "NEUTRAL").build())
                    .addProperty("severity", new JsonNumberSchema())
                    .addProperty("quote", new JsonStringSchema())
                    .required("feedbackId", "competencyId", "direction", "severity", "quote")
                    .build()).build())
            .required("findings")
            .build();

    private final OllamaJson llm;

    public FeedbackAnalysis(OllamaJson llm) {
        this.llm = llm;
    }

    public boolean enabled() {
        return llm.enabled();
    }

    /** Asks the model; see the class comment for what is kept. */
    public OllamaJson.Outcome<Result> analyze(List<FeedbackText> feedback, List<CompetencyText> competencies) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("competencies", competencies.stream().map(c -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.id());
            entry.put("name", c.name());
            entry.put("description", c.description() == null ? "" : c.description());
            return entry;
        }).toList());
        data.put("feedback", feedback.stream()
                .map(f -> Map.of("id", f.id(), "source", f.source(), "text", f.text())).toList());
        return llm.ask(TASK, INSTRUCTIONS, data, SCHEMA, json -> parse(json, feedback, competencies));
    }

    static Result parse(JsonNode json, List<FeedbackText> feedback, List<CompetencyText> competencies) {
        JsonNode items = json.get("findings");
        if (items == null || !items.isArray()) {
            throw new OllamaJson.InvalidOutput("no findings array");
        }
        if (items.size() > MAX_FINDINGS) {
            throw new OllamaJson.InvalidOutput(items.size() + " findings, more than " + MAX_FINDINGS);
        }
        Map<Long, FeedbackText> byId = feedback.stream()
                .collect(Collectors.toMap(FeedbackText::id, f -> f, (a, b) -> a, LinkedHashMap::new));
        Set<String> framework = competencies.stream().map(CompetencyText::id).collect(Collectors.toSet());
        List<Finding> findings = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode id = item.get("feedbackId");
            JsonNode competency = item.get("competencyId");
            JsonNode direction = item.get("direction");
            JsonNode severity = item.get("severity");
            JsonNode quote = item.get("quote");
            if (id == null || !id.canConvertToLong() || competency == null || !competency.isTextual()
                    || direction == null || !direction.isTextual() || severity == null || !severity.isNumber()
                    || quote == null || !quote.isTextual()) {
                throw new OllamaJson.InvalidOutput("a finding misses a field or has one of the wrong type");
            }
            Direction parsed;
            try {
                parsed = Direction.valueOf(direction.asText());
            } catch (IllegalArgumentException e) {
                throw new OllamaJson.InvalidOutput("direction " + direction.asText() + " is not GAP, STRENGTH or NEUTRAL");
            }
            FeedbackText source = byId.get(id.asLong());
            String text = quote.asText().strip();
            if (source == null) {
                rejected.add("unknown feedback id " + id.asLong());
            } else if (!framework.contains(competency.asText())) {
                rejected.add("unknown competency id " + abbreviate(competency.asText()));
            } else if (severity.asDouble() < 0 || severity.asDouble() > 1) {
                rejected.add("severity " + severity.asDouble() + " outside 0 to 1");
            } else if (text.isEmpty() || !source.text().contains(text)) {
                rejected.add("quote not verbatim in feedback " + source.id());
            } else {
                double gap = parsed == Direction.GAP ? Math.round(severity.asDouble() * 1000) / 1000.0 : 0;
                findings.add(new Finding(source.id(), competency.asText(), parsed, gap, 0, text, source.source()));
            }
        }
        if (!rejected.isEmpty()) {
            log.warn("LLM feedback findings dropped: {}", rejected);
        }
        return new Result(List.copyOf(findings), List.copyOf(rejected));
    }

    static String abbreviate(String value) {
        String oneLine = value.replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 60) + "...";
    }
}

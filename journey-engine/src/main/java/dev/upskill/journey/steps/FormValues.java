package dev.upskill.journey.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;

/**
 * The structured variables the assessment forms render and submit. Camunda Forms in Tasklist read objects and lists
 * only from variables of type {@code Json} (Camunda Spin) and submit a field bound to a dotted key
 * ({@code answers.choice1}) as a {@code Json} object; a worker sees it as a {@link SpinJsonNode}. Read here from that,
 * from JSON text, or from plain Java maps (tests, REST clients).
 */
final class FormValues {

    private FormValues() {
    }

    /** A Json process variable holding {@code value} (lists, maps, strings, numbers, booleans). */
    static JsonValue json(ObjectMapper json, Object value) {
        try {
            return SpinValues.jsonValue(json.writeValueAsString(value)).create();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON-serialisable: " + value, e);
        }
    }

    /** A submitted Json object (the form's answers); empty when the variable is missing or not an object. */
    static JsonNode object(ObjectMapper json, Object value) {
        try {
            JsonNode node = switch (value) {
                case null -> null;
                case SpinJsonNode spin -> json.readTree(spin.toString());
                case String text -> text.isBlank() ? null : json.readTree(text);
                default -> json.valueToTree(value);
            };
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    /** A field of a submitted object as text; null when missing or null. */
    static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}

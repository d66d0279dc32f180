package dev.upskill.journey.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.camunda.spin.json.SpinJsonNode;
import org.camunda.spin.plugin.variable.SpinValues;
import org.camunda.spin.plugin.variable.value.JsonValue;

/**
 * The lists the assessment forms render and submit. Camunda Forms in Tasklist read a list only from a variable of
 * type {@code Json} (Camunda Spin) and submit the edited list as {@code Json} again; a worker sees it as a
 * {@link SpinJsonNode}. Read here from that, from JSON text, or from plain Java lists and maps (tests, REST clients).
 */
final class FormLists {

    private FormLists() {
    }

    /** A Json process variable holding {@code value} (lists, maps, strings, numbers, booleans). */
    static JsonValue json(ObjectMapper json, Object value) {
        try {
            return SpinValues.jsonValue(json.writeValueAsString(value)).create();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON-serialisable: " + value, e);
        }
    }

    /** The objects of a submitted list; empty when the variable is missing or not a list. */
    static List<JsonNode> objects(ObjectMapper json, Object value) {
        JsonNode node;
        try {
            node = switch (value) {
                case null -> null;
                case SpinJsonNode spin -> json.readTree(spin.toString());
                case String text -> text.isBlank() ? null : json.readTree(text);
                default -> json.valueToTree(value);
            };
        } catch (JsonProcessingException e) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(item -> items.add(item.isObject() ? item : json.createObjectNode()));
        }
        return items;
    }

    /** A field of a submitted item as text; null when missing or null. */
    static String text(JsonNode item, String field) {
        JsonNode value = item.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }
}

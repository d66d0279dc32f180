package dev.upskill.journey.steps;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Reads what a person typed or ticked in a Tasklist form: lists of ids arrive as text or as a list. */
final class ReviewInputs {

    private ReviewInputs() {
    }

    /** Ids from a comma, semicolon or whitespace separated text, or from a list; blanks dropped, order kept. */
    static List<String> ids(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().filter(Objects::nonNull).map(Object::toString).map(String::strip)
                    .filter(s -> !s.isEmpty()).distinct().toList();
        }
        return Arrays.stream(value.toString().split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty())
                .distinct().toList();
    }

    /** A single id, or null when blank. */
    static String id(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }
}

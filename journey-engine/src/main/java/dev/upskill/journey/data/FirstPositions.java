package dev.upskill.journey.data;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static dev.upskill.journey.data.Fields.quoted;

/**
 * Where each id of a request's list was first sent, so a repeat is refused naming both positions
 * ({@code roles[4].id: "r-1" sent twice (also roles[1])}).
 */
final class FirstPositions {

    private final String list;
    private final Map<String, Integer> positions = new HashMap<>();

    /** @param list the list's field name, e.g. {@code roles} */
    FirstPositions(String list) {
        this.list = list;
    }

    /** Records {@code id} at position {@code i}. @throws InvalidDataException naming {@code field} on a repeat */
    void claim(String id, int i, String field) {
        Integer first = positions.putIfAbsent(id, i);
        if (first != null) {
            throw new InvalidDataException(field, quoted(id) + " sent twice (also " + list + "[" + first + "])");
        }
    }

    /** The ids claimed so far. */
    Set<String> ids() {
        return positions.keySet();
    }
}

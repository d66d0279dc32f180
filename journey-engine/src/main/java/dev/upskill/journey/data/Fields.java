package dev.upskill.journey.data;

import java.util.regex.Pattern;

/** Checks of single values against the company schema's limits; each failure names the field. */
public final class Fields {

    static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_ID = 128;
    static final int MAX_LONG_TEXT = 10_000;
    static final int MAX_URI = 2_048;

    private Fields() {
    }

    public static String tenantId(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidDataException("tenant_id", "required");
        }
        if (!TENANT_ID.matcher(value).matches()) {
            throw new InvalidDataException("tenant_id",
                    "1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        return value;
    }

    /** A required id: 1 to 128 characters, not blank, no control characters. */
    public static String id(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidDataException(field, "required (not blank)");
        }
        return optionalId(field, value);
    }

    /** An optional id: empty (returned as null) or a valid id. */
    static String optionalId(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidDataException(field, "blank");
        }
        if (value.length() > MAX_ID) {
            throw new InvalidDataException(field, "at most " + MAX_ID + " characters, was " + value.length());
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidDataException(field, "contains a control character");
        }
        return value;
    }

    /** A required text of 1 to max characters, not blank. */
    public static String name(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidDataException(field, "required (not blank)");
        }
        return text(field, value, max);
    }

    /** An optional text of 0 to max characters; empty is returned as null. */
    static String text(String field, String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > max) {
            throw new InvalidDataException(field, "at most " + max + " characters, was " + value.length());
        }
        return value;
    }

    static String actor(String value) {
        String actor = text("actor", value, 200);
        return actor == null || actor.isBlank() ? "journey-service" : actor;
    }

    public static String quoted(String value) {
        return '"' + value + '"';
    }
}

package dev.upskill.journey.data;

/**
 * Input the company schema cannot take: a blank or too long field, a value out of range, a reference an import cannot
 * resolve, a cycle. The message starts with the field at fault, e.g. {@code employees[3].team_id: unknown team "t-9"}.
 * The API answers it INVALID_ARGUMENT.
 */
public final class InvalidDataException extends RuntimeException {

    public InvalidDataException(String field, String problem) {
        super(field + ": " + problem, null, false, false);
    }
}

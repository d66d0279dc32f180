package dev.upskill.journey.data;

/**
 * A request (not an import) names an entity the tenant does not have. The message starts with the field, e.g.
 * {@code employee_id: unknown employee "e-1"}. The API answers it NOT_FOUND.
 */
public final class UnknownEntityException extends RuntimeException {

    public UnknownEntityException(String field, String problem) {
        super(field + ": " + problem, null, false, false);
    }
}

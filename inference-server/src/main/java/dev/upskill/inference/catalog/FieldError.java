package dev.upskill.inference.catalog;

/**
 * What is wrong with one field of a request item.
 *
 * @param field the field, relative to the item ("title", "competency_ids[3]")
 * @param message the problem, naming the limit where one applies
 */
record FieldError(String field, String message) {
}

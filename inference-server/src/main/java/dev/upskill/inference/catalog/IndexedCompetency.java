package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.Competency;

/**
 * A competency of a tenant's framework as a catalog index holds it.
 *
 * @param competency the competency as sent
 * @param vector its unit-length embedding of name and description (what courses are tagged against)
 */
public record IndexedCompetency(Competency competency, float[] vector) {

    public String id() {
        return competency.getId();
    }
}

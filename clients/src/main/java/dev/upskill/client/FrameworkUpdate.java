package dev.upskill.client;

/**
 * How an UpsertCompetencies call changes a tenant's framework (the first message's flags).
 *
 * @param replaceFramework the framework becomes exactly the competencies sent: the others are deleted
 * @param retagCourses every course of the tenant is re-tagged against the updated framework before the call
 *     returns (slow for a large catalog: give the call a generous deadline)
 */
public record FrameworkUpdate(boolean replaceFramework, boolean retagCourses) {

    /** Adds or replaces the competencies sent, keeps the others, re-tags nothing. */
    public static FrameworkUpdate merge() {
        return new FrameworkUpdate(false, false);
    }
}

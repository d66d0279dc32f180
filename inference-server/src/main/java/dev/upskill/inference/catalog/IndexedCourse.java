package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.Course;

/**
 * A course as a catalog index holds it.
 *
 * @param course the course with the server's fields set (inferred competencies, update time)
 * @param vector its unit-length embedding of title and description
 * @param digest a digest of the fields the caller sent, to tell an unchanged re-send apart (see {@link CourseDigest})
 */
public record IndexedCourse(Course course, float[] vector, String digest) {

    public String id() {
        return course.getId();
    }
}

package dev.upskill.inference.catalog;

import dev.upskill.proto.v1.Course;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Digests of what a caller sent for a course, so that re-sending an unchanged course is recognised and not
 * re-embedded. The digest also covers the tenant's framework, so a course re-sent after a framework change is
 * re-tagged.
 */
final class CourseDigest {

    private CourseDigest() {
    }

    /** Digest of the caller's fields of {@code course} (server fields ignored) under a framework stamp. */
    static String of(Course course, String frameworkStamp) {
        Course sent = course.toBuilder().clearInferredCompetencies().clearUpdatedAt().build();
        MessageDigest sha = sha256();
        sha.update(sent.toByteArray()); // no map fields: the encoding is deterministic
        sha.update(frameworkStamp.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

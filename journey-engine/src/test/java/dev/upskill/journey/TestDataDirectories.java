package dev.upskill.journey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Embedded PostgreSQL data directories for test application contexts, under {@code target/test-postgres/} (Spring
 * keeps a test's context open until the JVM exits, so they are left for {@code mvn clean}).
 */
public final class TestDataDirectories {

    private TestDataDirectories() {
    }

    /** A new, empty directory whose name starts with {@code prefix}. */
    public static Path create(String prefix) {
        try {
            Path base = Files.createDirectories(Path.of("target", "test-postgres"));
            return Files.createTempDirectory(base.toAbsolutePath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

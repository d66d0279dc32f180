package dev.upskill.benchmarks.catalog;

import dev.upskill.client.catalog.JsonLinesReader;
import dev.upskill.client.catalog.Parsed;
import dev.upskill.proto.v1.Competency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a competency framework (JSON lines of {@code upskill.v1.Competency}), by default the demo company's:
 * the classpath resource {@value #RESOURCE} (in the inference server's jar, so in benchmarks.jar), or when
 * that is missing the same file in the source tree, {@link #SOURCE_PATH} relative to the working directory.
 */
final class DemoFramework {

    static final String RESOURCE = "dev/upskill/inference/demo/framework.jsonl";
    static final Path SOURCE_PATH = Path.of("inference-server/src/main/resources", RESOURCE);

    private DemoFramework() {
    }

    /**
     * The framework in {@code file}, or the demo framework when {@code file} is null.
     *
     * @throws IllegalArgumentException when a line is not a competency or no framework is found
     */
    static List<Competency> load(Path file) throws IOException {
        if (file != null) {
            try (BufferedReader in = JsonLinesReader.open(file)) {
                return read(in, file.toString());
            }
        }
        InputStream resource = DemoFramework.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (resource != null) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(resource, StandardCharsets.UTF_8))) {
                return read(in, "classpath:" + RESOURCE);
            }
        }
        if (Files.isRegularFile(SOURCE_PATH)) {
            return load(SOURCE_PATH);
        }
        throw new IllegalArgumentException("no framework: " + RESOURCE + " is not on the classpath and "
                + SOURCE_PATH + " does not exist here; pass --framework FILE");
    }

    private static List<Competency> read(BufferedReader in, String source) throws IOException {
        List<Competency> framework = new ArrayList<>();
        try (var reader = JsonLinesReader.competencies(in)) {
            while (reader.hasNext()) {
                switch (reader.next()) {
                    case Parsed.Valid<Competency> valid -> framework.add(valid.value());
                    case Parsed.Invalid<Competency> invalid ->
                            throw new IllegalArgumentException(source + ": " + invalid);
                }
            }
        }
        if (framework.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no competencies");
        }
        return framework;
    }
}

package dev.upskill.inference.prediction;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.upskill.proto.v1.AssignmentModelInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Versioned model artifacts on disk: {@code <dir>/<version>/} holds {@code model.bin} (imputation, snapping
 * and the compiled forest), {@code features.json}, {@code metrics.json} (the {@code AssignmentModelInfo},
 * test and cross-validation metrics included) and {@code provenance.json}; {@code <dir>/CURRENT} names the
 * serving version and is replaced atomically.
 */
public final class ModelStore {

    private static final String CURRENT = "CURRENT";

    /** A model with its description. */
    public record Stored(AssignmentModel model, AssignmentModelInfo info) {
    }

    private final Path directory;

    public ModelStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** The serving model named by {@code CURRENT}, if any; fails when its files are damaged. */
    public Optional<Stored> loadCurrent() {
        Path current = directory.resolve(CURRENT);
        if (!Files.exists(current)) {
            return Optional.empty();
        }
        try {
            String version = Files.readString(current).strip();
            Path folder = directory.resolve(version);
            AssignmentModel model = AssignmentModel.read(new ByteArrayInputStream(
                    Files.readAllBytes(folder.resolve("model.bin"))));
            if (!model.version().equals(version)) {
                throw new IOException("model file of " + version + " hashes to " + model.version());
            }
            AssignmentModelInfo.Builder info = AssignmentModelInfo.newBuilder();
            JsonFormat.parser().merge(Files.readString(folder.resolve("metrics.json")), info);
            return Optional.of(new Stored(model, info.build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the assignment model from " + directory, e);
        }
    }

    /** Writes a version's artifacts (not yet serving). */
    public void save(AssignmentModel model, AssignmentModelInfo info, String provenanceJson) {
        Path folder = directory.resolve(model.version());
        try {
            Files.createDirectories(folder);
            write(folder.resolve("model.bin"), model.bytes());
            write(folder.resolve("features.json"), AssignmentFeature.names().stream()
                    .map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "[", "]\n"))
                    .getBytes(StandardCharsets.UTF_8));
            write(folder.resolve("metrics.json"), JsonFormat.printer().print(info).getBytes(StandardCharsets.UTF_8));
            write(folder.resolve("provenance.json"), provenanceJson.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the assignment model to " + folder, e);
        }
    }

    /** Makes {@code version} the serving one (atomic rename of {@code CURRENT}). */
    public void makeCurrent(String version) {
        try {
            write(directory.resolve(CURRENT), (version + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + directory.resolve(CURRENT), e);
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

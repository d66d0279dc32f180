package dev.upskill.inference.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where a sentence-transformer's ONNX weights and {@code tokenizer.json} come from: one of the bundled
 * all-MiniLM-L6-v2 variants (classpath resources of the model jars), or a directory holding any
 * sentence-transformer exported to ONNX.
 *
 * @param name stable model name reported in every response
 * @param weights opens the ONNX weights
 * @param tokenizer opens the tokenizer.json
 * @param maxTokens the model's maximum sequence length, [CLS] and [SEP] included
 */
public record ModelSource(String name, Opener weights, Opener tokenizer, int maxTokens) {

    /** Opens a fresh stream over a model file. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** all-MiniLM-L6-v2's sentence-transformers configuration truncates at 256 tokens. */
    public static final int MINILM_MAX_TOKENS = 256;

    public ModelSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens must leave room for [CLS], a token and [SEP]: " + maxTokens);
        }
    }

    /** The int8-quantized all-MiniLM-L6-v2 bundled with the server (the default). */
    public static ModelSource quantizedMiniLm() {
        return bundled("all-MiniLM-L6-v2-quantized", "all-minilm-l6-v2-q");
    }

    /** The full-precision all-MiniLM-L6-v2 bundled with the server. */
    public static ModelSource fullMiniLm() {
        return bundled("all-MiniLM-L6-v2", "all-minilm-l6-v2");
    }

    /**
     * A sentence-transformer exported to ONNX in {@code dir}: exactly one {@code *.onnx} file (or
     * {@code model.onnx}) and a {@code tokenizer.json} (or one {@code *tokenizer.json}).
     */
    public static ModelSource directory(Path dir, int maxTokens) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model.path is not a directory: " + dir);
        }
        Path onnx = pick(dir, "model.onnx", ".onnx");
        Path tokenizer = pick(dir, "tokenizer.json", "tokenizer.json");
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        return new ModelSource(name, () -> Files.newInputStream(onnx), () -> Files.newInputStream(tokenizer), maxTokens);
    }

    /** Resolves a configured variant: {@code quantized}, {@code full}, or a directory path. */
    public static ModelSource resolve(String variant, Path directory, int maxTokens) {
        if (directory != null) {
            return directory(directory, maxTokens);
        }
        return switch (variant.toLowerCase(Locale.ROOT)) {
            case "quantized" -> quantizedMiniLm();
            case "full" -> fullMiniLm();
            default -> throw new IllegalArgumentException(
                    "model.variant must be 'quantized' or 'full' (or set model.path), got '" + variant + "'");
        };
    }

    /** First 12 hex digits of the SHA-256 of the weights: equal versions mean the same artifact. */
    public String version() {
        try (InputStream in = new DigestInputStream(weights.open(), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model weights of " + name, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private static ModelSource bundled(String name, String resourceStem) {
        ClassLoader loader = ModelSource.class.getClassLoader();
        return new ModelSource(name,
                () -> resource(loader, resourceStem + ".onnx"),
                () -> resource(loader, resourceStem + "-tokenizer.json"),
                MINILM_MAX_TOKENS);
    }

    private static InputStream resource(ClassLoader loader, String path) throws IOException {
        InputStream in = loader.getResourceAsStream(path);
        if (in == null) {
            throw new IOException("model resource " + path + " is not on the classpath (is its model jar missing?)");
        }
        return in;
    }

    private static Path pick(Path dir, String exact, String suffix) {
        Path preferred = dir.resolve(exact);
        if (Files.isRegularFile(preferred)) {
            return preferred;
        }
        try (Stream<Path> files = Files.list(dir)) {
            var matches = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (matches.size() != 1) {
                throw new IllegalArgumentException(
                        "model.path " + dir + " must hold exactly one *" + suffix + " file, found " + matches.size());
            }
            return matches.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model.path " + dir, e);
        }
    }
}

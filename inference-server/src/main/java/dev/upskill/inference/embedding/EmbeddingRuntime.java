package dev.upskill.inference.embedding;

import dev.upskill.inference.rpc.RejectedWorkException;
import dev.upskill.inference.rpc.RejectedWorkException.Reason;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The embedding model's life cycle: absent while it loads and warms up, then serving through a
 * {@link EmbeddingBatcher}, then draining on close. Callers ask for the batcher on each call, so a call
 * that arrives before the model is ready is refused ({@link Reason#NOT_READY}) instead of waiting.
 */
public final class EmbeddingRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingRuntime.class);

    private final EmbeddingBatcher.Settings settings;
    private final MeterRegistry registry;
    private volatile TextEncoder encoder;
    private volatile EmbeddingBatcher batcher;

    public EmbeddingRuntime(EmbeddingBatcher.Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    /** Loads the model, runs it at every batch size it will see so that the first calls are not slow, serves. */
    public void load(Supplier<? extends TextEncoder> loader) {
        long start = System.nanoTime();
        TextEncoder loaded = loader.get();
        warmUp(loaded, settings.maxBatchSize());
        encoder = loaded;
        batcher = new EmbeddingBatcher(loaded, settings, registry);
        log.info("embedding model {} (version {}, {} dimensions) ready in {} ms", loaded.name(), loaded.version(),
                loaded.dimensions(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The serving batcher. @throws RejectedWorkException NOT_READY while the model loads */
    public EmbeddingBatcher batcher() {
        EmbeddingBatcher current = batcher;
        if (current == null) {
            throw new RejectedWorkException(Reason.NOT_READY, "the embedding model is loading; retry shortly");
        }
        return current;
    }

    /**
     * The loaded model, for a component that needs its own runs of it (grading embeds one text per run so that a
     * text's vector never depends on the texts it shares a run with). @throws RejectedWorkException NOT_READY
     */
    public TextEncoder encoder() {
        TextEncoder current = encoder;
        if (current == null) {
            throw new RejectedWorkException(Reason.NOT_READY, "the embedding model is loading; retry shortly");
        }
        return current;
    }

    private static void warmUp(TextEncoder encoder, int maxBatch) {
        try (TextEncoder.Runner runner = encoder.newRunner()) {
            for (int size = 1; size <= maxBatch; size *= 2) {
                List<String> texts = new ArrayList<>(Collections.nCopies(size,
                        "Warm-up sentence for the embedding model: competencies, courses and gaps."));
                for (int i = 0; i < 3; i++) {
                    runner.encode(texts);
                }
            }
        }
    }

    /** Drains queued work for up to {@code drain}, then frees the model. */
    public void close(Duration drain) {
        if (batcher != null) {
            batcher.close(drain);
        }
        if (encoder != null) {
            encoder.close();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}

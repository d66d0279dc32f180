package dev.upskill.inference.embedding;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sentence-transformer run by DJL on ONNX Runtime: tokenizes, runs the model on a batch padded to its
 * longest text, mean-pools and normalises. Load once; give each thread its own {@link Runner} (the tokenizer
 * and the ONNX session are thread-safe; a runner's parameter store is not).
 */
public final class SentenceEncoder implements TextEncoder {

    private final String name;
    private final String version;
    private final int maxTokens;
    private final HuggingFaceTokenizer tokenizer;
    private final Model model;
    private final MeanPooling pooling;
    private final int dimensions;
    private final OrtSession.SessionOptions sessionOptions;

    private SentenceEncoder(ModelSource source, OnnxOptions onnx)
            throws IOException, MalformedModelException, OrtException {
        this.name = source.name();
        this.version = source.version();
        this.maxTokens = source.maxTokens();
        try (InputStream in = source.tokenizer().open()) {
            // The tokenizer.json files of the bundled models pad and truncate at a fixed 128 tokens; override
            // both so that a batch is padded only to its longest text and truncation happens at the model's limit.
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                    "padding", "false",
                    "truncation", "true",
                    "maxLength", Integer.toString(maxTokens)));
        }
        this.sessionOptions = sessionOptions(onnx);
        Model loaded = Model.newInstance(name, Device.cpu(), "OnnxRuntime");
        try (InputStream in = source.weights().open()) {
            loaded.load(in, Map.of("sessionOptions", sessionOptions));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.close();
            tokenizer.close();
            sessionOptions.close();
            throw e;
        }
        this.model = loaded;
        List<String> inputs = model.describeInput().keys();
        this.pooling = new MeanPooling(inputs);
        try (Runner probe = newRunner()) {
            this.dimensions = probe.encode(List.of("warm-up")).getFirst().vector().length;
        }
    }

    private static OrtSession.SessionOptions sessionOptions(OnnxOptions onnx) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // One inter-op thread: the graph is a chain; intra-op threads parallelise each matrix product.
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setInterOpNumThreads(1);
        options.setIntraOpNumThreads(onnx.intraOpThreads());
        options.addConfigEntry("session.intra_op.allow_spinning", onnx.spinWait() ? "1" : "0");
        return options;
    }

    /** Loads the model and runs it once. */
    public static SentenceEncoder load(ModelSource source, OnnxOptions onnx) {
        try {
            return new SentenceEncoder(source, onnx);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot configure ONNX Runtime", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + source.name(), e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("model " + source.name() + " is not a valid ONNX model", e);
        }
    }

    @Override
    public Runner newRunner() {
        return new BlockRunner();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
        sessionOptions.close();
    }

    /**
     * Runs the model's DJL block directly: what a DJL {@code Predictor} does, without its translator context
     * and per-call bookkeeping, which are pure overhead on a path that runs thousands of times a second.
     */
    private final class BlockRunner implements Runner {
        private final Block block = model.getBlock();
        private final ParameterStore parameters = new ParameterStore(model.getNDManager(), false);

        @Override
        public List<TextEmbedding> encode(List<String> texts) {
            // One native call for the whole batch; without padding each encoding keeps its own length.
            TokenBatch batch = TokenBatch.of(List.of(tokenizer.batchEncode(texts)));
            float[][] vectors;
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList outputs = block.forward(parameters, pooling.inputs(manager, batch), false);
                vectors = pooling.pool(batch, outputs);
            } catch (RuntimeException e) {
                throw new IllegalStateException("model run failed for a batch of " + texts.size(), e);
            }
            List<TextEmbedding> out = new ArrayList<>(texts.size());
            for (int i = 0; i < vectors.length; i++) {
                out.add(new TextEmbedding(vectors[i], batch.tokenCounts()[i], batch.truncated()[i]));
            }
            return out;
        }

        @Override
        public void close() {
            // Nothing of its own: each run's arrays close with the run's sub-manager.
        }
    }
}

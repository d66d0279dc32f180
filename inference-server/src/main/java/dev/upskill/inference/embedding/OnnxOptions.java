package dev.upskill.inference.embedding;

/**
 * How ONNX Runtime runs the model.
 *
 * @param intraOpThreads threads used inside one model run (matrix products are split across them)
 * @param spinWait whether those threads spin between runs instead of sleeping: lower latency on an idle
 *        machine, but spinning threads take cores from the gRPC and Netty threads on a small one
 */
public record OnnxOptions(int intraOpThreads, boolean spinWait) {

    public OnnxOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1: " + intraOpThreads);
        }
    }

    /** One thread per core, no spinning (the server's defaults). */
    public static OnnxOptions defaults() {
        return new OnnxOptions(Runtime.getRuntime().availableProcessors(), false);
    }
}

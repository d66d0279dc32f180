package dev.upskill.inference.grading;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Maps an answer's signals to a share of the maximum score (0..1): a ridge regression over
 * {@link CalibrationFeatures}, fitted offline on graded answers (see {@code docs/grading.md}) and shipped as a
 * JSON resource, then clipped to 0..1. Graded examples of a question shift its predictions by their mean
 * residual, shrunk towards 0 by {@code exampleShrinkage} pseudo-examples, so 3 examples move a question's scale
 * part of the way and 30 almost all of it.
 *
 * @param version names the fit in responses ({@code meta.model})
 * @param features {@link CalibrationFeatures#NAMES} at fitting time; must match this build's
 * @param intercept the share predicted when every feature is 0
 * @param weights one per feature
 * @param exampleShrinkage pseudo-count of the prior "no shift" against the examples' mean residual
 * @param provenance what it was fitted on, and the cross-validated quality there
 */
public record Calibration(String version, List<String> features, double intercept, double[] weights,
        double exampleShrinkage, String provenance) {

    /** The fit over every signal, for languages the embedding model handles. */
    public static final String FULL = "calibration.json";
    /** The fit over the lexical signals only (semantic ones zeroed), for languages it does not. */
    public static final String LEXICAL = "calibration-lexical.json";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public Calibration {
        Objects.requireNonNull(version, "version");
        features = List.copyOf(features);
        if (!features.equals(CalibrationFeatures.NAMES)) {
            throw new IllegalArgumentException("calibration " + version + " was fitted on features " + features
                    + ", this grader computes " + CalibrationFeatures.NAMES);
        }
        if (weights.length != features.size()) {
            throw new IllegalArgumentException("calibration " + version + ": " + weights.length + " weights for "
                    + features.size() + " features");
        }
        weights = weights.clone();
    }

    /** A calibration shipped with the server: {@link #FULL} or {@link #LEXICAL}. */
    public static Calibration shipped(String resource) {
        try (InputStream in = Calibration.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the file does not fit this grader (see the constructor) */
    public static Calibration fromJson(String json) {
        try {
            return GSON.fromJson(json, Calibration.class);
        } catch (RuntimeException e) {
            // Gson wraps what the record's constructor throws; the constructor's message is the useful one.
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw e;
        }
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    /** The share of the maximum score, unclipped. */
    double raw(AnswerSignals signals) {
        double[] x = CalibrationFeatures.of(signals);
        double y = intercept;
        for (int i = 0; i < x.length; i++) {
            y += weights[i] * x[i];
        }
        return y;
    }

    /** The share of the maximum score, 0..1. */
    public double share(AnswerSignals signals) {
        return clip(raw(signals));
    }

    /** How far a question's examples move its predictions: their shrunk mean residual, in shares. */
    double exampleShift(double[] predictedShares, double[] gradedShares) {
        int k = predictedShares.length;
        if (k == 0) {
            return 0;
        }
        double residual = 0;
        for (int i = 0; i < k; i++) {
            residual += gradedShares[i] - predictedShares[i];
        }
        return residual / (k + exampleShrinkage);
    }

    static double clip(double share) {
        return Math.max(0, Math.min(1, share));
    }
}

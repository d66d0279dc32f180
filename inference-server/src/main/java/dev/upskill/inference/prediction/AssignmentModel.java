package dev.upskill.inference.prediction;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A servable model: the imputation, the snapping and the compiled forest, with what is known about its
 * training. Immutable; a prediction call holds one instance from start to end.
 */
public final class AssignmentModel {

    private static final int FORMAT = 1;

    private final Imputer imputer;
    private final Quantizer quantizer;
    private final CompiledForest forest;
    private final PackedForest packed;
    private final byte[] bytes;
    private final String version;

    public AssignmentModel(Imputer imputer, Quantizer quantizer, CompiledForest forest) {
        this.imputer = imputer;
        this.quantizer = quantizer;
        this.forest = forest;
        this.packed = PackedForest.of(forest, quantizer);
        this.bytes = serialize(imputer, quantizer, forest);
        this.version = sha256(bytes).substring(0, 12);
    }

    /** Probability of success of a raw row (NaN = missing). */
    public double probability(double[] raw) {
        return packed.probability(packed.ordinals(imputer.apply(raw)));
    }

    /** Probabilities of imputed rows, computed tree by tree (faster than one row at a time for many rows). */
    public double[] probabilitiesOfImputed(double[][] imputed) {
        int[][] ordinals = new int[imputed.length][];
        for (int i = 0; i < imputed.length; i++) {
            ordinals[i] = packed.ordinals(imputed[i]);
        }
        double[] out = new double[imputed.length];
        packed.probabilities(ordinals, out);
        return out;
    }

    /** Probability of success of an imputed row. */
    public double probabilityOfImputed(double[] imputed) {
        return packed.probability(packed.ordinals(imputed));
    }

    /**
     * Probability of an imputed row, with each feature's contribution added into {@code contributions}
     * (length 11, zeroed): probability = {@code forest().baseProbability()} + their sum.
     */
    public double explainImputed(double[] imputed, double[] contributions) {
        return packed.explain(packed.ordinals(imputed), contributions);
    }

    /** The serving layout of {@link #forest()}. */
    PackedForest packed() {
        return packed;
    }

    public Imputer imputer() {
        return imputer;
    }

    public Quantizer quantizer() {
        return quantizer;
    }

    public CompiledForest forest() {
        return forest;
    }

    /** First 12 hex digits of the SHA-256 of the model file. */
    public String version() {
        return version;
    }

    /** The model file's content. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public static AssignmentModel read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("unknown model format " + format);
        }
        int features = in.readInt();
        if (features != AssignmentFeature.COUNT) {
            throw new IOException("model has " + features + " features, expected " + AssignmentFeature.COUNT);
        }
        double[] fill = new double[features];
        for (int f = 0; f < features; f++) {
            fill[f] = in.readDouble();
        }
        double[][] cuts = new double[features][];
        for (int f = 0; f < features; f++) {
            cuts[f] = new double[in.readInt()];
            for (int i = 0; i < cuts[f].length; i++) {
                cuts[f][i] = in.readDouble();
            }
        }
        CompiledForest forest = CompiledForest.read(in);
        return new AssignmentModel(new Imputer(fill), new Quantizer(cuts), forest);
    }

    private static byte[] serialize(Imputer imputer, Quantizer quantizer, CompiledForest forest) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(FORMAT);
            out.writeInt(AssignmentFeature.COUNT);
            for (double v : imputer.fill()) {
                out.writeDouble(v);
            }
            for (double[] c : quantizer.cuts()) {
                out.writeInt(c.length);
                for (double v : c) {
                    out.writeDouble(v);
                }
            }
            forest.write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

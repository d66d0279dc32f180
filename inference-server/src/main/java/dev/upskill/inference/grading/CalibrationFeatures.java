package dev.upskill.inference.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * The calibration's inputs: each {@link AnswerSignals} feature, its square (the score does not grow linearly
 * with similarity: the top of the scale is reached before the signals max out), the product of semantic
 * similarity and new-term recall (agreement of the two families of signals), and the square roots of the
 * recalls (the first reference terms an answer gets matter most).
 */
public final class CalibrationFeatures {

    /** Names of {@link #of}'s values, in order: the keys of the calibration file. */
    public static final List<String> NAMES = names();

    private CalibrationFeatures() {
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>(List.of(AnswerSignals.FEATURES));
        for (String f : AnswerSignals.FEATURES) {
            names.add(f + "^2");
        }
        names.add("semantic*newRecall");
        names.add("sqrt(recall)");
        names.add("sqrt(newRecall)");
        return List.copyOf(names);
    }

    static double[] of(AnswerSignals s) {
        double[] base = s.features();
        double[] out = new double[NAMES.size()];
        System.arraycopy(base, 0, out, 0, base.length);
        for (int i = 0; i < base.length; i++) {
            out[base.length + i] = base[i] * base[i];
        }
        int at = 2 * base.length;
        out[at++] = s.semantic() * s.newRecall();
        out[at++] = Math.sqrt(s.recall());
        out[at] = Math.sqrt(s.newRecall());
        return out;
    }
}

package dev.upskill.inference.grading;

import java.util.Set;

/** Set overlaps between analysed texts: the lexical signals. */
final class Overlap {

    private Overlap() {
    }

    /** Share of {@code wanted} that {@code have} contains; 0 when nothing is wanted. */
    static double recall(Set<String> wanted, Set<String> have) {
        if (wanted.isEmpty()) {
            return 0;
        }
        int hit = 0;
        for (String t : wanted) {
            if (have.contains(t)) {
                hit++;
            }
        }
        return (double) hit / wanted.size();
    }

    /**
     * Like {@link #recall} but ignoring the terms in {@code ignored} (the question's words: an answer gets no
     * credit for repeating them). When every wanted term is ignored, plain recall.
     */
    static double recallWithout(Set<String> wanted, Set<String> have, Set<String> ignored) {
        int wantedCount = 0;
        int hit = 0;
        for (String t : wanted) {
            if (!ignored.contains(t)) {
                wantedCount++;
                if (have.contains(t)) {
                    hit++;
                }
            }
        }
        return wantedCount == 0 ? recall(wanted, have) : (double) hit / wantedCount;
    }
}

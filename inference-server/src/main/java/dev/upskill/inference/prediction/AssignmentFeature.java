package dev.upskill.inference.prediction;

import java.util.List;
import java.util.Locale;

/**
 * The 11 model inputs, in the model's input order (the field order of {@code AssignmentFeatures}). A row is a
 * {@code double[11]} in this order; {@link Double#NaN} marks a missing value. Categories are coded by their
 * proto enum number (availability: available 1, busy 2, limited 3; priority: low 1 .. critical 4).
 */
public enum AssignmentFeature {
    EMP_EXPERIENCE_YEARS(0, 20, null),
    EMP_WORKLOAD_RATIO(0, 1, null),
    EMP_PERFORMANCE_RATING(0, 5, null),
    EMP_ACTIVE_TASKS(0, 1000, null),
    EMP_AVAILABILITY(1, 3, List.of("available", "busy", "limited")),
    TASK_PRIORITY(1, 4, List.of("low", "medium", "high", "critical")),
    TASK_COMPLEXITY_SCORE(1, 5, null),
    TASK_ESTIMATED_HOURS(0, 10_000, null),
    TASK_URGENCY_SCORE(0, 1, null),
    SKILL_MATCH_SCORE(0, 1, null),
    WORKLOAD_COMPATIBILITY(0, 1, null);

    public static final int COUNT = 11;
    private static final AssignmentFeature[] ALL = values();

    private final double min;
    private final double max;
    private final List<String> categories;

    AssignmentFeature(double min, double max, List<String> categories) {
        this.min = min;
        this.max = max;
        this.categories = categories;
    }

    public static AssignmentFeature at(int index) {
        return ALL[index];
    }

    /** The name used on the wire, in CSV headers and in factors, e.g. {@code skill_match_score}. */
    public String featureName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean categorical() {
        return categories != null;
    }

    /** Lower-case category words in code order (code = index + 1); empty for a numeric feature. */
    public List<String> categories() {
        return categories == null ? List.of() : categories;
    }

    /** The code of a lower-case category word, or -1 when unknown. */
    public int categoryCode(String word) {
        int i = categories().indexOf(word.toLowerCase(Locale.ROOT));
        return i < 0 ? -1 : i + 1;
    }

    /** Why {@code value} is not acceptable, or null when it is (NaN = missing is acceptable). */
    public String problem(double value) {
        if (Double.isNaN(value)) {
            return null;
        }
        if (Double.isInfinite(value)) {
            return "must be finite";
        }
        if (value < min || value > max) {
            return "must be in " + fmt(min) + ".." + fmt(max) + ", was " + fmt(value);
        }
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    public static List<String> names() {
        return java.util.Arrays.stream(ALL).map(AssignmentFeature::featureName).toList();
    }
}

package dev.upskill.inference.prediction;

import dev.upskill.inference.rpc.Statuses;
import dev.upskill.proto.v1.AssignmentFeatures;
import dev.upskill.proto.v1.EmployeeAvailability;
import dev.upskill.proto.v1.TaskPriority;

/**
 * Turns {@link AssignmentFeatures} into a model row (NaN = missing) and back into names, following the
 * contract: unset, UNSPECIFIED and unknown enum numbers are missing (imputed); NaN, infinite and
 * out-of-range numbers are INVALID_ARGUMENT naming the field.
 */
public final class FeatureCodec {

    private FeatureCodec() {
    }

    /**
     * @param field the path of {@code features} in the request, e.g. {@code pair.features}, for error messages
     */
    public static double[] row(AssignmentFeatures f, String field) {
        double[] row = new double[AssignmentFeature.COUNT];
        row[0] = given(f.hasEmpExperienceYears(), f.getEmpExperienceYears(), 0, field);
        row[1] = given(f.hasEmpWorkloadRatio(), f.getEmpWorkloadRatio(), 1, field);
        row[2] = given(f.hasEmpPerformanceRating(), f.getEmpPerformanceRating(), 2, field);
        row[3] = f.hasEmpActiveTasks() ? f.getEmpActiveTasks() : Double.NaN;
        row[4] = f.hasEmpAvailability() ? known(f.getEmpAvailabilityValue(), 3) : Double.NaN;
        row[5] = f.hasTaskPriority() ? known(f.getTaskPriorityValue(), 4) : Double.NaN;
        row[6] = given(f.hasTaskComplexityScore(), f.getTaskComplexityScore(), 6, field);
        row[7] = given(f.hasTaskEstimatedHours(), f.getTaskEstimatedHours(), 7, field);
        row[8] = given(f.hasTaskUrgencyScore(), f.getTaskUrgencyScore(), 8, field);
        row[9] = given(f.hasSkillMatchScore(), f.getSkillMatchScore(), 9, field);
        row[10] = given(f.hasWorkloadCompatibility(), f.getWorkloadCompatibility(), 10, field);
        check(row, field);
        return row;
    }

    /** A sent value (NaN is INVALID_ARGUMENT: only an unset field is missing), or NaN when unset. */
    private static double given(boolean has, double value, int feature, String field) {
        if (!has) {
            return Double.NaN;
        }
        if (Double.isNaN(value)) {
            throw Statuses.invalidArgument(field + "." + AssignmentFeature.at(feature).featureName(),
                    "must be finite");
        }
        return value;
    }

    /** INVALID_ARGUMENT for the first non-finite or out-of-range value. */
    public static void check(double[] row, String field) {
        for (int i = 0; i < row.length; i++) {
            String problem = AssignmentFeature.at(i).problem(row[i]);
            if (problem != null) {
                throw Statuses.invalidArgument(field + "." + AssignmentFeature.at(i).featureName(), problem);
            }
        }
    }

    private static double known(int number, int max) {
        return number >= 1 && number <= max ? number : Double.NaN;
    }

    /** The enum value name of a category code, e.g. {@code EMPLOYEE_AVAILABILITY_BUSY}. */
    public static String categoryName(int feature, double code) {
        int c = (int) code;
        return switch (AssignmentFeature.at(feature)) {
            case EMP_AVAILABILITY -> EmployeeAvailability.forNumber(c).name();
            case TASK_PRIORITY -> TaskPriority.forNumber(c).name();
            default -> throw new IllegalArgumentException("not categorical: " + feature);
        };
    }
}

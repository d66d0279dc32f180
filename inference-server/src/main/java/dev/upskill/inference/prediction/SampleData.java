package dev.upskill.inference.prediction;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic employee/task pairs with outcomes, for a fresh install (the first model) and for tests. The same
 * seed gives the same rows.
 *
 * <p>Generative process, per row (N = normal, U = uniform on 0..1, clamp to each feature's range):
 * <ol>
 *   <li>emp_experience_years = min(20, exponential with mean 6), rounded to 0.5;
 *       emp_performance_rating = clamp(N(3.4, 0.8)) rounded to 0.1;
 *       emp_active_tasks = floor(exponential with mean 4), at most 30;
 *       emp_workload_ratio = clamp(0.08 * active_tasks + N(0.2, 0.15)).</li>
 *   <li>emp_availability: when workload &lt; 0.5, available / limited / busy with 0.7 / 0.2 / 0.1, otherwise
 *       0.2 / 0.4 / 0.4.</li>
 *   <li>task_priority: low / medium / high / critical with 0.25 / 0.4 / 0.25 / 0.1;
 *       task_complexity_score = 1 + 4U rounded to 0.1;
 *       task_estimated_hours = exp(N(ln(6 * complexity), 0.6)) rounded to 0.5, at most 10,000;
 *       task_urgency_score = clamp(0.15 * priority code + N(0, 0.15)).</li>
 *   <li>skill_match_score = clamp(N(0.6, 0.2)); workload_compatibility =
 *       clamp(1 - 0.8 * workload - hours / 400 + N(0, 0.1)).</li>
 *   <li>success ~ Bernoulli(sigmoid(z)) with z = 0.3 + 3.0 (skill - 0.6) + 0.9 (performance - 3.4)
 *       + 0.08 (experience - 6) - 1.5 (workload - 0.5) + 1.5 (compatibility - 0.5)
 *       - 0.5 (complexity - 3)(1 - skill) - 0.05 (active_tasks - 4) + {available 0.4, limited 0, busy -0.7}
 *       - 0.8 urgency [busy only] - 0.3 [critical only].</li>
 *   <li>Each feature value is then missing with probability {@code missingRate} (the label never is).</li>
 * </ol>
 * The label depends on 9 of the 11 features (task_estimated_hours and task_priority act through
 * compatibility and urgency), with noise: a perfect model reaches a ROC-AUC of about 0.8.
 */
public final class SampleData {

    private SampleData() {
    }

    public static List<LabelledRow> generate(int rows, long seed, double missingRate) {
        Random r = new Random(seed);
        List<LabelledRow> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double experience = Math.min(20, round(-6 * Math.log(1 - r.nextDouble()), 0.5));
            double performance = round(clamp(3.4 + 0.8 * r.nextGaussian(), 0, 5), 0.1);
            int active = (int) Math.min(30, Math.floor(-4 * Math.log(1 - r.nextDouble())));
            double workload = clamp(0.08 * active + 0.2 + 0.15 * r.nextGaussian(), 0, 1);
            double u = r.nextDouble();
            int availability = workload < 0.5
                    ? (u < 0.7 ? 1 : u < 0.9 ? 3 : 2)
                    : (u < 0.2 ? 1 : u < 0.6 ? 3 : 2);
            u = r.nextDouble();
            int priority = u < 0.25 ? 1 : u < 0.65 ? 2 : u < 0.9 ? 3 : 4;
            double complexity = round(1 + 4 * r.nextDouble(), 0.1);
            double hours = Math.min(10_000, Math.max(0.5,
                    round(Math.exp(Math.log(6 * complexity) + 0.6 * r.nextGaussian()), 0.5)));
            double urgency = clamp(0.15 * priority + 0.15 * r.nextGaussian(), 0, 1);
            double skill = clamp(0.6 + 0.2 * r.nextGaussian(), 0, 1);
            double compatibility = clamp(1 - 0.8 * workload - hours / 400 + 0.1 * r.nextGaussian(), 0, 1);
            double z = 0.3 + 3.0 * (skill - 0.6) + 0.9 * (performance - 3.4) + 0.08 * (experience - 6)
                    - 1.5 * (workload - 0.5) + 1.5 * (compatibility - 0.5) - 0.5 * (complexity - 3) * (1 - skill)
                    - 0.05 * (active - 4) + (availability == 1 ? 0.4 : availability == 2 ? -0.7 : 0)
                    - (availability == 2 ? 0.8 * urgency : 0) - (priority == 4 ? 0.3 : 0);
            boolean success = r.nextDouble() < 1 / (1 + Math.exp(-z));
            double[] features = {experience, workload, performance, active, availability, priority, complexity,
                    hours, urgency, skill, compatibility};
            for (int f = 0; f < features.length; f++) {
                if (r.nextDouble() < missingRate) {
                    features[f] = Double.NaN;
                }
            }
            out.add(new LabelledRow(features, success));
        }
        return out;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double round(double v, double step) {
        return Math.round(v / step) * step;
    }
}

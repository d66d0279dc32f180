package dev.upskill.journey.steps;

import dev.upskill.journey.data.CompetencyGaps;
import dev.upskill.journey.data.JourneyGaps;
import dev.upskill.journey.data.LearningPaths;
import dev.upskill.journey.inference.Recommendations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code propose-learning-path}: asks the inference server's RecommendForGaps for courses for the gaps this cycle
 * found (weighted by their priority) and stores them, in its order with its reasons, as a new PROPOSED version of
 * the employee's learning path for the manager to review. Input {@code maxItems} [5] limits the path's length; a
 * course that covers none of the gaps is left out.
 */
@Component
class ProposeLearningPathWorker implements StepWorker {

    static final int DEFAULT_MAX_ITEMS = 5;

    private final JourneyGaps gaps;
    private final CompetencyGaps learners;
    private final Recommendations recommendations;
    private final LearningPaths paths;
    private final PathSummaries summaries;

    ProposeLearningPathWorker(JourneyGaps gaps, CompetencyGaps learners, Recommendations recommendations,
            LearningPaths paths, PathSummaries summaries) {
        this.gaps = gaps;
        this.learners = learners;
        this.recommendations = recommendations;
        this.paths = paths;
        this.summaries = summaries;
    }

    @Override
    public String topic() {
        return "propose-learning-path";
    }

    @Override
    public Map<String, Object> handle(Step step) {
        int maxItems = Math.max(1, Math.min(20, step.intVariable("maxItems", DEFAULT_MAX_ITEMS)));
        String tenant = step.tenantId();
        List<Recommendations.WeightedGap> weighted = gaps.latest(tenant, step.journeyId()).stream()
                .map(g -> new Recommendations.WeightedGap(g.competencyId(), g.currentLevel(), g.requiredLevel(),
                        g.weight()))
                .toList();
        Recommendations.Ranked ranked = recommendations.forGaps(tenant, learners.of(tenant, step.employeeId()),
                weighted, maxItems);
        List<LearningPaths.Proposal> proposals = new ArrayList<>();
        for (Recommendations.Recommendation r : ranked.recommendations()) {
            // Only courses that address a gap (the ranking fills its list with the best of the rest otherwise), and
            // only courses of the engine's catalog, the source of truth.
            if (!r.coveredCompetencyIds().isEmpty() && summaries.courseExists(tenant, r.courseId())) {
                proposals.add(new LearningPaths.Proposal(r.courseId(), r.coveredCompetencyIds().getFirst(),
                        r.reason()));
            }
        }
        int version = paths.propose(tenant, step.employeeId(), step.journeyId(), proposals,
                ranked.requestId(), "journey");
        return summaries.variables(tenant, step.employeeId(), version);
    }
}

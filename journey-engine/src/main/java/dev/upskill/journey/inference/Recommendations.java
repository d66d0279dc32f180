package dev.upskill.journey.inference;

import dev.upskill.client.inference.InferenceClient;
import dev.upskill.journey.data.CompetencyGaps;
import dev.upskill.journey.data.InvalidDataException;
import dev.upskill.proto.v1.CompetencyGap;
import dev.upskill.proto.v1.LearnerContext;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.RankedCourse;
import dev.upskill.proto.v1.RecommendForGapsRequest;
import dev.upskill.proto.v1.RecommendForGapsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Courses for an employee's gaps: the gaps from the company data ({@link CompetencyGaps}), ranked by the inference
 * server's RecommendForGaps. The tenant's proficiency scale (1 to 10 levels) is mapped onto the catalog's four
 * levels by rank, so a four-level scale maps one to one.
 */
@Service
public class Recommendations {

    /** RankingService's {@code limits.max-gaps} default: the heaviest gaps are sent when there are more. */
    static final int MAX_GAPS = 20;
    static final int DEFAULT_TOP_K = 10;
    static final int MAX_TOP_K = 100;

    /** A recommended course; {@code score} comparable within one answer. */
    public record Recommendation(String courseId, String courseTitle, float score, String reason,
            List<String> coveredCompetencyIds) {
    }

    private final CompetencyGaps gaps;
    private final InferenceClient inference;

    Recommendations(CompetencyGaps gaps, InferenceClient inference) {
        this.gaps = gaps;
        this.inference = inference;
    }

    /**
     * A gap to rank courses for, in the tenant's levels.
     *
     * @param currentLevel 0 = none yet
     * @param weight its share of the ranking (normalised by the inference server), above 0
     */
    public record WeightedGap(String competencyId, int currentLevel, int requiredLevel, double weight) {
    }

    /** A ranked list and the inference server's request id (to link outcomes to it with RecordOutcome). */
    public record Ranked(List<Recommendation> recommendations, String requestId) {
    }

    /**
     * Courses for the employee's gaps from the company data (role and team requirements against current levels).
     *
     * @param topK 1 to 100; 0 = 10
     */
    public List<Recommendation> forEmployee(String tenantId, String employeeId, int topK) {
        if (topK < 0 || topK > MAX_TOP_K) {
            throw new InvalidDataException("top_k", "0 to " + MAX_TOP_K + ", was " + topK);
        }
        CompetencyGaps.Learner learner = gaps.of(tenantId, employeeId);
        List<WeightedGap> weighted = learner.gaps().stream()
                .map(g -> new WeightedGap(g.competencyId(), g.currentLevel(), g.requiredLevel(),
                        (g.essential() ? 2 : 1) * (g.requiredLevel() - g.currentLevel())))
                .toList();
        return forGaps(tenantId, learner, weighted, topK == 0 ? DEFAULT_TOP_K : topK).recommendations();
    }

    /** Courses for the given gaps (e.g. a journey's gap analysis) of {@code learner}; an empty list for no gaps. */
    public Ranked forGaps(String tenantId, CompetencyGaps.Learner learner, List<WeightedGap> weighted, int topK) {
        RecommendForGapsRequest.Builder request = RecommendForGapsRequest.newBuilder()
                .setTenantId(tenantId)
                .setTopK(topK);
        weighted.stream()
                .map(gap -> gap(gap, learner.scale()))
                .filter(gap -> gap.getTargetLevel().getNumber() > gap.getCurrentLevel().getNumber())
                .sorted(Comparator.comparingDouble(CompetencyGap::getWeight).reversed())
                .limit(MAX_GAPS)
                .forEach(request::addGaps);
        if (request.getGapsCount() == 0) {
            return new Ranked(List.of(), "");
        }
        LearnerContext.Builder context = LearnerContext.newBuilder()
                .setEmployeeId(learner.employeeId())
                .addAllCompletedCourseIds(learner.completedCourseIds())
                .addAllInProgressCourseIds(learner.inProgressCourseIds());
        if (learner.roleName() != null) {
            context.setRole(learner.roleName().length() <= 500 ? learner.roleName()
                    : learner.roleName().substring(0, 500));
        }
        request.setContext(context);
        try {
            RecommendForGapsResponse response = inference.recommendForGaps(request.build());
            return new Ranked(response.getCoursesList().stream().map(Recommendations::recommendation).toList(),
                    response.getMeta().getRequestId());
        } catch (StatusRuntimeException e) {
            throw fromInference(e);
        }
    }

    /**
     * The inference server's failure as this call's: unreachable, slow or overloaded stays what it is (the caller
     * may retry); anything else means the request the engine built was refused, which the caller cannot fix, e.g.
     * a gap competency the inference server does not know yet because the catalog sync has not pushed it.
     */
    private static StatusRuntimeException fromInference(StatusRuntimeException e) {
        Status status = e.getStatus();
        Status answer = switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, CANCELLED -> status;
            default -> Status.FAILED_PRECONDITION;
        };
        return answer.withDescription("inference server: " + status.getCode() + ": " + status.getDescription())
                .asRuntimeException();
    }

    private static CompetencyGap gap(WeightedGap gap, List<Integer> scale) {
        Level current = level(gap.currentLevel(), scale);
        Level target = level(gap.requiredLevel(), scale);
        if (target.getNumber() <= current.getNumber() && current != Level.LEVEL_EXPERT) {
            // A fine-grained scale can put both levels on one catalog level; the gap is still one step.
            target = Level.forNumber(current.getNumber() + 1);
        }
        float weight = (float) Math.min(100, Math.max(0.01, gap.weight()));
        return CompetencyGap.newBuilder()
                .setCompetencyId(gap.competencyId())
                .setCurrentLevel(current)
                .setTargetLevel(target)
                .setWeight(weight)
                .build();
    }

    /** The catalog level of a tenant level: its rank on the scale, spread over the four catalog levels. */
    public static Level level(int tenantLevel, List<Integer> scale) {
        int rank = scale.indexOf(tenantLevel) + 1;
        if (tenantLevel == 0 || rank == 0) {
            return Level.LEVEL_UNSPECIFIED;
        }
        return Level.forNumber((int) Math.ceil(rank * 4.0 / scale.size()));
    }

    private static Recommendation recommendation(RankedCourse ranked) {
        return new Recommendation(ranked.getCourse().getId(), ranked.getCourse().getTitle(), ranked.getScore(),
                ranked.getReason(), ranked.getCoveredCompetencyIdsList());
    }
}

package dev.upskill.benchmarks.rpc;

import dev.upskill.inference.catalog.DemoCatalog;
import dev.upskill.proto.v1.Competency;
import dev.upskill.proto.v1.Course;
import dev.upskill.proto.v1.DeleteCoursesRequest;
import dev.upskill.proto.v1.GapClosure;
import dev.upskill.proto.v1.Level;
import dev.upskill.proto.v1.OutcomeStatus;
import dev.upskill.proto.v1.RecordOutcomeRequest;
import dev.upskill.proto.v1.UpsertCompetenciesRequest;
import dev.upskill.proto.v1.UpsertCoursesRequest;

import java.util.List;

/**
 * The writes {@link InferenceRpcBenchmark} repeats, on the first {@code size} courses and competencies of the
 * demo company: two editions of each (the description followed by "Edition 1." or "Edition 2."), so that
 * alternating them makes every upsert a real change, and the unchanged originals to put deleted courses back.
 */
final class CatalogEdits {

    private final String tenant;
    private final List<UpsertCoursesRequest> originalCourses;
    private final List<List<UpsertCoursesRequest>> courseEditions;
    private final List<List<UpsertCompetenciesRequest>> competencyEditions;
    private final DeleteCoursesRequest delete;
    private final String outcomeCourseId;

    CatalogEdits(String tenant, int size) {
        this.tenant = tenant;
        List<Course> courses = DemoCatalog.courses().subList(0, size);
        List<Competency> competencies = DemoCatalog.framework().subList(0, size);
        originalCourses = List.of(UpsertCoursesRequest.newBuilder().setTenantId(tenant).addAllCourses(courses)
                .build());
        courseEditions = List.of(courseEdition(courses, 1), courseEdition(courses, 2));
        competencyEditions = List.of(competencyEdition(competencies, 1), competencyEdition(competencies, 2));
        delete = DeleteCoursesRequest.newBuilder().setTenantId(tenant)
                .addAllCourseIds(courses.stream().map(Course::getId).toList()).build();
        outcomeCourseId = courses.getFirst().getId();
    }

    /** The UpsertCourses stream of call number {@code call}: edition 1 for even calls, 2 for odd ones. */
    List<UpsertCoursesRequest> courses(long call) {
        return courseEditions.get((int) (call & 1));
    }

    /** The UpsertCompetencies stream of call number {@code call}: edition 1 for even calls, 2 for odd ones. */
    List<UpsertCompetenciesRequest> competencies(long call) {
        return competencyEditions.get((int) (call & 1));
    }

    /** The courses as the demo ships them. */
    List<UpsertCoursesRequest> originalCourses() {
        return originalCourses;
    }

    /** Deletes the courses. */
    DeleteCoursesRequest delete() {
        return delete;
    }

    /**
     * Outcome number {@code call}: employee e-42 completed the first course, closing the first of
     * {@link Requests#DEMO_GAPS} from beginner to intermediate (target advanced).
     */
    RecordOutcomeRequest outcome(long call) {
        return RecordOutcomeRequest.newBuilder().setTenantId(tenant).setOutcomeId("bench-outcome-" + call)
                .setEmployeeId("e-42").setCourseId(outcomeCourseId).setStatus(OutcomeStatus.OUTCOME_STATUS_COMPLETED)
                .addGapClosures(GapClosure.newBuilder().setCompetencyId(Requests.DEMO_GAPS.getFirst())
                        .setLevelBefore(Level.LEVEL_BEGINNER).setLevelAfter(Level.LEVEL_INTERMEDIATE)
                        .setTargetLevel(Level.LEVEL_ADVANCED))
                .build();
    }

    private List<UpsertCoursesRequest> courseEdition(List<Course> courses, int edition) {
        UpsertCoursesRequest.Builder message = UpsertCoursesRequest.newBuilder().setTenantId(tenant);
        courses.forEach(c -> message.addCourses(c.toBuilder().setDescription(edited(c.getDescription(), edition))));
        return List.of(message.build());
    }

    private List<UpsertCompetenciesRequest> competencyEdition(List<Competency> competencies, int edition) {
        UpsertCompetenciesRequest.Builder message = UpsertCompetenciesRequest.newBuilder().setTenantId(tenant);
        competencies.forEach(c -> message.addCompetencies(
                c.toBuilder().setDescription(edited(c.getDescription(), edition))));
        return List.of(message.build());
    }

    private static String edited(String description, int edition) {
        return description + " Edition " + edition + ".";
    }
}

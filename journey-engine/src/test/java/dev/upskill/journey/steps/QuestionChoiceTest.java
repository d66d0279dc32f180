package dev.upskill.journey.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.journey.data.QuestionBank;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which bank questions an assessment asks, and where a decision's level lands on a scale (no database). */
class QuestionChoiceTest {

    private static QuestionBank.Question q(long id, int level, String type) {
        return new QuestionBank.Question(id, "sql", level, type, "q" + id, List.of(), null, null, List.of(),
                List.of());
    }

    @Test
    void theNearestLevelFirstTheHigherOnATieBothTypesAlternatingAndRepeatsLast() {
        List<QuestionBank.Question> bank = List.of(q(1, 1, "FREE_TEXT"), q(2, 3, "FREE_TEXT"),
                q(3, 3, "MULTIPLE_CHOICE"), q(4, 3, "MULTIPLE_CHOICE"), q(5, 4, "FREE_TEXT"));
        assertThat(PrepareAssessmentWorker.choose(bank, 3, Set.of(), 2)).extracting(QuestionBank.Question::id)
                .containsExactly(2L, 3L);
        assertThat(PrepareAssessmentWorker.choose(bank, 3, Set.of(3L), 2)).extracting(QuestionBank.Question::id)
                .containsExactly(2L, 4L);
        // Level 2 wanted: 1 and 3 are as near; 3 wins.
        assertThat(PrepareAssessmentWorker.choose(bank, 2, Set.of(), 1)).extracting(QuestionBank.Question::level)
                .containsExactly(3);
        // More wanted than the bank has: all of it.
        assertThat(PrepareAssessmentWorker.choose(bank, 3, Set.of(), 10)).hasSize(5);
        assertThat(PrepareAssessmentWorker.choose(List.of(), 3, Set.of(), 2)).isEmpty();
    }

    @Test
    void aDecisionLevelLandsOnTheTenantsScale() {
        assertThat(AssessmentResults.onScale(0, List.of(1, 2, 3))).isZero();
        assertThat(AssessmentResults.onScale(2, List.of(1, 2, 3))).isEqualTo(2);
        assertThat(AssessmentResults.onScale(3, List.of(1, 2, 5))).isEqualTo(2); // a gap in the scale: the level below
    }
}

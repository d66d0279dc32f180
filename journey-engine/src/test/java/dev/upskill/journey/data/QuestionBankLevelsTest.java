package dev.upskill.journey.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The starter bank's 3-step levels on tenants' scales of other sizes (no database). */
class QuestionBankLevelsTest {

    @Test
    void starterLevelsKeepTheirRelativePositionOnAnyScale() {
        assertThat(List.of(1, 2, 3)).map(l -> QuestionBank.mapLevel(l, 3, List.of(1, 2, 3, 4)))
                .containsExactly(1, 3, 4);
        assertThat(List.of(1, 2, 3)).map(l -> QuestionBank.mapLevel(l, 3, List.of(1, 2)))
                .containsExactly(1, 2, 2);
        assertThat(List.of(1, 2, 3)).map(l -> QuestionBank.mapLevel(l, 3, List.of(1, 2, 3, 4, 5)))
                .containsExactly(1, 3, 5);
        assertThat(QuestionBank.mapLevel(2, 3, List.of(7))).isEqualTo(7);
    }
}

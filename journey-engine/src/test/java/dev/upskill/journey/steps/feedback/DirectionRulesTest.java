package dev.upskill.journey.steps.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DirectionRulesTest {

    private static Direction direction(String sentence) {
        return DirectionRules.of(sentence, null).direction();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            She is not a strong communicator.                        | GAP
            He is a strong communicator.                             | STRENGTH
            He never misses a deadline.                              | STRENGTH
            He misses deadlines.                                     | GAP
            Does not share knowledge with the team enough.           | GAP
            Her tests are not good enough.                           | GAP
            Struggles with SQL joins.                                | GAP
            Needs to improve his estimates.                          | GAP
            The documentation could be better.                       | GAP
            Lacks confidence in front of customers.                  | GAP
            Great job on the release!                                | STRENGTH
            Excellent Python skills.                                 | STRENGTH
            Good at SQL, but struggles with query plans.             | GAP
            Struggled at first, but now writes excellent SQL.        | STRENGTH
            No issues with her code quality.                         | STRENGTH
            He doesn't communicate his progress.                     | GAP
            Not only fast but also thorough.                         | STRENGTH
            Not yet ready to lead a team.                            | GAP
            He needs help with Python.                               | GAP
            She presented the roadmap at the all-hands meeting.      | NEUTRAL
            """)
    void rules(String sentence, Direction expected) {
        assertThat(direction(sentence)).as(sentence + " " + DirectionRules.of(sentence, null).cues())
                .isEqualTo(expected);
    }

    @Test
    void theRatingIsAPriorOnlyForSentencesWithoutCues() {
        String plain = "She presented the roadmap at the all-hands meeting.";
        assertThat(DirectionRules.of(plain, 1.5).direction()).isEqualTo(Direction.GAP);
        assertThat(DirectionRules.of(plain, 2.0).direction()).isEqualTo(Direction.GAP);
        assertThat(DirectionRules.of(plain, 3.0).direction()).isEqualTo(Direction.NEUTRAL);
        assertThat(DirectionRules.of(plain, 4.5).direction()).isEqualTo(Direction.STRENGTH);
        assertThat(DirectionRules.of(plain, 4.5).strength()).isEqualTo(DirectionRules.PRIOR_STRENGTH);
        assertThat(DirectionRules.of("Excellent SQL.", 1.0).direction()).isEqualTo(Direction.STRENGTH);
        assertThat(DirectionRules.of("Struggles with SQL.", 5.0).direction()).isEqualTo(Direction.GAP);
    }

    @Test
    void strengthGrowsWithTheCuesAndTheCuesExplainIt() {
        DirectionRules.Polarity one = DirectionRules.of("He struggles with SQL.", null);
        DirectionRules.Polarity two = DirectionRules.of("He struggles with SQL and lacks basic knowledge of joins.",
                null);
        assertThat(two.strength()).isGreaterThan(one.strength());
        assertThat(two.strength()).isLessThanOrEqualTo(1);
        assertThat(two.cues()).containsExactly("struggles", "lacks");
        assertThat(DirectionRules.of("She is not a strong communicator.", null).cues()).containsExactly("not strong");
    }

    @Test
    void severityWeighsDirectionSimilarityAndSource() {
        DirectionRules.Polarity gap = DirectionRules.of("He struggles with SQL and lacks basic knowledge.", null);
        assertThat(FeedbackExtractor.severity(gap, 0.6, "MANAGER_REVIEW")).isEqualTo(1.0);
        assertThat(FeedbackExtractor.severity(gap, 0.6, "SELF")).isEqualTo(0.6);
        assertThat(FeedbackExtractor.severity(gap, 0.3, "MANAGER_REVIEW")).isEqualTo(0.75);
        assertThat(FeedbackExtractor.severity(DirectionRules.of("Excellent SQL.", null), 0.6, "MANAGER_REVIEW"))
                .isZero();
    }

    /** The direction of every sentence of the labelled set (which these rules were written against). */
    @Test
    void labelledSet() throws IOException {
        assertThat(right("sentences.tsv", 1, 2)).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * Sentences written after the rules' first version: 9 of 20 right then (most misses sentences without a cue);
     * the second version used its misses, so this is no longer a held-out measure.
     */
    @Test
    void firstHeldOutSet() throws IOException {
        assertThat(right("direction-holdout.tsv", 0, 1)).isGreaterThanOrEqualTo(0.80);
    }

    /** Sentences written before the rules' second version and never used to change them: 15 of 20 measured. */
    @Test
    void secondHeldOutSet() throws IOException {
        assertThat(right("direction-holdout-2.tsv", 0, 1)).isGreaterThanOrEqualTo(0.70);
    }

    /** The share of the resource's sentences whose direction the rules get right; prints the wrong ones. */
    private double right(String resource, int directionColumn, int sentenceColumn) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                getClass().getResourceAsStream("/feedback/" + resource)), StandardCharsets.UTF_8))) {
            in.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> rows.add(l.split("\t")));
        }
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            DirectionRules.Polarity polarity = DirectionRules.of(row[sentenceColumn], null);
            if (polarity.direction() != Direction.valueOf(row[directionColumn])) {
                wrong.add(row[sentenceColumn] + " -> " + polarity.direction() + " " + polarity.cues());
            }
        }
        System.out.printf("direction on %s: %d of %d right%n", resource, rows.size() - wrong.size(), rows.size());
        wrong.forEach(w -> System.out.println("  wrong: " + w));
        return (double) (rows.size() - wrong.size()) / rows.size();
    }
}

package dev.upskill.journey.steps.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upskill.journey.steps.feedback.Sentences.Sentence;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

    private static List<String> texts(String text) {
        return Sentences.split(text).stream().map(Sentence::text).toList();
    }

    @Test
    void splitsAtSentenceEnds() {
        assertThat(texts("Great work on SQL. She struggles with tests! Does he plan ahead? Yes."))
                .containsExactly("Great work on SQL.", "She struggles with tests!", "Does he plan ahead?", "Yes.");
    }

    @Test
    void everySentenceIsTheExactSpanOfTheText() {
        String text = "  Strengths:\n- Writes excellent tests.\n* Helps others  \r\n\n1. Misses deadlines; often late."
                + "\n2) Presents well.  Needs to\tspeak up more.";
        List<Sentence> sentences = Sentences.split(text);
        assertThat(sentences).extracting(Sentence::text).containsExactly("Strengths:", "Writes excellent tests.",
                "Helps others", "Misses deadlines; often late.", "Presents well.", "Needs to\tspeak up more.");
        assertThat(sentences).allSatisfy(s -> assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text()));
    }

    @Test
    void abbreviationsDoNotEndASentence() {
        assertThat(texts("She knows tools, e.g. Excel and SQL. Her manager, Dr. Lee, agrees."))
                .containsExactly("She knows tools, e.g. Excel and SQL.", "Her manager, Dr. Lee, agrees.");
    }

    @Test
    void keepsNumbersAndDropsSpansWithoutLetters() {
        assertThat(texts("Version 2.5 shipped on time.\n --- \n ... \n 42"))
                .containsExactly("Version 2.5 shipped on time.");
        assertThat(texts("")).isEmpty();
        assertThat(texts(null)).isEmpty();
    }

    @Test
    void aSentenceWithoutFinalPunctuationIsKept() {
        assertThat(texts("Good communicator. Could document more")).containsExactly("Good communicator.",
                "Could document more");
    }
}

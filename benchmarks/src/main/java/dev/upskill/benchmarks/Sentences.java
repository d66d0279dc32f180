package dev.upskill.benchmarks;

import dev.upskill.inference.embedding.ModelSource;
import dev.upskill.inference.embedding.OnnxOptions;
import dev.upskill.inference.embedding.SentenceEncoder;

import java.util.List;

/**
 * The inputs of every benchmark, fixed so that runs compare.
 *
 * <ul>
 *   <li>{@link #ONE}: one English sentence of 12 words, 17 model tokens ([CLS] and [SEP] included).</li>
 *   <li>{@link #BATCH}: 32 distinct English sentences of 11 to 28 model tokens each ([CLS] and [SEP]
 *       included), mean 16.6; the encoder pads a batch to its longest text, so one run over all 32 is
 *       32 x 28 tokens. The first is {@link #ONE}.</li>
 * </ul>
 *
 * Token counts are those of the all-MiniLM-L6-v2 WordPiece tokenizer; {@link #main} prints them.
 */
public final class Sentences {

    /** The single sentence: 17 tokens with [CLS] and [SEP]. */
    public static final String ONE =
            "Senior engineers mentor juniors on negotiation, stakeholder management and clear written communication.";

    /** 32 distinct sentences, 11 to 28 tokens each with [CLS] and [SEP]. */
    public static final List<String> BATCH = List.of(
            "Senior engineers mentor juniors on negotiation, stakeholder management and clear written communication.",
            "The quarterly review showed gaps in presentation skills.",
            "She completed the advanced SQL course and now writes the team's reporting queries herself.",
            "Managers should give specific feedback within a week of each project milestone.",
            "Our onboarding path covers version control, code review etiquette, the deployment pipeline and how to "
                    + "get help on call.",
            "He struggles to estimate tasks and often underestimates integration work by half.",
            "A short workshop on active listening improved the support team's satisfaction scores.",
            "Pair programming sessions helped new hires learn the legacy billing system faster.",
            "The data team needs stronger statistics skills before building forecasting models.",
            "Customer-facing staff practised de-escalation techniques in role-play exercises every Friday afternoon, "
                    + "with a coach giving feedback.",
            "Learning goals are agreed between the employee and their manager at the start of each quarter.",
            "Public speaking remains the most requested soft skill in the annual survey.",
            "Security awareness training is mandatory for everyone who handles personal data.",
            "The mentoring programme pairs each analyst with a senior colleague from another department.",
            "Time management courses had little effect on delivery dates last year.",
            "Engineers who wrote design documents received better peer reviews on collaboration.",
            "Finance asked for a refresher on spreadsheet modelling and scenario analysis.",
            "A competency matrix maps every role to the skills and levels it requires.",
            "Conflict resolution scores rose after the leadership offsite in March.",
            "New team leads attend a six-week course on coaching, delegation and performance conversations before "
                    + "their first review cycle.",
            "Most sales representatives passed the product certification on their first attempt.",
            "Writing concise incident reports is a skill the operations team wants to improve.",
            "The course catalogue lists two hundred modules across technical and interpersonal topics.",
            "Her cloud architecture knowledge is strong, but she rarely shares it with others.",
            "Assessment answers are graded against a reference answer by two independent reviewers.",
            "Recommendations should favour short courses that close the largest competency gap first.",
            "Design reviews now include a checklist for accessibility and internationalisation.",
            "Test automation skills vary widely between the mobile and web teams.",
            "Employees can request budget for external conferences once a year.",
            "Negotiation training for procurement staff saved money on three vendor contracts.",
            "The manager noted that his documentation is thorough but hard to follow.",
            "Interns rotate through support, testing and development during their first six months.");

    private Sentences() {
    }

    /** Prints the token count of every input (a check of the claims above). */
    public static void main(String[] args) {
        try (var encoder = SentenceEncoder.load(ModelSource.quantizedMiniLm(), OnnxOptions.defaults());
             var runner = encoder.newRunner()) {
            System.out.println("ONE: " + runner.encode(List.of(ONE)).getFirst().tokenCount() + " tokens");
            var batch = runner.encode(BATCH);
            int min = Integer.MAX_VALUE;
            int max = 0;
            int sum = 0;
            for (int i = 0; i < batch.size(); i++) {
                int tokens = batch.get(i).tokenCount();
                System.out.printf("%2d: %2d tokens  %s%n", i, tokens, BATCH.get(i));
                min = Math.min(min, tokens);
                max = Math.max(max, tokens);
                sum += tokens;
            }
            System.out.printf("BATCH: %d distinct of %d, %d..%d tokens, mean %.1f%n",
                    BATCH.stream().distinct().count(), BATCH.size(), min, max, (double) sum / batch.size());
        }
    }
}

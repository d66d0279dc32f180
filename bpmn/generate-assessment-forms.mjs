// Writes take-assessment.form and review-grades.form: a heading and SLOTS identical question (grade) slots, each
// hidden while its entry in the process variable is missing. Run after changing a slot here:
//   node generate-assessment-forms.mjs
// Why slots and not a dynamic list: Tasklist 7.24 disables "Complete" once a field inside a form-js dynamic list is
// edited (form-js records a repeated field's errors as an empty array under the field id, and Tasklist counts the
// keys of the errors object), so a form whose inputs sit in a dynamic list cannot be completed there.
import { writeFileSync } from 'node:fs';

const SLOTS = 50; // = PrepareAssessmentWorker.FORM_SLOTS, the element template's maximum of maxQuestions
const header = (id) => ({
  id,
  type: 'default',
  executionPlatform: 'Camunda Platform',
  executionPlatformVersion: '7.24.0',
  schemaVersion: 16,
});
const slots = (make) => Array.from({ length: SLOTS }, (_, i) => make(i + 1)).flat();

const take = {
  ...header('take-assessment'),
  components: [
    {
      id: 'assessment-heading',
      type: 'text',
      text: '## Your assessment\n\n{{questionCount}} questions on the competencies your role needs. Pick one option '
        + 'for a multiple-choice question; answer a free-text question in your own words (up to 10,000 characters). '
        + 'A question left unanswered counts as 0. Complete the task when you are done.',
    },
    ...slots((n) => {
      const q = `questions.q${n}`;
      const missing = `${q} = null`;
      return [
        {
          id: `q${n}-text`,
          type: 'text',
          text: `**{{${q}.position}}. {{${q}.competency}}**\n\n{{${q}.text}}`,
          conditional: { hide: `=${missing}` },
        },
        {
          id: `q${n}-choice`,
          type: 'radio',
          key: `answers.choice${n}`,
          label: 'Your answer',
          valuesExpression: `=${q}.choices`,
          conditional: { hide: `=${missing} or ${q}.type != "MULTIPLE_CHOICE"` },
        },
        {
          id: `q${n}-answer`,
          type: 'textarea',
          key: `answers.answer${n}`,
          label: 'Your answer',
          validate: { maxLength: 10000 },
          conditional: { hide: `=${missing} or ${q}.type != "FREE_TEXT"` },
        },
      ];
    }),
  ],
};

const review = {
  ...header('review-grades'),
  components: [
    {
      id: 'grades-heading',
      type: 'text',
      text: "## Check the grading of {{employeeName}}'s assessment\n\nThe automatic grader was not sure about "
        + "{{gradesToReview}} free-text answer(s). They do not count until you accept the grader's score or correct "
        + 'it. The levels are computed when you complete this task.',
    },
    {
      id: 'grades-problem',
      type: 'text',
      text: '**Please correct:** {{reviewProblem}}',
      conditional: { hide: '=is empty(reviewProblem) or reviewProblem = null or reviewProblem = ""' },
    },
    ...slots((n) => {
      const g = `reviewGrades.g${n}`;
      const missing = `${g} = null`;
      return [
        {
          id: `g${n}-evidence`,
          type: 'text',
          text: `**Question {{${g}.position}} ({{${g}.competency}})**\n\n{{${g}.question}}\n\n`
            + `**Answer:** {{${g}.answer}}\n\n`
            + `**Grader's score:** {{${g}.graderScore}} % (confidence {{${g}.confidence}} %)\n\n`
            + `**Key points made:**\n\n{{${g}.matchedKeyPoints}}\n\n`
            + `**Key points missing:**\n\n{{${g}.missingKeyPoints}}\n\n**Hints:**\n\n{{${g}.hints}}`,
          conditional: { hide: `=${missing}` },
        },
        {
          id: `g${n}-decision`,
          type: 'radio',
          key: `review.decision${n}`,
          label: 'Your decision',
          values: [
            { label: "Accept the grader's score", value: 'accept' },
            { label: 'Correct the score', value: 'correct' },
          ],
          conditional: { hide: `=${missing}` },
        },
        {
          id: `g${n}-score`,
          type: 'number',
          key: `review.score${n}`,
          label: 'Corrected score (%)',
          description: 'From 0 to 100',
          validate: { min: 0, max: 100, required: true },
          conditional: { hide: `=${missing} or review.decision${n} != "correct"` },
        },
      ];
    }),
  ],
};

for (const form of [take, review]) {
  writeFileSync(new URL(`./${form.id}.form`, import.meta.url), `${JSON.stringify(form, null, 2)}\n`);
}

-- The question bank the assessment stage draws from, and what an assessment keeps of each question and grade.
--
-- A bank question belongs to one competency at one level of the tenant's scale and is either MULTIPLE_CHOICE (the
-- options, the index of the correct one from 0, an explanation shown after scoring) or FREE_TEXT (reference answers
-- and key points for the inference server's GradingService; its limits: 1 to 10 reference answers, up to 20 key
-- points of at most 1,000 characters, texts of at most 10,000 characters). source says where it came from
-- ('starter' = the project's starter bank, imported per tenant by competency name; 'hr' = written by the company);
-- only approved questions are asked. No personal data.
CREATE TABLE question_bank (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         text     NOT NULL REFERENCES tenant (id),
    competency_id     text     NOT NULL,
    level             smallint NOT NULL,
    type              text     NOT NULL CHECK (type IN ('MULTIPLE_CHOICE', 'FREE_TEXT')),
    question          text     NOT NULL CHECK (char_length(question) BETWEEN 1 AND 10000),
    options           text[]   NOT NULL DEFAULT '{}',
    correct_option    smallint,
    explanation       text     CHECK (explanation IS NULL OR char_length(explanation) <= 10000),
    reference_answers text[]   NOT NULL DEFAULT '{}',
    key_points        text[]   NOT NULL DEFAULT '{}',
    source            text     NOT NULL DEFAULT 'hr' CHECK (char_length(source) BETWEEN 1 AND 100),
    approved          boolean  NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    -- The same question once per competency (the starter import relies on it to be repeatable).
    UNIQUE (tenant_id, competency_id, question),
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    FOREIGN KEY (tenant_id, level) REFERENCES proficiency_level (tenant_id, level),
    CHECK (array_position(options, NULL) IS NULL AND array_position(reference_answers, NULL) IS NULL
           AND array_position(key_points, NULL) IS NULL),
    CHECK (
        (type = 'MULTIPLE_CHOICE' AND cardinality(options) BETWEEN 2 AND 10
            AND correct_option BETWEEN 0 AND cardinality(options) - 1
            AND cardinality(reference_answers) = 0 AND cardinality(key_points) = 0)
        OR
        (type = 'FREE_TEXT' AND cardinality(options) = 0 AND correct_option IS NULL
            AND cardinality(reference_answers) BETWEEN 1 AND 10 AND cardinality(key_points) <= 20))
);
CREATE INDEX question_bank_competency_idx ON question_bank (tenant_id, competency_id, level) WHERE approved;

-- A session's question is a copy of the bank question as asked (a later edit of the bank does not change a running
-- or finished assessment); question_bank_id says which one (NULL once that bank question is deleted).
ALTER TABLE assessment_question
    ADD COLUMN question_bank_id bigint,
    ADD COLUMN type             text NOT NULL DEFAULT 'FREE_TEXT' CHECK (type IN ('MULTIPLE_CHOICE', 'FREE_TEXT')),
    ADD COLUMN level            smallint,
    ADD COLUMN options          text[] NOT NULL DEFAULT '{}',
    ADD COLUMN correct_option   smallint,
    ADD COLUMN explanation      text,
    ADD FOREIGN KEY (tenant_id, question_bank_id) REFERENCES question_bank (tenant_id, id)
        ON DELETE SET NULL (question_bank_id),
    ADD FOREIGN KEY (tenant_id, level) REFERENCES proficiency_level (tenant_id, level),
    ADD CHECK (type <> 'MULTIPLE_CHOICE'
               OR (cardinality(options) >= 2 AND correct_option BETWEEN 0 AND cardinality(options) - 1));
CREATE INDEX assessment_question_bank_idx ON assessment_question (tenant_id, question_bank_id);

-- One assessment per stage run: a prepare step delivered again finds the session it created.
CREATE UNIQUE INDEX assessment_session_process_uq ON assessment_session (tenant_id, employee_id, process_instance_id)
    WHERE process_instance_id IS NOT NULL;

-- The grader's verdict on a free-text answer (personal data with the answer: a GDPR erasure deletes the row):
-- grader_score as GradingService gave it (0 to 1); evidence = matched and missing key points, hints, off-topic flag,
-- confidence and model. A grade whose confidence HR's grading-review decision sends to the manager is PENDING with
-- score NULL (it does not count) until the manager ACCEPTS it (score = grader_score) or CORRECTS it.
ALTER TABLE assessment_answer
    ADD COLUMN grader_score  numeric(5, 4) CHECK (grader_score BETWEEN 0 AND 1),
    ADD COLUMN evidence      jsonb,
    ADD COLUMN review_status text NOT NULL DEFAULT 'NONE'
        CHECK (review_status IN ('NONE', 'PENDING', 'ACCEPTED', 'CORRECTED')),
    ADD COLUMN reviewed_at   timestamptz,
    ADD CHECK (review_status <> 'PENDING' OR score IS NULL),
    ADD CHECK ((review_status IN ('ACCEPTED', 'CORRECTED')) = (reviewed_at IS NOT NULL));

-- A JSON array of strings as text[] (the engine binds lists as JSON; NULL elements are refused by the CHECKs).
CREATE FUNCTION text_array(items jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT
    RETURN ARRAY(SELECT jsonb_array_elements_text(items));

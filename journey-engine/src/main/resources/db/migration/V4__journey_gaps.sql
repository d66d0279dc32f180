-- The gaps a journey's gap analysis found, per cycle (the journey loops back to gap analysis after each
-- re-assessment): required against current level, the priority HR's decision table (bpmn/gap-priority.dmn) gave
-- them, and the evidence behind them (requirement, assessment, feedback quotes). Personal data: the evidence may
-- quote feedback, so a GDPR erasure deletes the employee's rows.
CREATE TABLE journey_gap (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           text     NOT NULL,
    employee_id         text     NOT NULL,
    process_instance_id text     NOT NULL,
    cycle               integer  NOT NULL CHECK (cycle >= 1),
    competency_id       text     NOT NULL,
    -- 0 = no level yet (below the scale's lowest).
    current_level       smallint NOT NULL CHECK (current_level BETWEEN 0 AND 10),
    required_level      smallint NOT NULL CHECK (required_level BETWEEN 1 AND 10),
    importance          text     NOT NULL CHECK (importance IN ('ESSENTIAL', 'OPTIONAL')),
    priority            text     NOT NULL CHECK (priority IN ('HIGH', 'MEDIUM', 'LOW')),
    weight              real     NOT NULL CHECK (weight > 0 AND weight <= 100),
    evidence            jsonb    NOT NULL DEFAULT '[]',
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, process_instance_id, cycle, competency_id),
    CHECK (current_level < required_level),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id)
);
CREATE INDEX journey_gap_employee_idx ON journey_gap (tenant_id, employee_id, created_at);

-- The RecommendForGaps response a proposed path came from (its meta.request_id), so that outcomes reported to the
-- inference server's RecordOutcome are linked to the list the manager was shown.
ALTER TABLE learning_path ADD COLUMN recommendation_request_id text;

-- The level a team requires in a competency (set by SetCompetencyRequirements), on top of its members' role
-- requirements: where a team and a role name the same competency, the higher level applies. Tenant-scoped like
-- role_competency_requirement: every reference is a composite foreign key within the tenant.
CREATE TABLE team_competency_requirement (
    tenant_id      text     NOT NULL,
    team_id        text     NOT NULL,
    competency_id  text     NOT NULL,
    required_level smallint NOT NULL CHECK (required_level BETWEEN 1 AND 10),
    importance     text     NOT NULL DEFAULT 'ESSENTIAL' CHECK (importance IN ('ESSENTIAL', 'OPTIONAL')),
    PRIMARY KEY (tenant_id, team_id, competency_id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES team (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    FOREIGN KEY (tenant_id, required_level) REFERENCES proficiency_level (tenant_id, level)
);
CREATE INDEX team_requirement_competency_idx ON team_competency_requirement (tenant_id, competency_id);

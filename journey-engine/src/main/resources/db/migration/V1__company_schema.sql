-- The company schema: every company's data, tenant-scoped throughout (schema "company"; Camunda's tables live in
-- "public" and are Camunda's own business).
--
-- Tenant isolation is structural: every table carries tenant_id, and every reference between tenant-scoped rows is
-- a composite foreign key (tenant_id, x_id) -> x (tenant_id, id), so a row can only point at rows of its own tenant.
-- Imported entities (frameworks, competencies, roles, teams, employees, courses) keep the company's own ids (text,
-- unique within the tenant); rows the engine creates get a bigint identity plus UNIQUE (tenant_id, id) as the
-- target of composite keys. Enumerations are text with CHECK constraints (readable in SQL, easy to extend).

CREATE TABLE tenant (
    id         text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The tenant's proficiency scale: ordered levels (1 = lowest), e.g. 1 beginner, 2 intermediate, 3 advanced,
-- 4 expert. Required, measured and assessed levels all reference it.
CREATE TABLE proficiency_level (
    tenant_id   text     NOT NULL REFERENCES tenant (id),
    level       smallint NOT NULL CHECK (level BETWEEN 1 AND 10),
    name        text     NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    description text,
    PRIMARY KEY (tenant_id, level),
    UNIQUE (tenant_id, name)
);

CREATE TABLE competency_framework (
    tenant_id   text NOT NULL REFERENCES tenant (id),
    id          text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 128),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    description text,
    -- Where it came from, e.g. 'ESCO v1.1.1' or 'custom'; and the source's version.
    source      text NOT NULL DEFAULT 'custom',
    version     text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Competencies form a tree inside one framework (parent_id NULL = a root).
CREATE TABLE competency (
    tenant_id    text NOT NULL,
    id           text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 128),
    framework_id text NOT NULL,
    parent_id    text,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
    description  text,
    -- The source's identifier, e.g. an ESCO concept URI.
    external_uri text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, framework_id, id),
    FOREIGN KEY (tenant_id, framework_id) REFERENCES competency_framework (tenant_id, id),
    -- The parent is in the same tenant and the same framework.
    FOREIGN KEY (tenant_id, framework_id, parent_id) REFERENCES competency (tenant_id, framework_id, id),
    CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX competency_parent_idx ON competency (tenant_id, parent_id);
CREATE INDEX competency_framework_idx ON competency (tenant_id, framework_id);
CREATE INDEX competency_name_idx ON competency (tenant_id, lower(name));

CREATE TABLE role (
    tenant_id    text NOT NULL REFERENCES tenant (id),
    id           text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 128),
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 500),
    description  text,
    -- The source's identifier, e.g. an ESCO occupation URI.
    external_uri text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- The level a role requires in a competency; ESSENTIAL or OPTIONAL (ESCO's essential / optional skills).
CREATE TABLE role_competency_requirement (
    tenant_id      text     NOT NULL,
    role_id        text     NOT NULL,
    competency_id  text     NOT NULL,
    required_level smallint NOT NULL,
    importance     text     NOT NULL DEFAULT 'ESSENTIAL' CHECK (importance IN ('ESSENTIAL', 'OPTIONAL')),
    PRIMARY KEY (tenant_id, role_id, competency_id),
    FOREIGN KEY (tenant_id, role_id) REFERENCES role (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    FOREIGN KEY (tenant_id, required_level) REFERENCES proficiency_level (tenant_id, level)
);
CREATE INDEX role_requirement_competency_idx ON role_competency_requirement (tenant_id, competency_id);

-- team.manager_id references employee, created below (the two reference each other).
CREATE TABLE team (
    tenant_id  text NOT NULL REFERENCES tenant (id),
    id         text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 128),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    manager_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Personal data: email and display_name (anonymised by a GDPR erase, which sets erased_at).
CREATE TABLE employee (
    tenant_id    text NOT NULL REFERENCES tenant (id),
    id           text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 128),
    email        text CHECK (email IS NULL OR (char_length(email) <= 320 AND email LIKE '%_@_%')),
    display_name text CHECK (display_name IS NULL OR char_length(display_name) <= 200),
    role_id      text,
    team_id      text,
    manager_id   text,
    active       boolean NOT NULL DEFAULT true,
    erased_at    timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, role_id) REFERENCES role (tenant_id, id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES team (tenant_id, id),
    -- Deferrable so an import can load employees and their managers in any order within one transaction.
    FOREIGN KEY (tenant_id, manager_id) REFERENCES employee (tenant_id, id) DEFERRABLE INITIALLY IMMEDIATE,
    CHECK (manager_id IS NULL OR manager_id <> id)
);
CREATE UNIQUE INDEX employee_email_uq ON employee (tenant_id, lower(email)) WHERE email IS NOT NULL;
CREATE INDEX employee_team_idx ON employee (tenant_id, team_id);
CREATE INDEX employee_manager_idx ON employee (tenant_id, manager_id);
CREATE INDEX employee_role_idx ON employee (tenant_id, role_id);

ALTER TABLE team ADD FOREIGN KEY (tenant_id, manager_id) REFERENCES employee (tenant_id, id)
    DEFERRABLE INITIALLY IMMEDIATE;
CREATE INDEX team_manager_idx ON team (tenant_id, manager_id);

-- An employee's current level per competency, and how it was last established.
CREATE TABLE employee_competency (
    tenant_id     text     NOT NULL,
    employee_id   text     NOT NULL,
    competency_id text     NOT NULL,
    level         smallint NOT NULL,
    source        text     NOT NULL
        CHECK (source IN ('IMPORT', 'ASSESSMENT', 'MANAGER_REVIEW', 'PEER', 'SELF', '360', 'MANUAL')),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, employee_id, competency_id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    FOREIGN KEY (tenant_id, level) REFERENCES proficiency_level (tenant_id, level)
);
CREATE INDEX employee_competency_competency_idx ON employee_competency (tenant_id, competency_id);

-- Every change of an employee's level (append only); level NULL = the level was removed.
CREATE TABLE employee_competency_history (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      text     NOT NULL,
    employee_id    text     NOT NULL,
    competency_id  text     NOT NULL,
    level          smallint,
    previous_level smallint,
    source         text     NOT NULL
        CHECK (source IN ('IMPORT', 'ASSESSMENT', 'MANAGER_REVIEW', 'PEER', 'SELF', '360', 'MANUAL')),
    -- What caused it, e.g. 'assessment:42' or 'feedback:7'.
    source_ref     text,
    changed_by     text,
    changed_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    FOREIGN KEY (tenant_id, level) REFERENCES proficiency_level (tenant_id, level),
    FOREIGN KEY (tenant_id, previous_level) REFERENCES proficiency_level (tenant_id, level)
);
CREATE INDEX employee_competency_history_idx
    ON employee_competency_history (tenant_id, employee_id, competency_id, changed_at);

-- Feedback about an employee. author_id NULL = an anonymous or external author (typical for 360).
CREATE TABLE feedback (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text NOT NULL,
    employee_id text NOT NULL,
    author_id   text,
    source      text NOT NULL CHECK (source IN ('MANAGER_REVIEW', 'PEER', 'SELF', '360')),
    -- On a 0 to 5 scale; NULL for text-only feedback.
    rating      numeric(3, 2) CHECK (rating BETWEEN 0 AND 5),
    text        text CHECK (text IS NULL OR char_length(text) <= 20000),
    given_on    date NOT NULL DEFAULT current_date,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, author_id) REFERENCES employee (tenant_id, id) ON DELETE SET NULL (author_id),
    CHECK (source <> 'SELF' OR author_id = employee_id),
    CHECK (rating IS NOT NULL OR text IS NOT NULL)
);
CREATE INDEX feedback_employee_idx ON feedback (tenant_id, employee_id, given_on);
CREATE INDEX feedback_author_idx ON feedback (tenant_id, author_id);

CREATE TABLE feedback_competency (
    tenant_id     text   NOT NULL,
    feedback_id   bigint NOT NULL,
    competency_id text   NOT NULL,
    PRIMARY KEY (tenant_id, feedback_id, competency_id),
    FOREIGN KEY (tenant_id, feedback_id) REFERENCES feedback (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id)
);
CREATE INDEX feedback_competency_competency_idx ON feedback_competency (tenant_id, competency_id);

-- The course catalog's source of truth (synced to the inference server's CatalogService; the same fields and
-- limits as upskill.v1.Course).
CREATE TABLE course (
    tenant_id        text NOT NULL REFERENCES tenant (id),
    id               text NOT NULL CHECK (char_length(id) BETWEEN 1 AND 128),
    title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
    description      text NOT NULL DEFAULT '' CHECK (char_length(description) <= 10000),
    provider         text NOT NULL DEFAULT '' CHECK (char_length(provider) <= 200),
    format           text NOT NULL DEFAULT 'UNSPECIFIED' CHECK (format IN ('UNSPECIFIED', 'COURSE', 'VIDEO',
                         'ARTICLE', 'WORKSHOP', 'BOOK', 'PODCAST', 'WEBINAR', 'MENTORING', 'OTHER')),
    level            text NOT NULL DEFAULT 'UNSPECIFIED'
                         CHECK (level IN ('UNSPECIFIED', 'BEGINNER', 'INTERMEDIATE', 'ADVANCED', 'EXPERT')),
    duration_minutes integer NOT NULL DEFAULT 0 CHECK (duration_minutes BETWEEN 0 AND 100000),
    -- A BCP 47 tag, lower-cased; '' = unknown.
    language         text NOT NULL DEFAULT '' CHECK (language = lower(language) AND char_length(language) <= 35),
    url              text NOT NULL DEFAULT ''
                         CHECK (url = '' OR (url ~* '^https?://' AND char_length(url) <= 2048)),
    rating           real CHECK (rating BETWEEN 0 AND 5),
    rating_count     bigint NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Competencies a course teaches, as its source assigns them. Like upskill.v1.Course.competency_ids they need not
-- (yet) be in the tenant's framework, so competency_id is not a foreign key.
CREATE TABLE course_competency (
    tenant_id     text NOT NULL,
    course_id     text NOT NULL,
    competency_id text NOT NULL CHECK (char_length(competency_id) BETWEEN 1 AND 128),
    PRIMARY KEY (tenant_id, course_id, competency_id),
    FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX course_competency_competency_idx ON course_competency (tenant_id, competency_id);

CREATE TABLE assessment_session (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           text NOT NULL,
    employee_id         text NOT NULL,
    status              text NOT NULL DEFAULT 'OPEN'
                            CHECK (status IN ('OPEN', 'SUBMITTED', 'GRADED', 'CANCELLED')),
    -- The Camunda process instance that runs it, if any.
    process_instance_id text,
    started_at          timestamptz NOT NULL DEFAULT now(),
    submitted_at        timestamptz,
    graded_at           timestamptz,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX assessment_session_employee_idx ON assessment_session (tenant_id, employee_id, started_at);

CREATE TABLE assessment_question (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id         text    NOT NULL,
    session_id        bigint  NOT NULL,
    position          integer NOT NULL CHECK (position >= 1),
    competency_id     text    NOT NULL,
    question          text    NOT NULL CHECK (char_length(question) BETWEEN 1 AND 10000),
    reference_answers text[]  NOT NULL DEFAULT '{}',
    key_points        text[]  NOT NULL DEFAULT '{}',
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, session_id, position),
    FOREIGN KEY (tenant_id, session_id) REFERENCES assessment_session (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id)
);

-- One answer per question; score and confidence are on a 0 to 1 scale, NULL until graded.
CREATE TABLE assessment_answer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text   NOT NULL,
    question_id bigint NOT NULL,
    answer      text   NOT NULL CHECK (char_length(answer) <= 20000),
    score       numeric(5, 4) CHECK (score BETWEEN 0 AND 1),
    confidence  numeric(5, 4) CHECK (confidence BETWEEN 0 AND 1),
    answered_at timestamptz NOT NULL DEFAULT now(),
    graded_at   timestamptz,
    UNIQUE (tenant_id, question_id),
    FOREIGN KEY (tenant_id, question_id) REFERENCES assessment_question (tenant_id, id) ON DELETE CASCADE,
    CHECK ((score IS NULL) = (graded_at IS NULL))
);

-- A session's result per competency: a 0 to 1 score and the level it maps to on the tenant's scale.
CREATE TABLE assessment_competency_score (
    tenant_id     text          NOT NULL,
    session_id    bigint        NOT NULL,
    competency_id text          NOT NULL,
    score         numeric(5, 4) NOT NULL CHECK (score BETWEEN 0 AND 1),
    level         smallint,
    PRIMARY KEY (tenant_id, session_id, competency_id),
    FOREIGN KEY (tenant_id, session_id) REFERENCES assessment_session (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    FOREIGN KEY (tenant_id, level) REFERENCES proficiency_level (tenant_id, level)
);

-- A learning path is a series of versioned snapshots per employee: a new version replaces the previous one
-- (which becomes SUPERSEDED) instead of editing it; only item status and timestamps change within a version.
CREATE TABLE learning_path (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           text    NOT NULL,
    employee_id         text    NOT NULL,
    version             integer NOT NULL CHECK (version >= 1),
    status              text    NOT NULL DEFAULT 'PROPOSED'
                            CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED', 'SUPERSEDED', 'COMPLETED')),
    process_instance_id text,
    created_by          text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    approved_by         text,
    approved_at         timestamptz,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, employee_id, version),
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE learning_path_item (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     text    NOT NULL,
    path_id       bigint  NOT NULL,
    position      integer NOT NULL CHECK (position >= 1),
    course_id     text    NOT NULL,
    -- The gap this item addresses, if any.
    competency_id text,
    reason        text,
    status        text    NOT NULL DEFAULT 'NOT_STARTED' CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE')),
    started_at    timestamptz,
    completed_at  timestamptz,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, path_id, position),
    UNIQUE (tenant_id, path_id, course_id),
    FOREIGN KEY (tenant_id, path_id) REFERENCES learning_path (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id),
    FOREIGN KEY (tenant_id, competency_id) REFERENCES competency (tenant_id, id),
    CHECK (status = 'DONE' OR completed_at IS NULL),
    CHECK (status <> 'NOT_STARTED' OR started_at IS NULL)
);
CREATE INDEX learning_path_item_course_idx ON learning_path_item (tenant_id, course_id);

-- What an employee did with a course (append only).
CREATE TABLE learning_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    text NOT NULL,
    employee_id  text NOT NULL,
    course_id    text NOT NULL,
    path_item_id bigint,
    type         text NOT NULL CHECK (type IN ('STARTED', 'OPENED', 'COMPLETED')),
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    details      jsonb,
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, course_id) REFERENCES course (tenant_id, id),
    FOREIGN KEY (tenant_id, path_item_id) REFERENCES learning_path_item (tenant_id, id) ON DELETE SET NULL (path_item_id)
);
CREATE INDEX learning_event_employee_idx ON learning_event (tenant_id, employee_id, occurred_at);
CREATE INDEX learning_event_course_idx ON learning_event (tenant_id, course_id);

-- Training rows for the inference server's AssignmentService: the 11 features of upskill.v1.AssignmentFeatures
-- (same names; NULL = unset, imputed by the server) and the success label. Ranges as documented there, except
-- experience, which is stored as observed and capped at 20 when sent.
CREATE TABLE assignment_outcome (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id              text NOT NULL,
    employee_id            text,
    task_id                text CHECK (task_id IS NULL OR char_length(task_id) <= 128),
    emp_experience_years   double precision CHECK (emp_experience_years >= 0),
    emp_workload_ratio     double precision CHECK (emp_workload_ratio BETWEEN 0 AND 1),
    emp_performance_rating double precision CHECK (emp_performance_rating BETWEEN 0 AND 5),
    emp_active_tasks       integer CHECK (emp_active_tasks BETWEEN 0 AND 1000),
    emp_availability       text CHECK (emp_availability IN ('AVAILABLE', 'BUSY', 'LIMITED')),
    task_priority          text CHECK (task_priority IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    task_complexity_score  double precision CHECK (task_complexity_score BETWEEN 1 AND 5),
    task_estimated_hours   double precision CHECK (task_estimated_hours BETWEEN 0 AND 10000),
    task_urgency_score     double precision CHECK (task_urgency_score BETWEEN 0 AND 1),
    skill_match_score      double precision CHECK (skill_match_score BETWEEN 0 AND 1),
    workload_compatibility double precision CHECK (workload_compatibility BETWEEN 0 AND 1),
    success                boolean NOT NULL,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    -- An erased employee's rows stay as anonymous training data.
    FOREIGN KEY (tenant_id, employee_id) REFERENCES employee (tenant_id, id) ON DELETE SET NULL (employee_id)
);
CREATE INDEX assignment_outcome_tenant_idx ON assignment_outcome (tenant_id, recorded_at);
CREATE INDEX assignment_outcome_employee_idx ON assignment_outcome (tenant_id, employee_id);

-- Who changed what, when (append only). actor is not a foreign key: it may be a system account, and audit rows
-- outlive the employees they mention.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text NOT NULL REFERENCES tenant (id),
    actor       text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 200),
    action      text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 100),
    entity_type text NOT NULL CHECK (char_length(entity_type) BETWEEN 1 AND 100),
    entity_id   text,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    details     jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (tenant_id, entity_type, entity_id, occurred_at);
CREATE INDEX audit_log_time_idx ON audit_log (tenant_id, occurred_at);

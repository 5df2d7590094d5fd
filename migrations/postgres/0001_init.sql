-- Flowline storage schema, PostgreSQL dialect.
-- JSON payloads are TEXT (not JSONB, which reorders keys). Names and ids use the "C" collation so
-- ordering (and keyset paging) is bytewise and matches SQLite.

CREATE TABLE workflows (
    name            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    enabled         BOOLEAN     NOT NULL,
    current_version BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Immutable: every save inserts version current_version + 1, numbered under the workflow row lock.
CREATE TABLE workflow_versions (
    workflow   TEXT COLLATE "C" NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    version    BIGINT      NOT NULL,
    document   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workflow, version)
);

CREATE TABLE runs (
    id                 TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    workflow           TEXT COLLATE "C" NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    version            BIGINT      NOT NULL,
    status             TEXT        NOT NULL,
    code               TEXT,
    error              TEXT,
    start_time         TIMESTAMPTZ NOT NULL,
    end_time           TIMESTAMPTZ,
    correlation_id     TEXT        NOT NULL,
    client_tracking_id TEXT        NOT NULL,
    trigger_info       TEXT        NOT NULL,
    outputs            TEXT,
    response           TEXT
);
CREATE INDEX runs_by_workflow ON runs (workflow, start_time DESC, id DESC);
CREATE INDEX runs_by_workflow_status ON runs (workflow, status, start_time DESC, id DESC);
CREATE INDEX runs_unfinished ON runs (start_time) WHERE status IN ('Waiting', 'Running');

-- repetition: the JSON array of {scopeName, itemIndex} ('[]' outside loops), a stable encoding.
CREATE TABLE action_attempts (
    run_id     TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    action     TEXT COLLATE "C" NOT NULL,
    repetition TEXT COLLATE "C" NOT NULL,
    attempt    BIGINT      NOT NULL,
    status     TEXT        NOT NULL,
    code       TEXT,
    inputs     TEXT,
    outputs    TEXT,
    error      TEXT,
    start_time TIMESTAMPTZ NOT NULL,
    end_time   TIMESTAMPTZ,
    PRIMARY KEY (run_id, action, repetition, attempt)
);

CREATE TABLE trigger_history (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    workflow     TEXT COLLATE "C" NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    trigger_name TEXT COLLATE "C" NOT NULL,
    status       TEXT        NOT NULL,
    code         TEXT,
    fired        BOOLEAN     NOT NULL,
    run_id       TEXT,
    inputs       TEXT,
    outputs      TEXT,
    error        TEXT,
    start_time   TIMESTAMPTZ NOT NULL,
    end_time     TIMESTAMPTZ
);
CREATE INDEX trigger_history_by_trigger
    ON trigger_history (workflow, trigger_name, start_time DESC, id DESC);

-- seq gives write order; key makes a replayed write count once (INSERT ... ON CONFLICT DO NOTHING).
-- Meters are billing history: they outlive the workflows and runs they bill, so no foreign keys.
CREATE TABLE meter_records (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key       TEXT COLLATE "C" NOT NULL UNIQUE,
    workflow  TEXT COLLATE "C" NOT NULL,
    run_id    TEXT COLLATE "C",
    operation TEXT        NOT NULL,
    category  TEXT        NOT NULL,
    units     BIGINT      NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX meter_records_by_run ON meter_records (run_id, seq);
CREATE INDEX meter_records_by_workflow ON meter_records (workflow, at);

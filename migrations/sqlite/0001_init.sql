-- Flowline storage schema, SQLite dialect.
-- Timestamps are INTEGER microseconds since the Unix epoch (UTC): narrow, exact, and they sort.
-- JSON payloads are TEXT exactly as serialized, so key order survives (no JSON parsing in SQL).

CREATE TABLE workflows (
    name            TEXT    NOT NULL PRIMARY KEY,
    enabled         INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Immutable: every save inserts version current_version + 1.
CREATE TABLE workflow_versions (
    workflow   TEXT    NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    document   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (workflow, version)
);

CREATE TABLE runs (
    id                 TEXT    NOT NULL PRIMARY KEY,
    workflow           TEXT    NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    status             TEXT    NOT NULL,
    code               TEXT,
    error              TEXT,
    start_time         INTEGER NOT NULL,
    end_time           INTEGER,
    correlation_id     TEXT    NOT NULL,
    client_tracking_id TEXT    NOT NULL,
    trigger_info       TEXT    NOT NULL,
    outputs            TEXT,
    response           TEXT
);
CREATE INDEX runs_by_workflow ON runs (workflow, start_time DESC, id DESC);
CREATE INDEX runs_by_workflow_status ON runs (workflow, status, start_time DESC, id DESC);
CREATE INDEX runs_unfinished ON runs (start_time) WHERE status IN ('Waiting', 'Running');

-- repetition: the JSON array of {scopeName, itemIndex} ('[]' outside loops), a stable encoding.
CREATE TABLE action_attempts (
    run_id     TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    action     TEXT    NOT NULL,
    repetition TEXT    NOT NULL,
    attempt    INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    code       TEXT,
    inputs     TEXT,
    outputs    TEXT,
    error      TEXT,
    start_time INTEGER NOT NULL,
    end_time   INTEGER,
    PRIMARY KEY (run_id, action, repetition, attempt)
);

CREATE TABLE trigger_history (
    id           TEXT    NOT NULL PRIMARY KEY,
    workflow     TEXT    NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    trigger_name TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    code         TEXT,
    fired        INTEGER NOT NULL,
    run_id       TEXT,
    inputs       TEXT,
    outputs      TEXT,
    error        TEXT,
    start_time   INTEGER NOT NULL,
    end_time     INTEGER
);
CREATE INDEX trigger_history_by_trigger
    ON trigger_history (workflow, trigger_name, start_time DESC, id DESC);

-- seq gives write order; key makes a replayed write count once (INSERT ... ON CONFLICT DO NOTHING).
-- Meters are billing history: they outlive the workflows and runs they bill, so no foreign keys.
CREATE TABLE meter_records (
    seq       INTEGER PRIMARY KEY,
    key       TEXT    NOT NULL UNIQUE,
    workflow  TEXT    NOT NULL,
    run_id    TEXT,
    operation TEXT    NOT NULL,
    category  TEXT    NOT NULL,
    units     INTEGER NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX meter_records_by_run ON meter_records (run_id, seq);
CREATE INDEX meter_records_by_workflow ON meter_records (workflow, at);

-- Trigger schedules of Recurrence and Http polling triggers: one row per trigger with the next
-- occurrence to fire. A node fires occurrence t only after moving next_at from t to the next one
-- with UPDATE ... WHERE next_at = t, so each occurrence fires on exactly one node. fingerprint is
-- the trigger's type, recurrence and inputs as text: a change plans the schedule again. anchor is
-- when the schedule was first planned (the start of a recurrence without startTime). state is JSON
-- carried between polls ({"nextUri": ...} from a Location header).
CREATE TABLE trigger_schedules (
    workflow     TEXT COLLATE "C" NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    trigger_name TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT        NOT NULL,
    anchor       TIMESTAMPTZ NOT NULL,
    next_at      TIMESTAMPTZ,
    state        TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workflow, trigger_name)
);

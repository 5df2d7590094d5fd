-- Durable execution: which node drives a run (a lease it renews), the lease version that fences a
-- node whose lease was taken over, a cancel request any node can leave for the owner, and the
-- run's variables as of its last committed variable action (restored when a run is resumed).
ALTER TABLE runs ADD COLUMN owner TEXT;
ALTER TABLE runs ADD COLUMN lease_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN lease_expires_at TIMESTAMPTZ;
ALTER TABLE runs ADD COLUMN cancel_requested BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX runs_by_owner ON runs (owner) WHERE status = 'Running';

CREATE TABLE run_variables (
    run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);

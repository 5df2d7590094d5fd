-- Child workflow calls made exactly once: each child run started by a parent's Workflow action is
-- linked to the idempotency key of the calling attempt, in the transaction that creates the run.
-- A parent re-driven after a crash looks the key up and rejoins the child instead of starting
-- another; a second child for the same (workflow, call_key) violates the unique constraint.
CREATE TABLE child_runs (
    run_id   TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    workflow TEXT COLLATE "C" NOT NULL,
    call_key TEXT COLLATE "C" NOT NULL,
    UNIQUE (workflow, call_key)
);

-- Tracked properties of runs (the trigger's and every action's), searchable by name and value.
-- Values are text: a string as it is, anything else as its JSON text.
CREATE TABLE run_tracked_properties (
    run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (run_id, name, value)
);
CREATE INDEX run_tracked_properties_by_value ON run_tracked_properties (name, value, run_id);
CREATE INDEX runs_by_workflow_tracking_id ON runs (workflow, client_tracking_id, start_time DESC);

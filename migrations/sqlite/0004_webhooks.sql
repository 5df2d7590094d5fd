-- Webhook subscriptions of HttpWebhook triggers and actions, keyed by their unguessable callback
-- id. owner_key is unique per owner: 'action:<run>/<action>/<repetition>' (one per repetition, so a
-- re-driven run finds its subscription) or 'trigger:<callback id>'. callback holds an action's
-- received payload {headers, body}, written before the caller is answered.
CREATE TABLE webhook_subscriptions (
    id          TEXT    NOT NULL PRIMARY KEY,
    workflow    TEXT    NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    owner_key   TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL,
    run_id      TEXT,
    name        TEXT    NOT NULL,
    repetition  TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    unsubscribe TEXT,
    callback    TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_by_workflow ON webhook_subscriptions (workflow, kind, state);

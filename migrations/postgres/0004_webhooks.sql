-- Webhook subscriptions of HttpWebhook triggers and actions, keyed by their unguessable callback
-- id. owner_key is unique per owner: 'action:<run>/<action>/<repetition>' (one per repetition, so a
-- re-driven run finds its subscription) or 'trigger:<callback id>'. callback holds an action's
-- received payload {headers, body}, written before the caller is answered.
CREATE TABLE webhook_subscriptions (
    id          TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    workflow    TEXT COLLATE "C" NOT NULL REFERENCES workflows (name) ON DELETE CASCADE,
    owner_key   TEXT COLLATE "C" NOT NULL UNIQUE,
    kind        TEXT        NOT NULL,
    run_id      TEXT COLLATE "C",
    name        TEXT        NOT NULL,
    repetition  TEXT        NOT NULL,
    version     BIGINT      NOT NULL,
    state       TEXT        NOT NULL,
    unsubscribe TEXT,
    callback    TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_subscriptions_by_workflow ON webhook_subscriptions (workflow, kind, state);

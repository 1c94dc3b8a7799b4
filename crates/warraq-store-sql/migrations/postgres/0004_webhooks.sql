-- Webhooks and WebSub pings: the endpoints, where the dispatcher is in the change log,
-- what it last announced of each article, and the delivery log.

-- `kind` is `webhook` (signed JSON events) or `websub` (the hub of --websub-hub, one
-- active at most). Removed endpoints stay inactive: the delivery log names them.
-- `secret` is the HMAC key and has to be kept as is (it signs, it is not checked).
CREATE TABLE webhook_endpoints (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       TEXT        NOT NULL,
    url        TEXT        NOT NULL,
    secret     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    active     BOOLEAN     NOT NULL DEFAULT TRUE
);
CREATE UNIQUE INDEX webhook_endpoints_active_url ON webhook_endpoints (kind, url) WHERE active;

-- One row. The dispatcher has dealt with every change-log entry up to `position`.
-- Starts at the end of the log: history from before webhooks existed is not replayed.
-- The lease columns serve SQLite only: on PostgreSQL the dispatcher holds a session
-- advisory lock, which the server releases when its holder dies.
CREATE TABLE webhook_dispatch (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    position     BIGINT NOT NULL,
    lease_holder TEXT,
    lease_until  TIMESTAMPTZ
);
INSERT INTO webhook_dispatch (id, position) SELECT 1, COALESCE(MAX(seq), 0) FROM change_log;

-- What the endpoints were last told about an article: published (visible) or not, and
-- which version. Articles readers see now count as announced, so that a correction to
-- one of them is an `article.updated`, not a first publication.
CREATE TABLE webhook_announced (
    article_id BIGINT  PRIMARY KEY REFERENCES articles (id),
    visible    BOOLEAN NOT NULL,
    version    BIGINT  NOT NULL
);
INSERT INTO webhook_announced (article_id, visible, version)
    SELECT id, TRUE, version FROM articles
    WHERE visible_from IS NOT NULL AND visible_from <= now();

-- One row per (endpoint, event). `body` is the exact text sent and signed (TEXT, not
-- JSONB, which would rewrite it).
-- `next_attempt_at` is NULL once delivered or given up.
CREATE TABLE webhook_deliveries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    endpoint_id     BIGINT      NOT NULL REFERENCES webhook_endpoints (id),
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    article_id      BIGINT,
    body            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    last_attempt_at TIMESTAMPTZ,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    given_up_at     TIMESTAMPTZ,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;

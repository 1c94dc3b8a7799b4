-- Webhooks and WebSub pings: the endpoints, where the dispatcher is in the change log
-- (and its lease), what it last announced of each article, and the delivery log.

-- `kind` is `webhook` (signed JSON events) or `websub` (the hub of --websub-hub, one
-- active at most). Removed endpoints stay inactive: the delivery log names them.
-- `secret` is the HMAC key and has to be kept as is (it signs, it is not checked).
CREATE TABLE webhook_endpoints (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX webhook_endpoints_active_url ON webhook_endpoints (kind, url) WHERE active;

-- One row. The dispatcher has dealt with every change-log entry up to `position`.
-- Starts at the end of the log: history from before webhooks existed is not replayed.
-- `lease_holder` / `lease_until`: who dispatches, until when unless renewed (SQLite has
-- no session locks; a holder that dies stops renewing and another takes over).
CREATE TABLE webhook_dispatch (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    position     INTEGER NOT NULL,
    lease_holder TEXT,
    lease_until  INTEGER
);
INSERT INTO webhook_dispatch (id, position) SELECT 1, COALESCE(MAX(seq), 0) FROM change_log;

-- What the endpoints were last told about an article: published (visible) or not, and
-- which version. Articles readers see now count as announced, so that a correction to
-- one of them is an `article.updated`, not a first publication.
CREATE TABLE webhook_announced (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id),
    visible    INTEGER NOT NULL,
    version    INTEGER NOT NULL
);
INSERT INTO webhook_announced (article_id, visible, version)
    SELECT id, 1, version FROM articles
    WHERE visible_from IS NOT NULL
      AND visible_from <= CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER);

-- One row per (endpoint, event). `body` is the exact text sent and signed.
-- `next_attempt_at` is NULL once delivered or given up.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id),
    event_id        TEXT    NOT NULL,
    event_type      TEXT    NOT NULL,
    article_id      INTEGER,
    body            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    last_attempt_at INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER,
    given_up_at     INTEGER,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint_id, next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;

-- Newsroom accounts (users, browser sessions, API tokens) and the audit log; corrections
-- on articles; the authors of each article as rows (the author filter of lists); the
-- folded words of each picture (the media library search).

-- The e-mail is kept normalised (lower-cased, trimmed), so UNIQUE means one account per
-- address. `password_hash` is an argon2id PHC string, never a password.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    person_id     INTEGER REFERENCES people (id),
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

-- `id_hash` is the SHA-256 of the cookie's token: a copy of the table logs nobody in.
CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    user_agent   TEXT,
    address      TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Only the SHA-256 of a token is kept; revoked tokens stay, for the audit trail.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label        TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- AUTOINCREMENT, as for the change log: a sequence number is never handed out twice.
-- `actor` is `user:<id>`, `import` or `system`; `subject` `article:12`, `user:3`, ...
CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL,
    detail  TEXT    NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject, seq);

-- Corrections made after publication (a JSON array of {at, note}), oldest first.
ALTER TABLE articles ADD COLUMN corrections TEXT NOT NULL DEFAULT '[]';

-- One row per (article, author) in `author_ids`, so that an author's articles are found
-- by an index. No foreign key: imports may name people the catalog does not hold.
CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    person_id  INTEGER NOT NULL,
    PRIMARY KEY (article_id, person_id)
);
CREATE INDEX article_authors_by_person ON article_authors (person_id, article_id);
INSERT OR IGNORE INTO article_authors (article_id, person_id)
    SELECT a.id, author.value FROM articles a, json_each(a.author_ids) AS author;

-- fold_for_matching of the caption, the credit and the alt text, one per line. Folding
-- is Rust code (warraq_domain::arabic), so rows from before this migration start NULL
-- and the store fills them when it opens (SqlStore::migrated); searches skip NULLs.
ALTER TABLE media ADD COLUMN search_text TEXT;

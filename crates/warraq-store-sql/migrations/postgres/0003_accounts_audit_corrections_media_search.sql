-- Newsroom accounts (users, browser sessions, API tokens) and the audit log; corrections
-- on articles; the authors of each article as rows (the author filter of lists); the
-- folded words of each picture (the media library search).

-- The e-mail is kept normalised (lower-cased, trimmed), so UNIQUE means one account per
-- address. `password_hash` is an argon2id PHC string, never a password.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT        NOT NULL UNIQUE,
    display_name  TEXT        NOT NULL,
    role          TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    person_id     BIGINT      REFERENCES people (id),
    disabled      BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL
);

-- `id_hash` is the SHA-256 of the cookie's token: a copy of the table logs nobody in.
CREATE TABLE sessions (
    id_hash      TEXT        PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    user_agent   TEXT,
    address      TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Only the SHA-256 of a token is kept; revoked tokens stay, for the audit trail.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label        TEXT        NOT NULL,
    token_hash   TEXT        NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked      BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Numbers are handed out at insert time; writers serialise on the change-log advisory
-- lock (see src/db.rs), so they follow commit order here too.
-- `actor` is `user:<id>`, `import` or `system`; `subject` `article:12`, `user:3`, ...
CREATE TABLE audit_log (
    seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    actor   TEXT        NOT NULL,
    action  TEXT        NOT NULL,
    subject TEXT        NOT NULL,
    detail  JSONB       NOT NULL
);
CREATE INDEX audit_log_by_subject ON audit_log (subject, seq);

-- Corrections made after publication (an array of {at, note}), oldest first.
ALTER TABLE articles ADD COLUMN corrections JSONB NOT NULL DEFAULT '[]';

-- One row per (article, author) in `author_ids`, so that an author's articles are found
-- by an index. No foreign key: imports may name people the catalog does not hold.
CREATE TABLE article_authors (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    person_id  BIGINT NOT NULL,
    PRIMARY KEY (article_id, person_id)
);
CREATE INDEX article_authors_by_person ON article_authors (person_id, article_id);
INSERT INTO article_authors (article_id, person_id)
    SELECT a.id, author::BIGINT FROM articles a, jsonb_array_elements_text(a.author_ids) AS author
    ON CONFLICT DO NOTHING;

-- fold_for_matching of the caption, the credit and the alt text, one per line. Folding
-- is Rust code (warraq_domain::arabic), so rows from before this migration start NULL
-- and the store fills them when it opens (SqlStore::migrated); searches skip NULLs.
ALTER TABLE media ADD COLUMN search_text TEXT;

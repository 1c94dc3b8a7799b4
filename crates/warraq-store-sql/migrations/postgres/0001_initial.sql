-- warraq's PostgreSQL schema: the same shape as the SQLite one, with native types
-- (TIMESTAMPTZ, JSONB, BYTEA). Tables are created unqualified, in the first schema of the
-- search path, so tests can migrate into a schema of their own.

CREATE TABLE sections (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name      TEXT    NOT NULL,
    slug      TEXT    NOT NULL UNIQUE,
    parent_id BIGINT  REFERENCES sections (id),
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agencies (
    code     TEXT PRIMARY KEY,
    short_ar TEXT  NOT NULL,
    name_ar  TEXT  NOT NULL,
    name_en  TEXT  NOT NULL,
    aliases  JSONB NOT NULL DEFAULT '[]'
);

CREATE TABLE people (
    id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    slug  TEXT NOT NULL,
    title TEXT
);

CREATE TABLE bureaus (
    id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    city TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL
);

CREATE TABLE blobs (
    key   TEXT PRIMARY KEY,
    mime  TEXT  NOT NULL,
    bytes BYTEA NOT NULL
);

CREATE TABLE media (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file       TEXT,
    source_url TEXT,
    mime       TEXT,
    width      BIGINT,
    height     BIGINT,
    byte_size  BIGINT,
    alt        TEXT        NOT NULL,
    caption    TEXT        NOT NULL,
    credit     JSONB,
    archive    BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_by_source_url ON media (source_url);

CREATE TABLE articles (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    headline        TEXT        NOT NULL,
    -- fold_for_matching(headline): finds the same story under other spellings.
    headline_folded TEXT        NOT NULL,
    subheadline     TEXT,
    slug            TEXT        NOT NULL,
    lede            TEXT        NOT NULL,
    body            JSONB       NOT NULL,
    section_id      BIGINT      NOT NULL REFERENCES sections (id),
    tags            JSONB       NOT NULL,
    author_ids      JSONB       NOT NULL,
    byline          TEXT,
    bureau_id       BIGINT      REFERENCES bureaus (id),
    wire_sources    JSONB       NOT NULL,
    hero_id         BIGINT      REFERENCES media (id),
    related         JSONB       NOT NULL,
    status          TEXT        NOT NULL,
    published_at    TIMESTAMPTZ,
    extra           JSONB       NOT NULL,
    -- published_at, or created_at while unpublished: the list order.
    sort_at         TIMESTAMPTZ NOT NULL,
    version         BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX articles_by_sort ON articles (sort_at DESC, id DESC);
CREATE INDEX articles_by_status ON articles (status, sort_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, status, sort_at DESC, id DESC);
CREATE INDEX articles_by_headline ON articles (headline_folded);

CREATE TABLE source_keys (
    key        TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id)
);

CREATE TABLE redirects (
    path       TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id)
);

-- Sequence numbers are handed out at insert time, not commit time; writers serialise on
-- an advisory lock (see src/tx.rs) so that they still follow commit order.
CREATE TABLE change_log (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity    TEXT        NOT NULL,
    entity_id TEXT        NOT NULL,
    kind      TEXT        NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);

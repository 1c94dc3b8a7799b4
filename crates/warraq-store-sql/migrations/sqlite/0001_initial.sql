-- warraq's SQLite schema. Times are INTEGER unix microseconds (UTC), so they compare and
-- sort as numbers and round-trip exactly; JSON documents are TEXT.

CREATE TABLE sections (
    id        INTEGER PRIMARY KEY,
    name      TEXT    NOT NULL,
    slug      TEXT    NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES sections (id),
    position  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agencies (
    code     TEXT PRIMARY KEY,
    short_ar TEXT NOT NULL,
    name_ar  TEXT NOT NULL,
    name_en  TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE people (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    slug  TEXT NOT NULL,
    title TEXT
);

CREATE TABLE bureaus (
    id   INTEGER PRIMARY KEY,
    city TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL
);

CREATE TABLE blobs (
    key   TEXT PRIMARY KEY,
    mime  TEXT NOT NULL,
    bytes BLOB NOT NULL
);

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    file       TEXT,
    source_url TEXT,
    mime       TEXT,
    width      INTEGER,
    height     INTEGER,
    byte_size  INTEGER,
    alt        TEXT    NOT NULL,
    caption    TEXT    NOT NULL,
    credit     TEXT,
    archive    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX media_by_source_url ON media (source_url);

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    headline        TEXT    NOT NULL,
    -- fold_for_matching(headline): finds the same story under other spellings.
    headline_folded TEXT    NOT NULL,
    subheadline     TEXT,
    slug            TEXT    NOT NULL,
    lede            TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    section_id      INTEGER NOT NULL REFERENCES sections (id),
    tags            TEXT    NOT NULL,
    author_ids      TEXT    NOT NULL,
    byline          TEXT,
    bureau_id       INTEGER REFERENCES bureaus (id),
    wire_sources    TEXT    NOT NULL,
    hero_id         INTEGER REFERENCES media (id),
    related         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    published_at    INTEGER,
    extra           TEXT    NOT NULL,
    -- published_at, or created_at while unpublished: the list order.
    sort_at         INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX articles_by_sort ON articles (sort_at DESC, id DESC);
CREATE INDEX articles_by_status ON articles (status, sort_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, status, sort_at DESC, id DESC);
CREATE INDEX articles_by_headline ON articles (headline_folded);

CREATE TABLE source_keys (
    key        TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id)
);

CREATE TABLE redirects (
    path       TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id)
);

-- AUTOINCREMENT: a sequence number is never handed out twice, even after old entries
-- are pruned. SQLite has one writer at a time, so numbers follow commit order.
CREATE TABLE change_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    entity    TEXT    NOT NULL,
    entity_id TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    at        INTEGER NOT NULL
);

-- One row per (article, tag slug), so that a tag's articles are found by an index. The
-- slug is `warraq_domain::arabic::slugify` of the tag: spellings that differ only in
-- diacritics, tatweel or digit system share a page. Rewritten with every save.
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    tag_slug   TEXT    NOT NULL,
    PRIMARY KEY (article_id, tag_slug)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_slug, article_id);

-- Slugs are Rust code, so the rows of articles written before this migration are made
-- when the store opens (SqlStore::migrated), from this list, which it empties.
CREATE TABLE article_tags_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id)
);
INSERT INTO article_tags_pending (article_id)
    SELECT id FROM articles WHERE json_array_length(tags) > 0;

-- A person's slug is the address of their page (/author/{slug}), so it names one person.
-- Names that slug alike (they differ in diacritics or punctuation) were possible until
-- now: every such person but the first gets `--{id}`, which slugify never makes (it
-- never repeats a hyphen), so the renamed slugs cannot meet an existing one. A person
-- whose name slugged to nothing gets `person--{id}`.
UPDATE people SET slug = 'person--' || id WHERE slug = '';
UPDATE people SET slug = slug || '--' || id
    WHERE EXISTS (SELECT 1 FROM people AS earlier
                  WHERE earlier.slug = people.slug AND earlier.id < people.id);
CREATE UNIQUE INDEX people_by_slug ON people (slug);

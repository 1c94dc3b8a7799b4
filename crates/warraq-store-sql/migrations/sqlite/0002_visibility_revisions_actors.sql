-- The storage core: the visibility rule kept beside each article, revisions, the pictures
-- each article shows, and who made every change.

-- When readers may first see the article (ArticleDraft::visible_from, unix microseconds);
-- NULL while its status keeps it from readers. Every reader query asks
-- `visible_from <= now`.
ALTER TABLE articles ADD COLUMN embargo_until INTEGER;
ALTER TABLE articles ADD COLUMN visible_from INTEGER;
UPDATE articles SET visible_from = published_at WHERE status = 'published';
CREATE INDEX articles_by_section_sort ON articles (section_id, sort_at DESC, id DESC);
CREATE INDEX articles_by_visible_from ON articles (visible_from);

-- Every save keeps the whole content (a JSON ArticleDraft), who saved it and when.
CREATE TABLE revisions (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    version    INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    content    TEXT    NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The pictures an article shows (hero and body), so that a picture is served only while
-- a visible article shows it.
CREATE TABLE article_media (
    article_id INTEGER NOT NULL REFERENCES articles (id),
    media_id   INTEGER NOT NULL REFERENCES media (id),
    PRIMARY KEY (article_id, media_id)
);
CREATE INDEX article_media_by_media ON article_media (media_id);
INSERT OR IGNORE INTO article_media (article_id, media_id)
    SELECT id, hero_id FROM articles WHERE hero_id IS NOT NULL;
INSERT OR IGNORE INTO article_media (article_id, media_id)
    SELECT a.id, json_extract(block.value, '$.media_id')
    FROM articles a, json_each(a.body) AS block
    WHERE json_extract(block.value, '$.type') = 'image'
      AND json_extract(block.value, '$.media_id') IN (SELECT id FROM media);

-- Who made each change: `user:<id>`, `import` or `system`.
ALTER TABLE change_log ADD COLUMN actor TEXT NOT NULL DEFAULT 'system';
CREATE INDEX change_log_by_at ON change_log (at);

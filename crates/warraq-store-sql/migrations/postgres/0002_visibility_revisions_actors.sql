-- The storage core: the visibility rule kept beside each article, revisions, the pictures
-- each article shows, and who made every change.

-- When readers may first see the article (ArticleDraft::visible_from); NULL while its
-- status keeps it from readers. Every reader query asks `visible_from <= now`.
ALTER TABLE articles ADD COLUMN embargo_until TIMESTAMPTZ;
ALTER TABLE articles ADD COLUMN visible_from TIMESTAMPTZ;
UPDATE articles SET visible_from = published_at WHERE status = 'published';
CREATE INDEX articles_by_section_sort ON articles (section_id, sort_at DESC, id DESC);
CREATE INDEX articles_by_visible_from ON articles (visible_from);

-- Every save keeps the whole content (an ArticleDraft), who saved it and when.
CREATE TABLE revisions (
    article_id BIGINT      NOT NULL REFERENCES articles (id),
    version    BIGINT      NOT NULL,
    actor      TEXT        NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    content    JSONB       NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The pictures an article shows (hero and body), so that a picture is served only while
-- a visible article shows it.
CREATE TABLE article_media (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    media_id   BIGINT NOT NULL REFERENCES media (id),
    PRIMARY KEY (article_id, media_id)
);
CREATE INDEX article_media_by_media ON article_media (media_id);
INSERT INTO article_media (article_id, media_id)
    SELECT id, hero_id FROM articles WHERE hero_id IS NOT NULL
    ON CONFLICT DO NOTHING;
INSERT INTO article_media (article_id, media_id)
    SELECT a.id, (block ->> 'media_id')::BIGINT
    FROM articles a, jsonb_array_elements(a.body) AS block
    WHERE block ->> 'type' = 'image'
      AND (block ->> 'media_id')::BIGINT IN (SELECT id FROM media)
    ON CONFLICT DO NOTHING;

-- Who made each change: `user:<id>`, `import` or `system`.
ALTER TABLE change_log ADD COLUMN actor TEXT NOT NULL DEFAULT 'system';
CREATE INDEX change_log_by_at ON change_log (at);

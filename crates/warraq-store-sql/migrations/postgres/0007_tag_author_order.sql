-- A tag's and an author's pages list their articles newest first, 12 at a time. Found
-- through `article_tags` / `article_authors` by slug or person alone, every article of the
-- tag had to be read and sorted (a common tag holds a tenth of a million-article store),
-- or the whole store walked in order to find a rare tag's few. Each row now carries its
-- article's place in the list order (`articles.sort_at`, rewritten with the rows on every
-- save), so that a page is an index walk from its cursor: the same cost at any size.
ALTER TABLE article_tags ADD COLUMN sort_at TIMESTAMPTZ;
UPDATE article_tags t SET sort_at = a.sort_at FROM articles a WHERE a.id = t.article_id;
ALTER TABLE article_tags ALTER COLUMN sort_at SET NOT NULL;
DROP INDEX article_tags_by_tag;
CREATE INDEX article_tags_by_tag ON article_tags (tag_slug, sort_at DESC, article_id DESC);

ALTER TABLE article_authors ADD COLUMN sort_at TIMESTAMPTZ;
UPDATE article_authors t SET sort_at = a.sort_at FROM articles a WHERE a.id = t.article_id;
ALTER TABLE article_authors ALTER COLUMN sort_at SET NOT NULL;
DROP INDEX article_authors_by_person;
CREATE INDEX article_authors_by_person
    ON article_authors (person_id, sort_at DESC, article_id DESC);

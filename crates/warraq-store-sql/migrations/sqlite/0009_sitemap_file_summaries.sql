-- The sitemap index lists every article sitemap file with its count and last change. Read
-- from `articles_for_sitemaps`, that is one range count per file, so every article's index
-- entry once: 0.8 s at a million articles, linear in the store. Each file's summary is
-- kept here once computed, so that the index reads one row per file and recomputes only
-- the files a write touched since (or where a scheduled story's moment came).
--
-- `per_file` is a site setting, not the store's: a summary is kept per size of file.
-- `computed_at` and `recheck_at` bound the moments it is true for: at `computed_at` the
-- file showed `urls` articles, the latest changed at `lastmod` (NULL: none visible), and
-- nothing changes that until `recheck_at`, the earliest moment a hidden story of the file
-- becomes visible (NULL: none waits).
CREATE TABLE sitemap_file_summaries (
    per_file    INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    first_id    INTEGER NOT NULL,
    last_id     INTEGER NOT NULL,
    urls        INTEGER NOT NULL,
    lastmod     INTEGER,
    computed_at INTEGER NOT NULL,
    recheck_at  INTEGER,
    PRIMARY KEY (per_file, number)
);
-- Writes find the summaries of their article's id by the range's end: the articles edited
-- are mostly the newest, whose file is the last.
CREATE INDEX sitemap_file_summaries_by_last_id ON sitemap_file_summaries (last_id);

-- Every write that changes what a sitemap shows of an article drops its file's summaries,
-- in the writer's transaction. The summaries are written back only inside a write
-- transaction too (writers take turns), so none can outlive a write it did not see.
CREATE TRIGGER sitemap_summary_on_insert AFTER INSERT ON articles
BEGIN
    DELETE FROM sitemap_file_summaries WHERE last_id >= NEW.id AND first_id <= NEW.id;
END;
CREATE TRIGGER sitemap_summary_on_update
AFTER UPDATE OF id, slug, visible_from, updated_at, hero_id ON articles
BEGIN
    DELETE FROM sitemap_file_summaries WHERE last_id >= OLD.id AND first_id <= OLD.id;
    DELETE FROM sitemap_file_summaries WHERE last_id >= NEW.id AND first_id <= NEW.id;
END;
CREATE TRIGGER sitemap_summary_on_delete AFTER DELETE ON articles
BEGIN
    DELETE FROM sitemap_file_summaries WHERE last_id >= OLD.id AND first_id <= OLD.id;
END;

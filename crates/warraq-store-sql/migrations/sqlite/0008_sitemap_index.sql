-- The article sitemaps are cut by id, a thousand ids a file (warraq_store::SitemapFile).
-- A file's count and last change, and its URLs, are read from this index alone: the
-- articles' rows hold their text (kilobytes each, and on SQLite the later columns sit
-- behind overflow pages), and a file would otherwise read a thousand of them.
CREATE INDEX articles_for_sitemaps ON articles (id, visible_from, updated_at, hero_id, slug);

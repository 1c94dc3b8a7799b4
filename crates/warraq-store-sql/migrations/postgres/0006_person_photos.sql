-- A person's photo: a picture of the media library (with its renditions), shown on their
-- author page and in its structured data. Optional; people written before have none.
-- Readers may see it while an article they may see carries the person's name
-- (media_is_visible asks through this column), so the index finds whose photo it is.
ALTER TABLE people ADD COLUMN photo_id BIGINT REFERENCES media (id);
CREATE INDEX people_by_photo ON people (photo_id) WHERE photo_id IS NOT NULL;

//! The article sitemaps' slices. Sitemap files are cut by article id, not by position in
//! the newest-first list: file `n` holds the visible articles whose ids are in
//! `(n - 1) × per_file + 1 ..= n × per_file`, so that it never holds more than `per_file`
//! URLs, publishing a story changes only the file its id falls in (crawlers re-read one
//! file, not every file shifted by one), and reading one file is a walk of one id range,
//! the same cost at a thousand articles as at a million.

use chrono::{DateTime, Utc};
use warraq_domain::{ArticleId, MediaId};

/// One article sitemap file that holds at least one visible article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SitemapFile {
    /// From 1: the file of ids `(number - 1) × per_file + 1 ..= number × per_file`.
    pub number: u32,
    /// How many visible articles it lists.
    pub urls: u64,
    /// The latest `updated_at` among them.
    pub lastmod: DateTime<Utc>,
}

/// What a sitemap needs of one visible article: its address and hero picture, not its
/// text (a file lists up to a thousand of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub id: ArticleId,
    pub slug: String,
    pub updated_at: DateTime<Utc>,
    pub hero_id: Option<MediaId>,
}

/// The ids of file `number` (from 1) at `per_file` ids a file, or `None` for a number or
/// size that cannot be a file (0, or beyond the ids a store can hold).
pub fn sitemap_id_range(number: u32, per_file: u32) -> Option<(i64, i64)> {
    if number == 0 || per_file == 0 {
        return None;
    }
    let per_file = i64::from(per_file);
    let last = i64::from(number).checked_mul(per_file)?;
    Some((last - per_file + 1, last))
}

#[cfg(test)]
mod tests {
    use super::sitemap_id_range;

    #[test]
    fn files_cut_the_ids_into_consecutive_ranges() {
        assert_eq!(sitemap_id_range(1, 50_000), Some((1, 50_000)));
        assert_eq!(sitemap_id_range(2, 50_000), Some((50_001, 100_000)));
        assert_eq!(sitemap_id_range(3, 10), Some((21, 30)));
        assert_eq!(sitemap_id_range(0, 10), None);
        assert_eq!(sitemap_id_range(1, 0), None);
        // The largest file number at the real size still names a range.
        assert_eq!(
            sitemap_id_range(u32::MAX, 50_000),
            Some((214_748_364_700_001, 214_748_364_750_000))
        );
        // Beyond what an i64 id can be: no file.
        assert_eq!(sitemap_id_range(u32::MAX, u32::MAX), None);
    }
}

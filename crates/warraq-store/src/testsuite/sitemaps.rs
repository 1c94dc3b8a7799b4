//! The article sitemaps' slices: files cut by id, holding only what readers may see at the
//! moment asked, with each file's count and latest change.

use std::ops::RangeInclusive;

use chrono::{DateTime, Duration, Utc};
use warraq_domain::{Article, Status};

use super::fixtures::{ACTOR, published, section};
use super::media::photo;
use crate::one_shot::StoreWrites;
use crate::sitemap::{SitemapEntry, SitemapFile, sitemap_id_range};
use crate::store::Store;

/// Every file number: the whole sitemap.
const EVERY_FILE: RangeInclusive<u32> = 1..=u32::MAX;

/// What file `number`, at `per_file` ids a file, should hold of `articles` at `now`, newest id first.
fn expected_entries(
    articles: &[Article],
    now: DateTime<Utc>,
    number: u32,
    per_file: u32,
) -> Vec<SitemapEntry> {
    let (first, last) = sitemap_id_range(number, per_file).expect("a file number");
    let mut entries: Vec<SitemapEntry> = articles
        .iter()
        .filter(|a| a.is_visible_at(now) && (first..=last).contains(&a.id.0))
        .map(|a| SitemapEntry {
            id: a.id,
            slug: a.slug.clone(),
            updated_at: a.updated_at,
            hero_id: a.hero_id,
        })
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.id));
    entries
}

/// The files `articles` should make at `now`, `per_file` ids a file.
fn expected_files(articles: &[Article], now: DateTime<Utc>, per_file: u32) -> Vec<SitemapFile> {
    let last_id = articles.iter().map(|a| a.id.0).max().unwrap_or(0);
    let per_file_id = i64::from(per_file);
    (1..=u32::try_from((last_id + per_file_id - 1) / per_file_id).expect("few files"))
        .filter_map(|number| {
            let entries = expected_entries(articles, now, number, per_file);
            let lastmod = entries.iter().map(|e| e.updated_at).max()?;
            Some(SitemapFile {
                number,
                urls: entries.len() as u64,
                lastmod,
            })
        })
        .collect()
}

pub async fn sitemap_files_cut_visible_articles_by_id_and_show_no_hidden_one(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let now = Utc::now();
    let soon = now + Duration::hours(2);
    let hero = store
        .create_media(ACTOR, &photo("https://images.example.org/sitemap.jpg"))
        .await
        .expect("hero");
    let mut articles = Vec::new();
    // Eight stories: published ones (one with a hero), a draft, a scheduled one and an
    // embargoed one, so that with 3 ids a file some files mix the two and one file has
    // nothing readers may see yet.
    let plan = [
        "published",
        "published-hero",
        "draft",
        "scheduled",
        "embargoed",
        "draft",
        "published",
        "published",
    ];
    for (n, kind) in plan.iter().enumerate() {
        let mut story = published(&format!("خبر رقم {n}"), news.id, "2026-01-05T08:00:00Z");
        match *kind {
            "published-hero" => story.hero_id = Some(hero.id),
            "draft" => {
                story.status = Status::Draft;
                story.published_at = None;
            }
            "scheduled" => {
                story.status = Status::Scheduled;
                story.published_at = Some(soon);
            }
            "embargoed" => {
                story.status = Status::Embargoed;
                story.embargo_until = Some(soon);
            }
            _ => {}
        }
        articles.push(store.create_article(ACTOR, &story).await.expect("create"));
    }

    for moment in [now, soon] {
        let files = store
            .sitemap_files(moment, 3, EVERY_FILE)
            .await
            .expect("files");
        assert_eq!(
            files,
            expected_files(&articles, moment, 3),
            "files at {moment}"
        );
        for number in 1..=4 {
            assert_eq!(
                store
                    .sitemap_entries(moment, number, 3)
                    .await
                    .expect("entries"),
                expected_entries(&articles, moment, number, 3),
                "file {number} at {moment}"
            );
        }
    }
    // Before their moment the scheduled and the embargoed story are in no file, and a file
    // of only hidden stories is not listed at all.
    let hidden = [articles[3].id, articles[4].id];
    let listed_now: Vec<_> = store
        .sitemap_files(now, 3, EVERY_FILE)
        .await
        .expect("files")
        .iter()
        .map(|f| f.number)
        .collect();
    for number in listed_now {
        let ids: Vec<_> = store
            .sitemap_entries(now, number, 3)
            .await
            .expect("entries")
            .iter()
            .map(|e| e.id)
            .collect();
        assert!(hidden.iter().all(|id| !ids.contains(id)), "{ids:?}");
    }

    // An edit moves its file's last change; a file number that holds nothing is empty.
    let edited = &articles[0];
    let mut content = edited.content.clone();
    content.lede = "موجز معدل".into();
    let edited = store
        .update_article(ACTOR, edited.id, &content, None)
        .await
        .expect("edit");
    let file = u32::try_from((edited.id.0 - 1) / 3 + 1).expect("a file");
    let files = store
        .sitemap_files(now, 3, EVERY_FILE)
        .await
        .expect("files");
    let lastmod = files.iter().find(|f| f.number == file).expect("its file");
    assert_eq!(lastmod.lastmod, edited.updated_at);
    articles[0] = edited;

    // The index is kept per file between reads (SQL: `sitemap_file_summaries`); every
    // write must show in the next read, whatever the file size asked. Both sizes are read
    // first, so that each has its files summarised before the writes below.
    for per_file in [3, 2] {
        let files = store
            .sitemap_files(now, per_file, EVERY_FILE)
            .await
            .expect("files");
        assert_eq!(
            files,
            store
                .sitemap_files(now, per_file, EVERY_FILE)
                .await
                .expect("again")
        );
    }
    // Unpublishing id 7 leaves file 3 (ids 7–9) with id 8 only, and file 4 of the
    // two-id files (ids 7–8) with one URL.
    let mut content = articles[6].content.clone();
    content.status = Status::Draft;
    content.published_at = None;
    articles[6] = store
        .update_article(ACTOR, articles[6].id, &content, None)
        .await
        .expect("unpublish");
    assert!(!articles[6].is_visible_at(now));
    // A new story, id 9, lands in file 3 and in a fifth two-id file.
    let story = published("خبر جديد", news.id, "2026-01-06T08:00:00Z");
    articles.push(store.create_article(ACTOR, &story).await.expect("create"));
    for per_file in [3, 2] {
        assert_eq!(
            store
                .sitemap_files(now, per_file, EVERY_FILE)
                .await
                .expect("files"),
            expected_files(&articles, now, per_file),
            "{per_file} ids a file after the writes"
        );
    }
    let file_3 = store
        .sitemap_files(now, 3, EVERY_FILE)
        .await
        .expect("files");
    let file_3 = file_3.iter().find(|f| f.number == 3).expect("file 3");
    assert_eq!(file_3.urls, 2, "ids 8 and 9");
    assert_eq!(
        file_3.lastmod,
        articles[8].updated_at.max(articles[7].updated_at)
    );

    assert!(
        store
            .sitemap_entries(now, 1_000, 3)
            .await
            .expect("far")
            .is_empty()
    );
    assert!(
        store
            .sitemap_entries(now, 0, 3)
            .await
            .expect("zero")
            .is_empty()
    );
}

pub async fn an_empty_store_has_no_sitemap_file(store: &dyn Store) {
    assert_eq!(store.last_sitemap_file(1_000).await.expect("last"), 0);
    assert!(
        store
            .sitemap_files(Utc::now(), 50_000, EVERY_FILE)
            .await
            .expect("files")
            .is_empty()
    );
}

/// More files than one write transaction summarises (64, in the SQL store): every one is
/// listed on the first read, and the same on the next, when they are read from the kept
/// summaries.
pub async fn a_sitemap_index_of_many_files_is_summarised_and_kept_whole(store: &dyn Store) {
    let news = section(store, "أخبار", 0).await;
    let mut articles = Vec::new();
    for n in 0..150 {
        let mut story = published(&format!("خبر رقم {n}"), news.id, "2026-01-05T08:00:00Z");
        if n % 7 == 3 {
            story.status = Status::Draft;
            story.published_at = None;
        }
        articles.push(store.create_article(ACTOR, &story).await.expect("create"));
    }
    let now = Utc::now();
    let expected = expected_files(&articles, now, 1);
    assert_eq!(expected.len(), 150 - 21, "a file for each published story");
    // A range first, summarised on its own, then the whole, then the range again, kept.
    let in_range = |range: RangeInclusive<u32>| -> Vec<SitemapFile> {
        expected
            .iter()
            .filter(|f| range.contains(&f.number))
            .copied()
            .collect()
    };
    assert_eq!(
        store.sitemap_files(now, 1, 40..=109).await.expect("range"),
        in_range(40..=109)
    );
    assert_eq!(
        store
            .sitemap_files(now, 1, EVERY_FILE)
            .await
            .expect("first"),
        expected
    );
    assert_eq!(
        store.sitemap_files(now, 1, EVERY_FILE).await.expect("kept"),
        expected
    );
    for range in [1..=1, 40..=109, 140..=1_000, 150..=150] {
        assert_eq!(
            store
                .sitemap_files(now, 1, range.clone())
                .await
                .expect("range"),
            in_range(range.clone()),
            "files {range:?}"
        );
    }
    // Past the newest id, backwards, or from 0: nothing beyond what exists.
    let newest = articles.last().expect("articles").id.0;
    let past = u32::try_from(newest + 1).expect("a file number");
    assert!(
        store
            .sitemap_files(now, 1, past..=past + 50)
            .await
            .expect("past")
            .is_empty()
    );
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = 60..=40;
    assert!(
        store
            .sitemap_files(now, 1, backwards)
            .await
            .expect("backwards")
            .is_empty()
    );
    assert_eq!(
        store.sitemap_files(now, 1, 0..=3).await.expect("from 0"),
        in_range(1..=3)
    );
    // The last file is the newest id's, visible or not.
    for per_file in [1, 7, 1_000] {
        assert_eq!(
            i64::from(store.last_sitemap_file(per_file).await.expect("last")),
            (newest - 1) / i64::from(per_file) + 1,
            "{per_file} ids a file"
        );
    }
}

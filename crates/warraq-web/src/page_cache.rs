//! Rendered pages and API responses kept in memory, keyed by request path and the query
//! the route reads, each in every form browsers ask for ([`PageForms`]: identity, gzip,
//! brotli) with what it shows ([`PageDeps`]).
//!
//! A page stays until a change touches it. The change-log follower works out what each
//! batch touches ([`changes::touch_of`]) and hands it to [`PageCache::invalidate`]: pages
//! showing an article that readers may no longer see go at once; the other touched pages
//! that were read recently are rendered again while the batch is applied ([`refresh`]),
//! served as they were meanwhile; the rest go. Once the node reports the batch applied,
//! no page it touched is left unrefreshed.
//!
//! A page rendered while a batch was being applied may show the state before it: each
//! render holds a [`Ticket`] (the position it started at), and a page whose render
//! started before a batch that touches it is served but not kept.
//!
//! Concurrent misses on one key wait for one render ([`PageCache::flight`]).
//!
//! The cache holds at most a memory budget (every form of every page counted, those made
//! after the page was kept too: [`FormsLedger`]); the least recently used pages go first.

pub mod changes;
pub mod deps;
pub mod purge;
pub mod query;
pub mod refresh;
pub mod touch;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::HeaderValue;

pub use self::deps::PageDeps;
pub use self::query::query_key;
pub use self::refresh::{RouterHook, refreshing};
use self::touch::{Mode, Touch};
use crate::page_forms::{Encoding, FormsLedger, PageForms};

/// How many bytes the kept pages may take, every form counted.
pub const MEMORY_BUDGET: usize = 64 * 1024 * 1024;
/// Pages larger than this (uncompressed) are not kept (they would crowd out many small
/// ones). An article sitemap of 1,000 URLs with long Arabic slugs, the largest page the
/// site makes, is about half of it.
const MAX_ENTRY_BYTES: usize = 1024 * 1024;
/// A touched page read within this is rendered again at once; one not read since is
/// dropped (its next reader renders it).
const HOT: Duration = Duration::from_secs(60);
/// At most this many pages are refreshed per batch, the most recently read first.
const MAX_REFRESH: usize = 256;
/// A page older than this is rendered again by its next reader, changed or not: what a
/// page shows without linking it (the search index's related suggestions) catches up.
const MAX_AGE: Duration = Duration::from_secs(300);
/// Batches remembered to judge pages whose render started before them.
const LOG_LEN: usize = 64;

/// Sitemaps and `robots.txt` are read by crawlers, every few minutes at most. A change
/// drops them; their next reader renders them, never the follower, whose batches must stay
/// short for readers' pages.
fn is_for_crawlers(key: &str) -> bool {
    key == "/sitemap.xml" || key == "/robots.txt" || key.starts_with("/sitemaps/")
}

/// A page as kept and served.
#[derive(Debug)]
pub struct Kept {
    pub page: Arc<PageForms>,
    /// Its `Surrogate-Key` header.
    pub surrogate: HeaderValue,
    /// Which render of this node made it (tells a page rendered again from one kept).
    pub serial: u64,
    rendered: Instant,
}

/// When a render started: pages rendered before a change that touches them are not kept.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    epoch: u64,
    seq: i64,
}

/// Waiting for the render of one key; `None` when that render was not a page to share
/// (a redirect, an error): each waiting request then renders on its own.
pub type Flight = tokio::sync::OnceCell<Option<Arc<Kept>>>;

#[derive(Debug)]
struct Entry {
    kept: Arc<Kept>,
    deps: PageDeps,
    /// The editors' picks of the page's article, once learned (see [`Touch::affects`]).
    related: Option<Arc<[i64]>>,
    /// When it was last used, on the cache's own clock (a key of `by_use`).
    used: u64,
    weight: usize,
    /// When a reader last got it.
    read: Instant,
    /// Touched by the batch being applied; served until it is rendered again.
    stale: bool,
}

#[derive(Debug, Default)]
struct Entries {
    pages: HashMap<String, Entry>,
    /// Keys by last use, the least recently used first.
    by_use: BTreeMap<u64, String>,
    clock: u64,
    bytes: usize,
    /// The latest batches applied (their position and touch), oldest first.
    log: VecDeque<(i64, Arc<Touch>)>,
    /// A render that started before this position is older than the log: not kept.
    log_floor: i64,
    /// Moves when everything is dropped (a rebuild): renders started before are not kept.
    epoch: u64,
    /// When the pages being refreshed were last read (a refresh is no reader).
    refreshing: HashMap<String, Instant>,
}

impl Entries {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn remove(&mut self, key: &str) -> Option<Entry> {
        let entry = self.pages.remove(key)?;
        self.by_use.remove(&entry.used);
        self.bytes -= entry.weight;
        entry.kept.page.detach();
        Some(entry)
    }

    /// Whether a page rendered with `ticket` that shows `deps` may be kept.
    fn keeps(&self, ticket: Ticket, deps: &PageDeps) -> bool {
        ticket.epoch == self.epoch
            && ticket.seq >= self.log_floor
            && !self
                .log
                .iter()
                .filter(|(up_to, _)| *up_to > ticket.seq)
                .any(|(_, touch)| touch.affects(deps, None).is_some())
    }
}

pub struct PageCache {
    budget: usize,
    entries: Mutex<Entries>,
    /// The compressed forms made of kept pages after they were kept.
    forms: Arc<FormsLedger>,
    flights: Mutex<HashMap<String, Arc<Flight>>>,
    renders: AtomicU64,
    router: OnceLock<RouterHook>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("budget", &self.budget)
            .field("pages", &self.len())
            .finish_non_exhaustive()
    }
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_budget(MEMORY_BUDGET)
    }
}

impl PageCache {
    /// A cache keeping at most `budget` bytes of pages.
    pub fn with_budget(budget: usize) -> Self {
        PageCache {
            budget,
            entries: Mutex::default(),
            forms: Arc::default(),
            flights: Mutex::default(),
            renders: AtomicU64::new(0),
            router: OnceLock::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The page kept under `key`, and whether it is stale (touched by the batch being
    /// applied, and being rendered again).
    pub fn get(&self, key: &str) -> Option<(Arc<Kept>, bool)> {
        let now = Instant::now();
        let mut entries = self.lock();
        let tick = entries.tick();
        let entry = entries.pages.get_mut(key)?;
        if !entry.stale && now.duration_since(entry.kept.rendered) > MAX_AGE {
            return None;
        }
        entry.read = now;
        let before = std::mem::replace(&mut entry.used, tick);
        let found = (entry.kept.clone(), entry.stale);
        if let Some(key) = entries.by_use.remove(&before) {
            entries.by_use.insert(tick, key);
        }
        Some(found)
    }

    /// A ticket for a render starting now, when the follower has applied up to `seq`.
    pub fn ticket(&self, seq: i64) -> Ticket {
        Ticket {
            epoch: self.lock().epoch,
            seq,
        }
    }

    /// Keeps `page`, rendered under `ticket` and showing `deps`, unless a batch applied
    /// since the render started touches it. Returns it as served, kept or not.
    pub fn put(
        &self,
        key: String,
        ticket: Ticket,
        page: Arc<PageForms>,
        deps: PageDeps,
    ) -> Arc<Kept> {
        let kept = Arc::new(Kept {
            surrogate: deps.surrogate_key(),
            serial: self.renders.fetch_add(1, Ordering::Relaxed) + 1,
            rendered: Instant::now(),
            page,
        });
        // The key is held twice (the map and the use order).
        let beside_page = 2 * key.len() + deps.weight() + kept.surrogate.len();
        let weight = kept.page.weight() + beside_page;
        if kept.page.identity().len() > MAX_ENTRY_BYTES || weight > self.budget {
            return kept;
        }
        let mut entries = self.lock();
        if !entries.keeps(ticket, &deps) {
            return kept;
        }
        // A page rendered again by the follower is as hot as it was, not more: pages
        // nobody reads stop being refreshed.
        let read = entries
            .refreshing
            .get(&key)
            .copied()
            .unwrap_or(kept.rendered);
        entries.remove(&key);
        while entries.bytes + self.forms.bytes() + weight > self.budget {
            let Some((_, oldest)) = entries.by_use.pop_first() else {
                break;
            };
            if let Some(entry) = entries.pages.remove(&oldest) {
                entries.bytes -= entry.weight;
                entry.kept.page.detach();
            }
        }
        // Counted from here by the ledger: forms its readers have made from now on.
        let weight = kept.page.attach(&self.forms) + beside_page;
        let used = entries.tick();
        entries.by_use.insert(used, key.clone());
        entries.bytes += weight;
        entries.pages.insert(
            key,
            Entry {
                kept: kept.clone(),
                deps,
                related: None,
                used,
                weight,
                read,
                stale: false,
            },
        );
        kept
    }

    /// Applies what the batch up to `up_to` touches: pages that must not be served are
    /// dropped, the others are marked stale. Returns the keys to render again (touched
    /// pages read recently, most recent first); [`PageCache::finish`] drops whatever
    /// is still stale after.
    pub fn invalidate(&self, up_to: i64, touch: Touch) -> Vec<String> {
        let touch = Arc::new(touch);
        let now = Instant::now();
        let mut entries = self.lock();
        entries.log.push_back((up_to, touch.clone()));
        while entries.log.len() > LOG_LEN {
            if let Some((seq, _)) = entries.log.pop_front() {
                entries.log_floor = seq;
            }
        }
        let mut hot = Vec::new();
        let mut dropped = Vec::new();
        for (key, entry) in entries.pages.iter_mut() {
            let Some(mode) = touch.affects(&entry.deps, entry.related.as_deref()) else {
                continue;
            };
            let is_hot = now.duration_since(entry.read) < HOT && !is_for_crawlers(key);
            if is_hot {
                hot.push((entry.read, key.clone()));
            }
            if mode == Mode::Drop || !is_hot {
                dropped.push(key.clone());
            } else {
                entry.stale = true;
            }
        }
        for key in &dropped {
            entries.remove(key);
        }
        hot.sort_by_key(|(read, _)| std::cmp::Reverse(*read));
        hot.truncate(MAX_REFRESH);
        entries.refreshing = hot.iter().map(|(read, key)| (key.clone(), *read)).collect();
        hot.into_iter().map(|(_, key)| key).collect()
    }

    /// Ends a batch: what is still stale (not rendered again in time, or no longer a
    /// page) goes.
    pub fn finish(&self) {
        let mut entries = self.lock();
        let stale: Vec<String> = entries
            .pages
            .iter()
            .filter(|(_, e)| e.stale)
            .map(|(k, _)| k.clone())
            .collect();
        for key in stale {
            entries.remove(&key);
        }
        entries.refreshing.clear();
    }

    /// The articles of kept article pages whose editors' picks are not known yet.
    pub fn unknown_related(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .lock()
            .pages
            .values()
            .filter(|e| e.related.is_none())
            .filter_map(|e| e.deps.subject)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Records the editors' picks of articles (an article not in `related` is known to
    /// relate to nothing: it was not found).
    pub fn learn_related(&self, asked: &[i64], related: &HashMap<i64, Vec<i64>>) {
        let mut entries = self.lock();
        let known: HashMap<i64, Arc<[i64]>> = asked
            .iter()
            .map(|id| {
                let ids = related.get(id).cloned().unwrap_or_default();
                (*id, Arc::from(ids))
            })
            .collect();
        for entry in entries.pages.values_mut() {
            if entry.related.is_none()
                && let Some(ids) = entry.deps.subject.and_then(|s| known.get(&s))
            {
                entry.related = Some(ids.clone());
            }
        }
    }

    /// The pages `touch` reaches through relations rather than keys (for purging).
    pub fn related_subjects(&self, touch: &Touch) -> Vec<i64> {
        let entries = self.lock();
        let mut ids: Vec<i64> = entries
            .pages
            .values()
            .filter_map(|e| {
                let subject = e.deps.subject?;
                let plain = PageDeps {
                    subject: None,
                    deps: e.deps.deps.clone(),
                };
                (touch.affects(&plain, None).is_none()
                    && touch.affects(&e.deps, e.related.as_deref()).is_some())
                .then_some(subject)
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Drops every page; renders under way are not kept (after a rebuild the position
    /// may even be lower).
    pub fn clear(&self) {
        let mut entries = self.lock();
        for entry in entries.pages.values() {
            entry.kept.page.detach();
        }
        let epoch = entries.epoch + 1;
        *entries = Entries {
            epoch,
            log_floor: i64::MIN,
            ..Entries::default()
        };
    }

    /// The flight of `key`: the first request renders, the others wait for it.
    pub fn flight(&self, key: &str) -> Arc<Flight> {
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(flight) = flights.get(key) {
            return flight.clone();
        }
        let flight = Arc::new(Flight::new());
        flights.insert(key.to_string(), flight.clone());
        flight
    }

    /// The render `flight` waited for is over (kept or not): later requests look in the
    /// cache again.
    pub fn land(&self, key: &str, flight: &Arc<Flight>) {
        let mut flights = self.flights.lock().unwrap_or_else(|p| p.into_inner());
        if flights.get(key).is_some_and(|f| Arc::ptr_eq(f, flight)) {
            flights.remove(key);
        }
    }

    /// Sets how to reach the node's routes for refreshing (once; later calls do nothing).
    pub fn hook_router(&self, make: impl FnOnce() -> RouterHook) {
        if self.router.get().is_none() {
            let _ = self.router.set(make());
        }
    }

    fn router(&self) -> Option<Router> {
        self.router.get().and_then(|hook| hook())
    }

    pub fn len(&self) -> usize {
        self.lock().pages.len()
    }

    /// The bytes the kept pages take, every form counted.
    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.lock().bytes + self.forms.bytes()
    }

    /// The compressed forms readers took of the page kept under `key` (made ahead when
    /// the follower renders it again); nothing when none is kept. Not a use of the page.
    pub fn made_forms(&self, key: &str) -> Vec<Encoding> {
        self.lock()
            .pages
            .get(key)
            .map(|entry| entry.kept.page.made())
            .unwrap_or_default()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use axum::body::Bytes;

    use super::deps::Dep;
    use super::*;

    fn page(text: &str) -> Arc<PageForms> {
        Arc::new(PageForms::with_forms(
            "text/html",
            Bytes::from(text.to_string()),
            SystemTime::now(),
            &[],
        ))
    }

    fn put(cache: &PageCache, key: &str, seq: i64, text: &str) -> Arc<Kept> {
        let deps = PageDeps::of(key, text, &[]);
        cache.put(key.into(), cache.ticket(seq), page(text), deps)
    }

    fn body(cache: &PageCache, key: &str) -> Option<Bytes> {
        cache.get(key).map(|(k, _)| k.page.identity().clone())
    }

    fn touching(dep: Dep, mode: Mode) -> Touch {
        let mut touch = Touch::default();
        touch.add(dep, mode);
        touch
    }

    #[test]
    fn a_change_drops_or_refreshes_only_the_pages_it_touches() {
        let cache = PageCache::default();
        put(&cache, "/", 1, r#"<a href="/article/1/a">"#);
        put(&cache, "/article/1/a", 1, "one");
        put(&cache, "/article/2/b", 1, "two");
        assert!(cache.get("/").is_some() && cache.get("/article/2/b").is_some());

        // Article 1 went offline: its page and the home page (read just now) go at once.
        let hot = cache.invalidate(2, touching(Dep::Article(1), Mode::Drop));
        assert_eq!(hot.len(), 2, "{hot:?}");
        assert!(body(&cache, "/").is_none());
        assert!(body(&cache, "/article/1/a").is_none());
        assert_eq!(
            body(&cache, "/article/2/b"),
            Some(Bytes::from_static(b"two"))
        );
        cache.finish();
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn a_refreshed_page_is_served_stale_until_rendered_again() {
        let cache = PageCache::default();
        let first = put(&cache, "/", 1, "home");
        cache.get("/");
        let hot = cache.invalidate(2, touching(Dep::Home, Mode::Refresh));
        assert_eq!(hot, vec!["/".to_string()]);
        let (served, stale) = cache.get("/").unwrap();
        assert!(stale);
        assert_eq!(served.serial, first.serial);
        // Rendered again as of the batch: kept, fresh.
        put(&cache, "/", 2, "new home");
        let (served, stale) = cache.get("/").unwrap();
        assert!(!stale);
        assert_eq!(served.page.identity(), &Bytes::from_static(b"new home"));
        cache.finish();
        assert_eq!(cache.len(), 1);

        // Not rendered again in time: gone when the batch ends.
        cache.invalidate(3, touching(Dep::Home, Mode::Refresh));
        cache.finish();
        assert!(cache.get("/").is_none());
    }

    #[test]
    fn a_change_drops_sitemaps_instead_of_rendering_them_again() {
        let cache = PageCache::default();
        for key in ["/", "/sitemap.xml", "/sitemaps/articles-1.xml"] {
            put(&cache, key, 1, key);
            cache.get(key);
        }
        let mut touch = Touch::default();
        touch.everything(Mode::Refresh);
        // All three were read just now; only the readers' page is rendered again.
        assert_eq!(cache.invalidate(2, touch), vec!["/".to_string()]);
        assert!(cache.get("/sitemap.xml").is_none());
        assert!(cache.get("/sitemaps/articles-1.xml").is_none());
        assert!(cache.get("/").is_some_and(|(_, stale)| stale));
    }

    #[test]
    fn a_page_rendered_before_a_change_that_touches_it_is_not_kept() {
        let cache = PageCache::default();
        let ticket = cache.ticket(1);
        cache.invalidate(2, touching(Dep::Article(5), Mode::Refresh));
        cache.finish();
        let shows = PageDeps::of("/", r#"<a href="/article/5/x">"#, &[]);
        cache.put("/".into(), ticket, page("old"), shows.clone());
        assert!(cache.get("/").is_none());
        // Another page, not touched by it, is kept.
        let other = PageDeps::of("/article/6/y", "six", &[]);
        cache.put("/article/6/y".into(), ticket, page("six"), other);
        assert!(cache.get("/article/6/y").is_some());
        // Rendered after the change: kept.
        cache.put("/".into(), cache.ticket(2), page("new"), shows);
        assert!(cache.get("/").is_some());
    }

    #[test]
    fn a_rebuild_drops_everything_and_renders_under_way() {
        let cache = PageCache::default();
        let ticket = cache.ticket(9);
        put(&cache, "/", 9, "home");
        cache.clear();
        assert!(cache.is_empty());
        cache.put("/".into(), ticket, page("old"), PageDeps::of("/", "", &[]));
        assert!(cache.is_empty());
    }

    #[test]
    fn pages_relating_to_an_article_that_appears_are_refreshed() {
        let cache = PageCache::default();
        put(&cache, "/article/2/b", 1, "two");
        put(&cache, "/article/3/c", 1, "three");
        cache.get("/article/2/b");
        cache.get("/article/3/c");
        assert_eq!(cache.unknown_related(), vec![2, 3]);
        cache.learn_related(&[2, 3], &HashMap::from([(2, vec![9])]));
        assert!(cache.unknown_related().is_empty());
        let mut touch = Touch::default();
        touch.relaters_of(9);
        assert_eq!(cache.related_subjects(&touch), vec![2]);
        assert_eq!(cache.invalidate(2, touch), vec!["/article/2/b".to_string()]);
    }

    /// A page of `words` words that compresses like prose, not like one line repeated
    /// (whose brotli form is a few dozen bytes, whatever its length).
    fn prose(seed: u64, words: usize) -> String {
        const WORDS: [&str; 12] = [
            "خبر",
            "عاجل",
            "من",
            "العاصمة",
            "وزير",
            "الاقتصاد",
            "أعلن",
            "اليوم",
            "عن",
            "خطة",
            "جديدة",
            "للنقل",
        ];
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut text = String::from("<p>");
        for i in 0..words {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            text.push_str(WORDS[(state >> 33) as usize % WORDS.len()]);
            text.push_str(&format!(" {} ", (state >> 40) % 1000));
            if i % 40 == 39 {
                text.push_str("</p>\n<p>");
            }
        }
        text + "</p>"
    }

    fn asking(accept: &'static str) -> axum::http::HeaderMap {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            axum::http::header::ACCEPT_ENCODING,
            HeaderValue::from_static(accept),
        );
        headers
    }

    #[test]
    fn forms_made_after_a_page_is_kept_count_against_the_budget() {
        let cache = PageCache::default();
        let text = prose(1, 2000);
        let kept = put(&cache, "/a", 1, &text);
        let kept_alone = cache.bytes();
        assert!(kept_alone >= kept.page.weight() + 2 * "/a".len());
        assert!(
            kept.page.made().is_empty(),
            "nothing compressed before it is asked"
        );

        kept.page.respond(&asking("gzip, br"));
        assert_eq!(kept.page.made(), vec![Encoding::Brotli]);
        let with_brotli = cache.bytes();
        assert!(with_brotli > kept_alone + 100, "the brotli form is counted");
        kept.page.respond(&asking("gzip, br"));
        assert_eq!(cache.bytes(), with_brotli, "a form is made once");
        kept.page.respond(&asking("gzip"));
        assert_eq!(kept.page.made(), vec![Encoding::Brotli, Encoding::Gzip]);
        assert!(
            cache.bytes() > with_brotli + 100,
            "the gzip form is counted"
        );
        assert!(cache.bytes() >= kept.page.weight() + 2 * "/a".len());

        // Dropped, the page leaves the count with its forms; a reader still holding it
        // may make another form, which no longer counts.
        let other = put(&cache, "/b", 1, &text);
        cache.clear();
        assert_eq!(cache.bytes(), 0);
        other.page.respond(&asking("br"));
        assert_eq!(other.page.made(), vec![Encoding::Brotli]);
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn forms_made_by_readers_make_room_at_the_next_page_kept() {
        let body = |i: usize| prose(i as u64, 2000);
        let probe = PageCache::default();
        put(&probe, "/p/0", 1, &body(0));
        let alone = probe.bytes();
        // Room for three pages without their forms.
        let budget = 3 * alone + alone / 2;
        let cache = PageCache::with_budget(budget);
        let kept: Vec<_> = (0..3)
            .map(|i| put(&cache, &format!("/p/{i}"), 1, &body(i)))
            .collect();
        assert_eq!(cache.len(), 3);
        for page in &kept {
            page.page.respond(&asking("br"));
            page.page.respond(&asking("gzip"));
        }
        assert!(
            cache.bytes() > budget,
            "forms made after keeping grew the pages"
        );
        put(&cache, "/p/3", 1, &body(3));
        assert!(cache.bytes() <= budget, "{} over {budget}", cache.bytes());
        assert!(
            cache.get("/p/0").is_none(),
            "the least recently used went first"
        );
        assert!(cache.get("/p/3").is_some());
    }

    #[test]
    fn a_page_rendered_again_knows_the_forms_readers_took() {
        let cache = PageCache::default();
        let text = "<p>خبر</p>".repeat(300);
        assert!(cache.made_forms("/a").is_empty(), "nothing kept");
        let kept = put(&cache, "/a", 1, &text);
        assert!(cache.made_forms("/a").is_empty());
        kept.page.respond(&asking("gzip"));
        assert_eq!(cache.made_forms("/a"), vec![Encoding::Gzip]);
        let again = PageForms::with_forms(
            "text/html",
            Bytes::from(text),
            SystemTime::now(),
            &cache.made_forms("/a"),
        );
        assert_eq!(again.made(), vec![Encoding::Gzip]);
    }

    #[test]
    fn the_budget_evicts_the_least_recently_used_page() {
        let body = |i: usize| format!("<p>صفحة رقم {i}</p>").repeat(200);
        let probe = PageCache::default();
        put(&probe, "/p/0", 1, &body(0));
        let weight = probe.bytes();
        let cache = PageCache::with_budget(3 * weight + weight / 2);
        for i in 0..3 {
            put(&cache, &format!("/p/{i}"), 1, &body(i));
        }
        assert_eq!(cache.len(), 3);
        // /p/0 is read, so /p/1 is now the least recently used.
        assert!(cache.get("/p/0").is_some());
        put(&cache, "/p/3", 1, &body(3));
        assert_eq!(cache.len(), 3);
        assert!(cache.get("/p/1").is_none());
        for kept in ["/p/0", "/p/2", "/p/3"] {
            assert!(cache.get(kept).is_some(), "{kept}");
        }
        assert!(cache.bytes() <= 3 * weight + weight / 2);
    }

    #[test]
    fn storing_a_key_again_replaces_it() {
        let cache = PageCache::default();
        put(&cache, "/a", 1, "one");
        let once = cache.bytes();
        put(&cache, "/a", 1, "two");
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.bytes(), once);
        assert_eq!(body(&cache, "/a"), Some(Bytes::from_static(b"two")));
    }
}

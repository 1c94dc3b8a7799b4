//! What one batch of the change log touches among kept pages, and how: a page that may
//! still be served while it is rendered again, or one that must go at once.

use std::collections::{BTreeSet, HashMap};

use super::deps::{ALL_KEY, Dep, PageDeps};

/// How a touched page is treated. Ordered: `Drop` wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// Still right by the visibility rule, only out of date (a correction, a new story
    /// missing from a list): served until its new rendering is ready.
    Refresh,
    /// May show something readers must no longer see (an article taken offline,
    /// deleted records): never served again.
    Drop,
}

/// The pages a batch touches.
#[derive(Debug, Default, Clone)]
pub struct Touch {
    deps: HashMap<Dep, Mode>,
    /// Every page (navigation, credits, bylines changed).
    everything: Option<Mode>,
    /// Every list of a section, tag or author (an article whose place before the change
    /// is unknown).
    every_scoped_list: Option<Mode>,
    /// Article pages whose article relates to one of these (editors' picks): a related
    /// article that became visible appears in them, and their page does not link it yet.
    relaters_of: BTreeSet<i64>,
    /// Article pages, other than its own, that link one of these: the article now
    /// before it in reading order may show another "next article".
    next_of: BTreeSet<i64>,
}

impl Touch {
    pub fn add(&mut self, dep: Dep, mode: Mode) {
        let kept = self.deps.entry(dep).or_insert(mode);
        *kept = (*kept).max(mode);
    }

    pub fn everything(&mut self, mode: Mode) {
        self.everything = self.everything.max(Some(mode));
    }

    pub fn every_scoped_list(&mut self, mode: Mode) {
        self.every_scoped_list = self.every_scoped_list.max(Some(mode));
    }

    pub fn relaters_of(&mut self, article: i64) {
        self.relaters_of.insert(article);
    }

    pub fn next_of(&mut self, article: i64) {
        self.next_of.insert(article);
    }

    pub fn is_empty(&self) -> bool {
        self.deps.is_empty()
            && self.everything.is_none()
            && self.every_scoped_list.is_none()
            && self.relaters_of.is_empty()
            && self.next_of.is_empty()
    }

    /// Whether related lists matter to this touch (they are learned before it is applied).
    pub fn needs_related(&self) -> bool {
        !self.relaters_of.is_empty()
    }

    /// How `page` is touched, if at all. `related` is the editors' picks of the page's
    /// article; unknown (`None`), the page is taken to relate to any article.
    pub fn affects(&self, page: &PageDeps, related: Option<&[i64]>) -> Option<Mode> {
        let mut mode = self.everything;
        for dep in &page.deps {
            mode = mode.max(self.deps.get(dep).copied());
            if dep.is_scoped_list() {
                mode = mode.max(self.every_scoped_list);
            }
        }
        if let Some(subject) = page.subject {
            let relates = !self.relaters_of.is_empty()
                && related.is_none_or(|ids| ids.iter().any(|id| self.relaters_of.contains(id)));
            let shows_next = self
                .next_of
                .iter()
                .any(|n| *n != subject && page.contains(&Dep::Article(*n)));
            if relates || shows_next {
                mode = mode.max(Some(Mode::Refresh));
            }
        }
        mode
    }

    /// The surrogate keys a CDN should purge for this touch; `related_pages` are the
    /// articles whose pages were touched through a relation (they have no key of their
    /// own in the touch).
    pub fn surrogate_keys(&self, related_pages: impl IntoIterator<Item = i64>) -> Vec<String> {
        // Lists of every section, tag or author have no common key.
        if self.everything.is_some() || self.every_scoped_list.is_some() {
            return vec![ALL_KEY.to_string()];
        }
        let mut keys: BTreeSet<String> = self.deps.keys().map(Dep::key).collect();
        keys.extend(related_pages.into_iter().map(|id| Dep::Article(id).key()));
        keys.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(subject: Option<i64>, deps: &[Dep]) -> PageDeps {
        let mut deps = deps.to_vec();
        deps.sort();
        PageDeps { subject, deps }
    }

    #[test]
    fn a_page_is_touched_by_what_it_shows_and_drop_wins() {
        let mut touch = Touch::default();
        touch.add(Dep::Article(1), Mode::Drop);
        touch.add(Dep::Home, Mode::Refresh);
        let home = page(None, &[Dep::Home, Dep::Article(1)]);
        assert_eq!(touch.affects(&home, None), Some(Mode::Drop));
        let other = page(Some(2), &[Dep::Article(2), Dep::Article(3)]);
        assert_eq!(touch.affects(&other, Some(&[])), None);
        touch.every_scoped_list(Mode::Refresh);
        let section = page(None, &[Dep::Section(4)]);
        assert_eq!(touch.affects(&section, None), Some(Mode::Refresh));
    }

    #[test]
    fn relaters_and_the_article_before_are_refreshed() {
        let mut touch = Touch::default();
        touch.relaters_of(7);
        let relates = page(Some(2), &[Dep::Article(2)]);
        assert_eq!(touch.affects(&relates, Some(&[7])), Some(Mode::Refresh));
        assert_eq!(touch.affects(&relates, Some(&[8])), None);
        assert_eq!(
            touch.affects(&relates, None),
            Some(Mode::Refresh),
            "unknown"
        );
        assert_eq!(touch.affects(&page(None, &[Dep::Lists]), None), None);

        let mut touch = Touch::default();
        touch.next_of(5);
        let before = page(Some(4), &[Dep::Article(4), Dep::Article(5)]);
        let own = page(Some(5), &[Dep::Article(5)]);
        assert_eq!(touch.affects(&before, Some(&[])), Some(Mode::Refresh));
        assert_eq!(touch.affects(&own, Some(&[])), None);
    }
}

//! Which computed lists may still be kept: a list worked out from the index as it was
//! before a change that touches it must not be written after that change was forgotten.
//!
//! Every forget is a generation with the articles it touched. A computation notes the
//! generation it started in; its list is kept only if no later generation touched its
//! article or any article in it. Only the latest generations are remembered: a
//! computation older than those is not kept at all (it is recomputed by a later page).

use std::collections::{HashSet, VecDeque};

/// Generations remembered.
const LOG_LEN: usize = 64;

#[derive(Debug, Default)]
pub(crate) struct Guard {
    generation: u64,
    /// The latest generations and the articles each touched, oldest first.
    log: VecDeque<(u64, HashSet<i64>)>,
    /// A computation that started before this generation is not kept.
    floor: u64,
}

impl Guard {
    /// The generation a computation starts in.
    pub(crate) fn current(&self) -> u64 {
        self.generation
    }

    /// A forget of `touched`: computations started before it that involve one of them
    /// are not kept.
    pub(crate) fn forget(&mut self, touched: HashSet<i64>) {
        self.generation += 1;
        self.log.push_back((self.generation, touched));
        while self.log.len() > LOG_LEN {
            if let Some((generation, _)) = self.log.pop_front() {
                self.floor = generation;
            }
        }
    }

    /// Everything is forgotten: no computation started before now is kept.
    pub(crate) fn forget_all(&mut self) {
        self.generation += 1;
        self.log.clear();
        self.floor = self.generation;
    }

    /// Whether the list `related` of `article`, computed from generation `started`, may
    /// be kept.
    pub(crate) fn keeps(&self, started: u64, article: i64, related: &[i64]) -> bool {
        started >= self.floor
            && !self.log.iter().any(|(generation, touched)| {
                *generation > started
                    && (touched.contains(&article) || related.iter().any(|r| touched.contains(r)))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_computed_before_a_forget_that_touches_it_is_not_kept() {
        let mut guard = Guard::default();
        let started = guard.current();
        guard.forget(HashSet::from([7]));
        assert!(!guard.keeps(started, 7, &[1, 2]), "its own article changed");
        assert!(
            !guard.keeps(started, 3, &[7]),
            "an article it lists changed"
        );
        assert!(guard.keeps(started, 3, &[1, 2]), "untouched");
        assert!(
            guard.keeps(guard.current(), 7, &[1]),
            "computed after the forget"
        );
    }

    #[test]
    fn a_computation_older_than_the_log_or_a_forget_all_is_not_kept() {
        let mut guard = Guard::default();
        let started = guard.current();
        for i in 0..=LOG_LEN as i64 {
            guard.forget(HashSet::from([1000 + i]));
        }
        assert!(!guard.keeps(started, 1, &[2]));
        let started = guard.current();
        guard.forget_all();
        assert!(!guard.keeps(started, 1, &[2]));
        assert!(guard.keeps(guard.current(), 1, &[2]));
    }
}

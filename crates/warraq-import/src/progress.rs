//! The progress bar of a long import, drawn on standard error. The command shows it only
//! when standard error is a terminal, so pipes, CI logs and tests get the report alone.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::report::Counts;

pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn hidden() -> Self {
        Self {
            bar: ProgressBar::hidden(),
        }
    }

    /// A bar over `files` inputs on standard error.
    pub fn visible(files: usize) -> Self {
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
        // The template is a constant; a bad one would only lose the styling.
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files  {msg}",
        ) {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(200));
        Self { bar }
    }

    pub fn file_done(&self, counts: &Counts) {
        self.bar.inc(1);
        self.bar.set_message(format!(
            "{} new, {} updated, {} unchanged, {} refused",
            counts.created, counts.updated, counts.unchanged, counts.refused
        ));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

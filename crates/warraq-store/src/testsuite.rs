//! The one test suite every storage backend runs (feature `testsuite`).
//!
//! Each case is a public async function taking `&dyn Store` that checks one behaviour on a
//! fresh, empty store. [`store_test_suite!`](crate::store_test_suite) turns them into one
//! `#[tokio::test]` per case, so a backend's `tests/suite.rs` is a few lines:
//!
//! ```ignore
//! warraq_store::store_test_suite!(async { MyFixture::new().await });
//! ```
//!
//! The expression is evaluated once per test and yields a [`StoreFixture`]: the store plus
//! whatever must be cleaned up after the test (a temporary folder, a schema).

use std::future::Future;

use crate::store::DynStore;

mod accounts;
mod articles;
mod audit;
mod catalog;
mod changes;
mod concurrency;
mod corrections;
mod fixtures;
mod listing;
mod media;
mod resolving;
mod revisions;
mod sitemaps;
mod visibility;
mod webhooks;

pub use accounts::*;
pub use articles::*;
pub use audit::*;
pub use catalog::*;
pub use changes::*;
pub use concurrency::*;
pub use corrections::*;
pub use listing::*;
pub use media::*;
pub use resolving::*;
pub use revisions::*;
pub use sitemaps::*;
pub use visibility::*;
pub use webhooks::*;

/// A fresh store for one test and how to dispose of it afterwards.
pub trait StoreFixture: Send + 'static {
    fn store(&self) -> DynStore;
    /// Runs after the test case, whether it passed or failed.
    fn teardown(self) -> impl Future<Output = ()> + Send;
}

/// A bare store needs no cleanup.
impl StoreFixture for DynStore {
    fn store(&self) -> DynStore {
        self.clone()
    }

    async fn teardown(self) {}
}

/// Runs `case` against the fixture's store, then tears the fixture down, then re-raises
/// the case's panic if it failed. Used by [`store_test_suite!`](crate::store_test_suite).
pub async fn run_case<F, C, Fut>(fixture: F, case: C)
where
    F: StoreFixture,
    C: FnOnce(DynStore) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let outcome = tokio::spawn(case(fixture.store())).await;
    fixture.teardown().await;
    if let Err(failure) = outcome {
        match failure.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(failure) => panic!("the test case did not finish: {failure}"),
        }
    }
}

/// Expands to one `#[tokio::test]` per case of the shared suite. `$fixture` is an
/// expression whose value is a future of a [`StoreFixture`] (an `async` block), evaluated
/// afresh for every test. The calling crate needs `tokio` (with `macros` and `rt`) among
/// its dev-dependencies.
#[macro_export]
macro_rules! store_test_suite {
    ($fixture:expr) => {
        $crate::store_test_suite!(@cases $fixture;
            seeding_is_idempotent_and_gives_the_default_sections_and_agencies,
            sections_are_found_by_id_and_slug_and_slugs_are_unique,
            section_parents_must_exist,
            agencies_are_upserted_by_code,
            people_are_found_or_created_once_by_normalised_name,
            bureaus_are_found_or_created_once_by_normalised_city,
            media_round_trips_and_is_found_by_source_url,
            media_updates_keep_the_id_and_creation_time,
            blobs_round_trip_and_a_missing_key_is_not_found,
            articles_round_trip_every_field,
            article_times_are_kept_to_the_microsecond,
            updates_bump_the_version_and_detect_conflicts,
            missing_articles_are_not_found,
            invalid_articles_are_rejected_naming_the_field,
            articles_by_ids_returns_those_that_exist,
            paging_covers_every_published_article_once_even_with_equal_times,
            a_page_that_ends_the_list_has_no_next_cursor,
            lists_filter_by_section_and_status,
            drafts_are_never_listed_as_published,
            count_articles_counts_every_status,
            headlines_are_found_ignoring_hamza_diacritics_and_digit_systems,
            upsert_by_key_creates_then_leaves_unchanged_then_updates_without_duplicates,
            redirects_point_old_paths_at_articles,
            every_write_appends_one_ordered_change_and_failed_writes_none,
            changes_since_pages_through_the_log,
            concurrent_writers_all_succeed_and_each_logs_once,
            resolving_gives_the_records_an_article_points_to_alone_or_in_a_list,
            scheduled_and_embargoed_articles_are_invisible_until_their_time,
            a_published_article_dated_ahead_is_stored_scheduled,
            articles_go_live_at_their_time_with_nobody_acting,
            concurrent_go_live_records_each_article_once,
            pictures_are_visible_only_while_a_visible_article_shows_them,
            a_body_picture_must_exist,
            each_save_adds_a_revision_with_who_and_the_whole_content,
            every_write_is_logged_with_its_actor,
            a_dropped_transaction_leaves_nothing_behind,
            pruning_keeps_recent_entries_and_the_newest,
            users_are_created_found_by_email_and_unique,
            user_changes_are_stored_and_audited_field_by_field,
            sessions_are_found_until_they_expire_and_slide_when_touched,
            logging_out_everywhere_and_disabling_an_account_end_its_sessions,
            tokens_act_as_their_user_until_revoked,
            the_last_use_of_a_token_never_moves_back,
            article_status_changes_are_audited_with_their_actor,
            the_audit_log_pages_newest_first_and_filters_by_subject,
            a_dropped_transaction_leaves_no_account_and_no_audit_entry,
            corrections_round_trip_in_order_and_are_kept_in_revisions,
            the_media_library_is_searched_by_folded_caption_credit_and_alt,
            media_searches_page_by_id,
            lists_filter_by_author_in_every_scope,
            webhook_endpoints_are_added_listed_and_removed_with_audit_entries,
            the_websub_hub_is_at_most_one_active_endpoint,
            a_webhook_batch_enqueues_announces_and_moves_the_position_together,
            due_deliveries_are_claimed_once_and_every_attempt_is_recorded,
            removing_an_endpoint_gives_up_what_waits_for_it,
            one_dispatcher_at_a_time_holds_the_webhook_lease,
            lists_filter_by_tag_slug_in_every_scope,
            people_are_found_by_slug_and_each_slug_is_one_persons,
            a_persons_photo_is_kept_and_seen_only_while_a_visible_article_names_them,
            sitemap_files_cut_visible_articles_by_id_and_show_no_hidden_one,
            an_empty_store_has_no_sitemap_file,
            a_sitemap_index_of_many_files_is_summarised_and_kept_whole,
        );
    };
    (@cases $fixture:expr; $($case:ident),* $(,)?) => {
        $(
            #[::tokio::test]
            async fn $case() {
                let fixture = $fixture.await;
                $crate::testsuite::run_case(fixture, |store: $crate::DynStore| async move {
                    $crate::testsuite::$case(&*store).await
                })
                .await;
            }
        )*
    };
}

//! Articles: reading, writing (with revisions, the pictures they show, their authors and
//! tags, and the change log), and the go-live of scheduled and embargoed ones.

mod go_live;
mod links;
mod read;
mod revisions;
mod row;
mod sitemap;
mod tags;
mod write;

pub(crate) use go_live::{any_go_live_due, record_go_live};
pub(crate) use read::{
    article, article_id_by_key, articles_by_ids, count_articles, find_articles_by_headline,
    list_articles, list_limit, list_sql, redirect,
};
pub(crate) use revisions::{revision, revisions};
pub(crate) use row::article_select;
pub(crate) use sitemap::{
    file_entries_sql, file_summary_sql, last_sitemap_file, sitemap_entries, sitemap_files,
};
pub(crate) use tags::index_pending_tags;
pub(crate) use tags::tag_slugs;
pub(crate) use write::{
    add_redirect, create_article, insert_article_row, update_article, upsert_article_by_key,
};

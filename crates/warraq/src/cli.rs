//! Command-line interface. Every option has an environment variable so the binary can be
//! configured the same way in a shell, a systemd unit or a container.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

use crate::store_options::StoreOptions;

#[derive(Debug, Parser)]
#[command(
    name = "warraq",
    version,
    about = "ورّاق: an Arabic-first news publishing platform"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the reader site and the content API.
    Serve(ServeArgs),
    /// Import wire text, ninjs or WordPress exports.
    Import(ImportCommand),
    /// Export every article as ninjs.
    Export(ExportCommand),
    /// Search the articles readers may see (the index in the data folder, caught up first).
    Search(SearchCommand),
    /// Rebuild the search index in the data folder from the store.
    Reindex(ReindexCommand),
    /// Newsroom accounts: add, list, set a password, disable.
    User(crate::accounts::UserCommand),
    /// API tokens acting as a newsroom account: create, list, revoke.
    Token(crate::accounts::TokenCommand),
    /// Webhook endpoints for article events: add, list, remove; the delivery log.
    Webhook(crate::webhooks::WebhookCommand),
    /// Fill an empty store with generated Arabic articles (for measuring at scale).
    Generate(crate::generate::GenerateCommand),
}

/// How the site presents itself.
#[derive(Debug, Clone, Args)]
pub struct SiteOptions {
    /// The site's name, shown in the header and in bylines (`«<name>» (<bureau>)`).
    #[arg(long, env = "WARRAQ_SITE_NAME", default_value = "ورّاق")]
    pub site_name: String,
    /// The public address of the site, used in absolute links (feeds, API `uri`, Open Graph).
    #[arg(long, env = "WARRAQ_BASE_URL", default_value = "http://127.0.0.1:8080")]
    pub base_url: String,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, env = "WARRAQ_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Fill an empty store with demo content.
    #[arg(long, env = "WARRAQ_DEMO")]
    pub demo: bool,
    /// The site's time zone as minutes east of UTC (180 = Riyadh, 120 = Cairo).
    #[arg(
        long,
        env = "WARRAQ_UTC_OFFSET_MINUTES",
        default_value_t = 180,
        allow_hyphen_values = true
    )]
    pub utc_offset_minutes: i32,
    /// How long change-log entries are kept, in hours. A node whose caches fall further
    /// behind (stopped or cut off longer than this) rebuilds them when it comes back.
    #[arg(
        long,
        env = "WARRAQ_CHANGE_LOG_RETENTION_HOURS",
        default_value_t = 168,
        value_parser = clap::value_parser!(u32).range(1..)
    )]
    pub change_log_retention_hours: u32,
    /// The share of one core, in per cent, spent working out articles' related articles
    /// before readers ask (after a publish or an edit, and for every article after a
    /// start or a rebuild of the search index, newest first); 0 leaves it to readers.
    #[arg(
        long,
        env = "WARRAQ_RELATED_AHEAD_PERCENT",
        default_value_t = warraq_web::DEFAULT_RELATED_AHEAD_PERCENT,
        value_parser = clap::value_parser!(u8).range(0..=100)
    )]
    pub related_ahead_percent: u8,
    /// A WebSub hub to ping (`hub.mode=publish&hub.url=<feed>`) when the site's and
    /// sections' RSS and Atom feeds change (publication, correction, unpublication).
    #[arg(long, env = "WARRAQ_WEBSUB_HUB")]
    pub websub_hub: Option<String>,
    /// What feed entries carry: `full` (the whole story, the default) or `excerpt` (the
    /// lede only, so that readers come to the page for the rest).
    #[arg(
        long,
        env = "WARRAQ_FEED_CONTENT",
        default_value = "full",
        value_parser = ["full", "excerpt"]
    )]
    pub feed_content: String,
    #[command(flatten)]
    pub store: StoreOptions,
    #[command(flatten)]
    pub site: SiteOptions,
}

#[derive(Debug, Args)]
pub struct ImportCommand {
    #[command(flatten)]
    pub store: StoreOptions,
    #[command(flatten)]
    pub site: SiteOptions,
    #[command(flatten)]
    pub import: warraq_import::ImportArgs,
}

#[derive(Debug, Args)]
pub struct ExportCommand {
    #[command(flatten)]
    pub store: StoreOptions,
    #[command(flatten)]
    pub site: SiteOptions,
    #[command(flatten)]
    pub export: warraq_import::ExportArgs,
}

#[derive(Debug, Args)]
pub struct SearchCommand {
    #[command(flatten)]
    pub store: StoreOptions,
    #[command(flatten)]
    pub site: SiteOptions,
    /// The site's time zone as minutes east of UTC, for the dates shown.
    #[arg(
        long,
        env = "WARRAQ_UTC_OFFSET_MINUTES",
        default_value_t = 180,
        allow_hyphen_values = true
    )]
    pub utc_offset_minutes: i32,
    /// Print the answer of `GET /api/v1/search` instead of lines for people.
    #[arg(long)]
    pub json: bool,
    /// How many hits to print (1 to 100).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: u32,
    /// What to search for (Arabic spelling variants, with or without `ال`, match).
    #[arg(required = true)]
    pub query: String,
}

#[derive(Debug, Args)]
pub struct ReindexCommand {
    #[command(flatten)]
    pub store: StoreOptions,
}

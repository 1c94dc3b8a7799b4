//! The `warraq` command: `serve` runs the site, `import` and `export` move news in and out,
//! `search` and `reindex` use the data folder's search index, `user` and `token` manage
//! newsroom accounts and API tokens.
//! `webhook` manages the endpoints that receive article events.
//! Errors reach the operator as one line naming what failed and why.

mod accounts;
mod cli;
mod generate;
mod search;
mod serve;
mod store_options;
mod webhooks;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            // `{:#}` prints the whole context chain on one line.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Serve(args) => serve::run(args).await.map(|()| ExitCode::SUCCESS),
        Command::Import(args) => {
            let store = if args.import.dry_run {
                None
            } else {
                Some(args.store.open().await?)
            };
            let report = warraq_import::run_import(
                store.as_deref(),
                &args.import,
                &args.site.base_url,
                &args.site.site_name,
            )
            .await?;
            Ok(if report.has_refusals() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Search(args) => search::search(args).await.map(|()| ExitCode::SUCCESS),
        Command::Reindex(args) => search::reindex(args).await.map(|()| ExitCode::SUCCESS),
        Command::User(args) => accounts::user(args).await.map(|()| ExitCode::SUCCESS),
        Command::Token(args) => accounts::token(args).await.map(|()| ExitCode::SUCCESS),
        Command::Webhook(args) => webhooks::webhook(args).await.map(|()| ExitCode::SUCCESS),
        Command::Generate(args) => generate::generate(args).await.map(|()| ExitCode::SUCCESS),
        Command::Export(args) => {
            let store = args.store.open().await?;
            warraq_import::run_export(
                store.as_ref(),
                &args.export,
                &args.site.base_url,
                &args.site.site_name,
            )
            .await?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("WARRAQ_LOG")
        .unwrap_or_else(|_| EnvFilter::new("warn,warraq=info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

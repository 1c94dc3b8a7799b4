//! `warraq serve`: open the store, optionally fill it with demo content, and serve the site
//! until Ctrl-C or SIGTERM, with the node's background tasks (change-log follower, go-live
//! scheduler, change-log retention). Several `serve` processes may share one PostgreSQL
//! database: each follows the change log, so they agree within a second.
//! The webhook dispatcher runs beside them; one node at a time sends.

use std::io::Write;

use anyhow::Context;
use tokio::net::TcpListener;
use warraq_web::{Node, NodeSettings, Pace, SiteConfig};

use crate::cli::ServeArgs;

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    // Bind first: a busy port is the most common start-up failure and costs nothing to find.
    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|e| bind_error(args.addr, e))?;
    let local = listener
        .local_addr()
        .context("cannot read the listening address")?;

    let store = args.store.open().await?;
    // Each node keeps its own index in its own data folder, even on a shared PostgreSQL.
    let index = crate::search::open_index(&args.store)?;
    store
        .seed_defaults()
        .await
        .context("cannot add the default sections")?;
    if args.demo {
        let report = warraq_demo::seed_demo(store.as_ref())
            .await
            .context("cannot add the demo content")?;
        if report.skipped {
            tracing::info!("demo content not added: the store already holds articles");
        } else {
            tracing::info!(
                articles = report.articles,
                media = report.media,
                "demo content added"
            );
        }
    }

    let site = SiteConfig {
        site_name: args.site.site_name.clone(),
        base_url: base_url_for(&args.site.base_url, args.addr, local),
        utc_offset_minutes: args.utc_offset_minutes,
        websub_hub: args.websub_hub.clone(),
        feed_content: args.feed_content.parse()?,
        ..SiteConfig::default()
    };
    let settings = NodeSettings {
        change_log_retention: chrono::Duration::hours(i64::from(args.change_log_retention_hours)),
        related_ahead: Pace::of_one_core(args.related_ahead_percent),
        ..NodeSettings::default()
    };
    let webhooks =
        crate::webhooks::start_dispatcher(&store, &site, args.websub_hub.as_deref()).await?;
    let node = Node::start_searching(store.clone(), site, settings, index).await?;

    // Tests and scripts read this line to learn the port when started with port 0.
    println!(
        "warraq listening on http://{local} ({} store)",
        store.backend()
    );
    if args.demo {
        crate::accounts::ensure_demo_accounts(&store, &format!("http://{local}/newsroom/login"))
            .await?;
    }
    std::io::stdout().flush().ok();

    // The client's address reaches handlers (login throttling per address).
    let app = axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
        std::net::SocketAddr,
    >(node.site());
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the server stopped with an error");
    node.stop().await;
    webhooks.stop().await;
    served
}

/// With the default base URL and another port (or port 0), links must point at the port
/// actually bound, or every absolute link of a test server would be wrong.
fn base_url_for(
    configured: &str,
    requested: std::net::SocketAddr,
    bound: std::net::SocketAddr,
) -> String {
    let configured = configured.trim_end_matches('/');
    if configured == "http://127.0.0.1:8080" && requested.port() != 8080 {
        format!("http://{bound}")
    } else {
        configured.to_string()
    }
}

fn bind_error(addr: std::net::SocketAddr, e: std::io::Error) -> anyhow::Error {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
            "cannot listen on {addr}: the port is already in use (another warraq or another program); choose another with --addr or WARRAQ_ADDR"
        ),
        std::io::ErrorKind::PermissionDenied => {
            anyhow::anyhow!(
                "cannot listen on {addr}: permission denied (ports below 1024 need privileges)"
            )
        }
        _ => anyhow::anyhow!("cannot listen on {addr}: {e}"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
